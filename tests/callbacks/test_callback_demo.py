"""The callbacks app's demo content: help-line settings, the callback page, and the links that lead to it."""

from io import StringIO

import pytest
from django.core.management import call_command

from blog.models import ArticlePage
from callbacks import demo
from callbacks.models import CallbackPage, HelpLineSettings
from home.models import HomePage
from tests.home.factories import tree_root


def load_demo_content() -> str:
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_site(db):
    tree_root()
    return load_demo_content()


def test_the_demo_adds_the_callback_page_and_opening_hours(demo_site):
    page = CallbackPage.objects.get()
    home = HomePage.objects.get()
    assert page.slug == "request-a-callback"
    assert page.live and page.show_in_menus
    assert page.get_parent().pk == home.pk
    settings = HelpLineSettings.objects.get()
    rules = settings.rules()
    assert settings.helpline_number == "02380 248725"
    assert {(r.weekday, f"{r.opens:%H:%M}", f"{r.closes:%H:%M}", r.capacity) for r in rules.opening_hours} == {
        *((day, "09:00", "13:00", 4) for day in range(5)),
        *((day, "13:00", "17:00", 2) for day in range(5)),
        (5, "10:00", "13:00", None),
    }
    assert {f"{day:%Y-%m-%d}" for day in rules.closures} >= {"2026-12-25", "2026-12-26", "2027-01-01"}
    assert settings.consent_text == demo.CONSENT_TEXT
    assert "Created the page “Request a callback”" in demo_site


def test_the_home_page_and_the_second_article_lead_to_the_callback_page(demo_site):
    page = CallbackPage.objects.get()

    assert HomePage.objects.get().callback_page_id == page.pk
    ctas = [
        block.value["page"].pk
        for article in ArticlePage.objects.all()
        for block in article.body
        if block.block_type == "callback_cta"
    ]
    assert ctas == [page.pk]


def test_a_second_run_changes_nothing(demo_site):
    assert demo.load(stdout=StringIO()) == []
    assert "nothing changed" in load_demo_content()
    assert CallbackPage.objects.count() == HelpLineSettings.objects.count() == 1


def test_the_callback_page_renders_from_the_demo(demo_site, client):
    response = client.get(CallbackPage.objects.get().url)

    assert response.status_code == 200
    assert "First available" in response.content.decode()
