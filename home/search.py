"""Site search: what counts as a usable query, what is searched, and how results are described.

Only live, public pages of the current site are searched: the search backend
indexes pages, and nothing readers send us (callback requests, comments,
feedback) is a page or is indexed, so none of it can turn up here.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.utils.text import Truncator
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from .structured_data import plain_text

MAX_QUERY_LENGTH = 100
RESULTS_PER_PAGE = 10
SUMMARY_WORDS = 40

EMPTY = "empty"
TOO_LONG = "too_long"
NO_WORDS = "no_words"

# What a result says it is, by page type, in readers' words; any other type is a "Page",
# never its model's name.
DEFAULT_TYPE_LABEL = "Page"
TYPE_LABELS = {
    "blog.articlepage": "Article",
    "blog.articleindexpage": "Article list",
    "home.homepage": "Home page",
    "home.standardpage": "Page",
    "callbacks.callbackpage": "Help line",
}


@dataclass(frozen=True)
class CleanQuery:
    """The query as searched, or why it was not searched (`problem`)."""

    text: str
    problem: str = ""


def clean_query(raw: str | None) -> CleanQuery:
    """Strip control characters and spare spaces; refuse empty, over-long and wordless queries.

    Control characters (NUL among them, which PostgreSQL refuses in text) are
    dropped rather than passed to the database.
    """
    text = "".join(ch for ch in (raw or "") if unicodedata.category(ch)[0] != "C" or ch in " \t")
    text = " ".join(text.split())
    if not text:
        return CleanQuery(text="", problem=EMPTY)
    if len(text) > MAX_QUERY_LENGTH:
        return CleanQuery(text=text[:MAX_QUERY_LENGTH], problem=TOO_LONG)
    if not re.search(r"\w", text):
        return CleanQuery(text=text, problem=NO_WORDS)
    return CleanQuery(text=text)


@dataclass(frozen=True)
class SearchResult:
    page: Page
    title: str
    url: str
    summary: str
    type_label: str


def type_label(page: Page) -> str:
    """What kind of page a result is, in readers' words (content types come from Django's cache)."""
    content_type = ContentType.objects.get_for_id(page.content_type_id)
    return TYPE_LABELS.get(f"{content_type.app_label}.{content_type.model}", DEFAULT_TYPE_LABEL)


def summary(page: Page) -> str:
    """The page's search description, else its intro, as at most forty words of plain text."""
    text = page.search_description or plain_text(str(getattr(page, "intro", "") or ""))
    return Truncator(text).words(SUMMARY_WORDS, truncate="…")


def describe(page: Page, request) -> SearchResult:
    return SearchResult(
        page=page,
        title=page.title,
        url=page.get_url(request) or "",
        summary=summary(page),
        type_label=type_label(page),
    )


def promotions(query: str, site_root: Page) -> list[SearchPromotion]:
    """Editors' promoted results for the query, in their order: live pages of this site, and external links.

    Looked up without creating anything, unlike Query.get(): a query nobody
    promoted leaves no row behind.
    """
    picks = (
        SearchPromotion.objects.filter(query__query_string=normalise_query_string(query))
        .select_related("page")
        .order_by("sort_order", "pk")
    )
    return [
        pick
        for pick in picks
        if (pick.page is None and pick.external_link_url)
        or (pick.page is not None and pick.page.live and pick.page.path.startswith(site_root.path))
    ]


def search_terms(query: str) -> str:
    """The query's words alone, for the search backend.

    Quotes, brackets and operators mean different things to each backend (an
    unbalanced quote is a syntax error to SQLite's full-text search), so only
    the words are passed on: "back-pain "sciatica" -> "back pain sciatica".
    """
    return " ".join(re.findall(r"\w+", query))


def search_pages(query: str, site_root: Page, *, exclude_ids=()):
    """Live, public pages of the site matching the words of `query`, best match first, as their specific types."""
    pages = (
        Page.objects.live()
        .public()
        .descendant_of(site_root, inclusive=True)
        .exclude(pk__in=list(exclude_ids))
        .specific()
    )
    return pages.search(search_terms(query))


def paginate(results, page_number) -> PaginatorPage:
    return Paginator(results, RESULTS_PER_PAGE).get_page(page_number)
