"""JSON-LD on every page: the organisation and its help line, breadcrumbs, and FAQs that editors' text cannot break."""

import json
from datetime import time

import pytest
from bs4 import BeautifulSoup

from callbacks.blocks import WEEKDAY_KEYS
from callbacks.demo import opening_hours_value
from callbacks.models import HelpLineSettings
from home.structured_data import json_ld_script
from tests.home.factories import HELPLINE_NUMBER, StandardPageFactory, faq

NASTY_QUESTION = 'Is "rest" best? </script><script>alert("gotcha")</script> & <b>bold</b>'
NASTY_ANSWER = 'No: stay active & keep moving. </SCRIPT> "quoted"'


def json_ld(response) -> list[dict]:
    """Every JSON-LD entity on the page, from @graph documents and single ones alike."""
    soup = BeautifulSoup(response.content, "html.parser")
    nodes = []
    for script in soup.find_all("script", type="application/ld+json"):
        document = json.loads(script.string)
        assert document["@context"] == "https://schema.org"
        nodes.extend(document.get("@graph", [document]))
    return nodes


def of_type(nodes, schema_type: str) -> list[dict]:
    return [node for node in nodes if node.get("@type") == schema_type]


def test_the_escaping_keeps_text_from_closing_the_script_element():
    html = str(json_ld_script({"name": "</script><script>alert(1)</script> & <!--"}))

    assert html.count("<") == 2  # the element's own opening and closing tags
    assert "</script>" not in html[: -len("</script>")]
    payload = html[len('<script type="application/ld+json">') : -len("</script>")]
    assert json.loads(payload) == {"name": "</script><script>alert(1)</script> & <!--"}


def test_every_page_names_the_organisation_with_its_help_line_and_hours(home_page, client):
    for url in (home_page.url, "/search/?query=sleep", "/no-such-page/"):
        response = client.get(url)

        (organisation,) = of_type(json_ld(response), "Organization")
        assert organisation["name"] == "Sciaticalm"
        assert organisation["url"] == "http://localhost/"
        assert organisation["telephone"] == HELPLINE_NUMBER
        contact = organisation["contactPoint"]
        assert contact["telephone"] == HELPLINE_NUMBER
        assert contact["hoursAvailable"] == [
            {
                "@type": "OpeningHoursSpecification",
                "dayOfWeek": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"],
                "opens": "09:00",
                "closes": "17:00",
            },
            {"@type": "OpeningHoursSpecification", "dayOfWeek": ["Saturday"], "opens": "10:00", "closes": "13:00"},
        ], url


def test_the_opening_hours_follow_the_help_line_settings(home_page, client):
    HelpLineSettings.objects.create(
        helpline_number="0800 123 4567",
        opening_hours=opening_hours_value(
            [(day, time(8), time(20)) for day in WEEKDAY_KEYS[:2]] + [("sun", time(12), time(14))]
        ),
    )

    (organisation,) = of_type(json_ld(client.get(home_page.url)), "Organization")

    assert organisation["telephone"] == "0800 123 4567"
    assert [
        (spec["dayOfWeek"], spec["opens"], spec["closes"]) for spec in organisation["contactPoint"]["hoursAvailable"]
    ] == [
        (["Monday", "Tuesday"], "08:00", "20:00"),
        (["Sunday"], "12:00", "14:00"),
    ]


def test_a_page_has_its_breadcrumb_trail(home_page, client):
    parent = StandardPageFactory(parent=home_page, title="About us", slug="about-us")
    child = StandardPageFactory(parent=parent, title="Our team", slug="our-team")

    (breadcrumbs,) = of_type(json_ld(client.get(child.url)), "BreadcrumbList")

    assert breadcrumbs["itemListElement"] == [
        {"@type": "ListItem", "position": 1, "name": "Home", "item": "http://localhost/"},
        {"@type": "ListItem", "position": 2, "name": "About us", "item": "http://localhost/about-us/"},
        {"@type": "ListItem", "position": 3, "name": "Our team", "item": "http://localhost/about-us/our-team/"},
    ]


def test_the_home_page_has_no_breadcrumb_trail(home_page, client):
    assert of_type(json_ld(client.get(home_page.url)), "BreadcrumbList") == []


def test_a_standard_page_with_faqs_is_an_faq_page_and_editors_text_cannot_break_out(home_page, client):
    page = StandardPageFactory(
        parent=home_page,
        title="Help-line FAQ",
        slug="help-line-faq",
        body=[
            faq([(NASTY_QUESTION, NASTY_ANSWER.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))]),
            faq([("Who answers?", "A trained adviser.")], title="About the advisers"),
        ],
    )

    response = client.get(page.url)

    (faq_page,) = of_type(json_ld(response), "FAQPage")
    assert faq_page["url"] == "http://localhost/help-line-faq/"
    assert [(q["@type"], q["name"], q["acceptedAnswer"]["text"]) for q in faq_page["mainEntity"]] == [
        ("Question", NASTY_QUESTION, NASTY_ANSWER),
        ("Question", "Who answers?", "A trained adviser."),
    ]
    assert all(q["acceptedAnswer"]["@type"] == "Answer" for q in faq_page["mainEntity"])
    html = response.content.decode()
    assert "<script>alert" not in html, "the question's markup stayed text, in the page and in the JSON-LD"
    assert "\\u003C/script\\u003E\\u003Cscript\\u003Ealert" in html


def test_a_page_without_faqs_is_not_an_faq_page(home_page, client):
    page = StandardPageFactory(parent=home_page, slug="privacy")

    assert of_type(json_ld(client.get(page.url)), "FAQPage") == []


@pytest.mark.parametrize("url", ["/search/?query=sleep", "/no-such-page/"])
def test_pages_outside_the_tree_have_only_the_organisation(home_page, client, url):
    assert [node["@type"] for node in json_ld(client.get(url))] == ["Organization"]
