"""Site search: finds pages by their words, puts editors' picks first, and answers any query without an error."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction

from callbacks.booking.consent import consent_version_for
from callbacks.models import CallbackRequest, CallbackSlot, Topic
from home import search as site_search
from home.search import MAX_QUERY_LENGTH, RESULTS_PER_PAGE, clean_query
from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.home.factories import StandardPageFactory, UserFactory, paragraph

SEARCH = "/search/"


def soup_of(response) -> BeautifulSoup:
    return BeautifulSoup(response.content, "html.parser")


def results(response) -> list[tuple[str, str, str]]:
    """(type, title, summary) of each ordinary result."""
    found = []
    for item in soup_of(response).select(".search-found .search-result"):
        summary = item.select_one(".search-result-summary")
        found.append(
            (
                item.select_one(".search-result-type").get_text(strip=True),
                item.select_one(".search-result-title").get_text(strip=True),
                summary.get_text(strip=True) if summary else "",
            )
        )
    return found


@pytest.fixture
def article_index(home_page):
    return ArticleIndexPageFactory(parent=home_page)


def test_every_page_has_a_labelled_search_box_in_the_header(home_page, client):
    form = soup_of(client.get(home_page.url)).select_one("header form[role=search]")

    assert form["action"] == SEARCH
    assert form["method"] == "get"
    field = form.find("input", attrs={"name": "query"})
    assert form.find("label", attrs={"for": field["id"]}).get_text(strip=True) == "Search this site"


def test_an_article_is_found_by_a_word_from_its_body(article_index, client):
    ArticlePageFactory(
        parent=article_index,
        title="Sleeping well",
        intro="Rest that helps your back.",
        body=[paragraph("A pillow between the knees keeps the spine aligned overnight.")],
    )
    ArticlePageFactory(parent=article_index, title="Driving", body=[paragraph("Take a break every hour.")])

    response = client.get(SEARCH, {"query": "pillow"})

    assert response.status_code == 200
    assert results(response) == [("Article", "Sleeping well", "Rest that helps your back.")]
    assert soup_of(response).find("h1").get_text() == "Search results for “pillow”"


def test_results_say_what_kind_of_page_each_is(home_page, article_index, client):
    StandardPageFactory(parent=home_page, title="About the help line", intro="Who answers the phone.")
    ArticlePageFactory(parent=article_index, title="Help line tips", intro="Getting the most from a call.")

    found = results(client.get(SEARCH, {"query": "help line"}))

    assert sorted((kind, title) for kind, title, _summary in found) == [
        ("Article", "Help line tips"),
        ("Page", "About the help line"),
    ]


def test_a_page_type_without_a_reader_label_is_a_page_never_its_model_name(
    home_page, article_index, client, monkeypatch
):
    monkeypatch.delitem(site_search.TYPE_LABELS, "blog.articlepage")
    ArticlePageFactory(parent=article_index, title="Help line tips", intro="Getting the most from a call.")

    found = results(client.get(SEARCH, {"query": "help line"}))

    assert [(kind, title) for kind, title, _summary in found] == [("Page", "Help line tips")]


def test_drafts_and_private_pages_are_never_found(home_page, article_index, client):
    draft = ArticlePageFactory(parent=article_index, title="Sciatica draft", live=False)
    private = StandardPageFactory(parent=home_page, title="Sciatica staff notes")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    ArticlePageFactory(parent=article_index, title="Sciatica explained")

    titles = [title for _kind, title, _summary in results(client.get(SEARCH, {"query": "sciatica"}))]

    assert "Sciatica explained" in titles
    assert draft.title not in titles
    assert private.title not in titles


def test_callback_requests_never_appear_in_search(home_page, article_index, client):
    ArticlePageFactory(parent=article_index, title="Zebedee and back pain")
    start = timezone.now() + datetime.timedelta(days=1)
    slot = CallbackSlot.objects.create(start=start, end=start + datetime.timedelta(minutes=30), capacity=4, booked=1)
    CallbackRequest.objects.create(
        name="Zebedee Quixote",
        phone="+447911123456",
        slot=slot,
        slot_start=slot.start,
        slot_end=slot.end,
        topic=Topic.SCIATICA,
        note="Quixote's pain down the left leg",
        consent_version=consent_version_for(text="I agree.", now=timezone.now()),
        consented_at=timezone.now(),
    )

    for query in ("Quixote", "Zebedee Quixote", "+447911123456", "left leg"):
        found = soup_of(client.get(SEARCH, {"query": query})).select_one(".search-found")
        listed = " ".join(item.get_text() for item in found.select(".search-result"))
        assert "Quixote" not in listed, query
        assert "+447911123456" not in listed, query


def test_editors_promoted_results_come_first(home_page, article_index, client):
    promoted = StandardPageFactory(parent=home_page, title="Our exercise videos", intro="Watch and follow along.")
    ArticlePageFactory(parent=article_index, title="Exercise for sciatica")
    query = Query.objects.create(query_string="exercise")
    SearchPromotion.objects.create(query=query, page=promoted, description="Start here.", sort_order=0)
    SearchPromotion.objects.create(
        query=query, external_link_url="https://www.nhs.uk/", external_link_text="NHS exercises", sort_order=1
    )

    response = client.get(SEARCH, {"query": "Exercise"})

    soup = soup_of(response)
    picks = [
        item.select_one(".search-result-title").get_text(strip=True) for item in soup.select(".search-promotions li")
    ]
    assert picks == ["Our exercise videos", "NHS exercises"]
    assert soup.select(".search-promotions li")[0].select_one(".search-result-summary").get_text() == "Start here."
    assert [title for _kind, title, _summary in results(response)] == ["Exercise for sciatica"]
    first_section = soup.select("main section")[0]
    assert "search-promotions" in first_section["class"]


def test_a_search_with_no_promotions_leaves_no_query_behind(article_index, client):
    client.get(SEARCH, {"query": "nothing matches this"})

    assert not Query.objects.exists()


def test_results_come_a_page_at_a_time(article_index, client):
    for n in range(RESULTS_PER_PAGE + 3):
        ArticlePageFactory(parent=article_index, title=f"Posture tip {n}")

    first = client.get(SEARCH, {"query": "posture"})
    second = client.get(SEARCH, {"query": "posture", "page": "2"})
    beyond = client.get(SEARCH, {"query": "posture", "page": "99"})

    assert len(results(first)) == RESULTS_PER_PAGE
    assert len(results(second)) == 3
    assert len(results(beyond)) == 3, "a page number past the end shows the last page"
    nav = soup_of(first).select_one("nav.pagination-nav")
    assert nav.find("a", rel="next")["href"] == "?query=posture&page=2"


def test_nothing_found_gets_suggestions_and_the_help_line(article_index, client):
    response = client.get(SEARCH, {"query": "xylophone"})

    assert response.status_code == 200
    help_text = " ".join(soup_of(response).select_one(".search-help").get_text().split())
    assert "We couldn’t find anything for “xylophone”" in help_text
    assert "call our help line" in help_text


@pytest.mark.parametrize(
    ("params", "advice"),
    [
        ({}, "Type a word or two"),
        ({"query": ""}, "Type a word or two"),
        ({"query": "   "}, "Type a word or two"),
        ({"query": "\x00\x01\x02"}, "Type a word or two"),
        ({"query": "!!! ??? ***"}, "We couldn’t find any words"),
        ({"query": "&|!():*<>'\""}, "We couldn’t find any words"),
        ({"query": "sciatica " * 30}, "too long"),
        ({"query": "x" * 5000}, "too long"),
    ],
)
def test_empty_junk_and_very_long_queries_get_a_helpful_page(home_page, client, params, advice):
    response = client.get(SEARCH, params)

    assert response.status_code == 200
    assert advice in soup_of(response).select_one("#search-problem").get_text()
    assert soup_of(response).select_one(".search-page-form input[name=query]") is not None


@pytest.mark.parametrize(
    "query",
    [
        'sciatica "unbalanced',
        "back AND OR NOT pain",
        "pain:*",
        "sciatica\x00pain",
        "%_\\",
        "((((pain",
        "日本語 の テスト",
        "pain -sciatica +back",
        "'; DROP TABLE wagtailcore_page; --",
    ],
)
def test_awkward_queries_are_searched_without_an_error(article_index, client, query):
    ArticlePageFactory(parent=article_index, title="Back pain and sciatica")

    response = client.get(SEARCH, {"query": query, "page": "abc"})

    assert response.status_code == 200


def test_clean_query_drops_control_characters_and_spare_spaces():
    assert clean_query("  back \x00 pain\n").text == "back pain"
    assert clean_query("a" * (MAX_QUERY_LENGTH + 1)).problem == "too_long"


def test_editors_manage_promoted_results_in_the_admin(home_page, client):
    client.force_login(UserFactory(is_superuser=True))

    assert client.get("/admin/searchpicks/").status_code == 200
