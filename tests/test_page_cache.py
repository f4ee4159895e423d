"""The page cache (home/page_cache*.py), on in the test settings as in production.

Anonymous readers get pages from the cache; everyone and everything else gets
them rendered. Publishing and settings changes make every kept page out of
date at once, but only once their transaction commits, and the header's
"open now" label is never kept past the time it stops being true.
"""

import datetime
import re

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from wagtail.models import Site

from blog.comments import comment_approve, comment_submit
from blog.models import PageFeedback
from home import page_cache
from home.models import SiteSettings
from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory, AuthorFactory
from tests.callbacks.booking_page import make_callback_page
from tests.home.factories import StandardPageFactory, editor_user, site_home_page

TOKEN_FIELD = re.compile(r'<input type="hidden" name="csrfmiddlewaretoken" value="([^"]*)"([^>]*)>')


@pytest.fixture
def home_page(db):
    return site_home_page()


@pytest.fixture
def article_index(home_page):
    return ArticleIndexPageFactory(parent=home_page)


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, tags=["sleep"])


def served_from(response) -> str | None:
    """ "hit", "miss" (rendered, and kept if it qualified), or None (the page cache stayed out of it)."""
    return response.get("X-Page-Cache")


def fetched_twice(client, url, **extra) -> tuple:
    return client.get(url, **extra), client.get(url, **extra)


# --- what is kept, and for whom ---------------------------------------------------------------


def test_a_reader_gets_the_second_view_from_the_cache_without_touching_the_database(
    client, article, django_assert_num_queries
):
    first = client.get(article.url)
    with django_assert_num_queries(0):
        second = client.get(article.url)

    assert (served_from(first), served_from(second)) == ("miss", "hit")
    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_each_page_of_a_listing_is_kept_apart(client, article_index):
    for _ in range(13):
        ArticlePageFactory(parent=article_index)

    first_page = client.get(article_index.url)
    second_page, second_again = fetched_twice(client, article_index.url + "?page=2")

    assert served_from(second_page) == "miss" and served_from(second_again) == "hit"
    assert second_page.content != first_page.content


@pytest.mark.parametrize("query", ["?utm_source=newsletter", "?page=2&page=3", "?page=1&sort=new"])
def test_any_other_query_string_is_rendered_every_time(client, article, query):
    first, second = fetched_twice(client, article.url + query)

    assert first.status_code == second.status_code == 200
    assert served_from(first) is None and served_from(second) is None


@pytest.mark.parametrize("number", ["3", "999999", "02", "-1", "x"])
def test_a_page_number_outside_the_listing_is_served_but_never_kept(client, article_index, number):
    for _ in range(13):  # two pages of twelve
        ArticlePageFactory(parent=article_index)

    first, second = fetched_twice(client, f"{article_index.url}?page={number}")

    assert first.status_code == second.status_code == 200
    assert (served_from(first), served_from(second)) == ("miss", "miss")
    assert not cache.get(page_cache.entry_key(second.wsgi_request)), "nothing stored under a new key"


def test_logged_in_editors_always_see_the_page_rendered(client, article):
    client.force_login(editor_user())

    first, second = fetched_twice(client, article.url)

    assert served_from(first) is None and served_from(second) is None


@pytest.mark.parametrize("cookie", ["sessionid", "messages"])
def test_a_reader_with_a_session_or_a_message_waiting_is_served_fresh(client, article, cookie):
    client.cookies[cookie] = "something"

    assert served_from(client.get(article.url)) is None


def test_posts_and_the_admin_are_left_alone(client, article, home_page):
    assert served_from(client.post(article.url + "feedback/", {"feedback-helpful": "yes"})) is None
    assert served_from(client.get("/admin/login/")) is None
    assert served_from(client.get("/search/?query=sleep")) is None


def test_a_page_not_found_is_not_kept(client, home_page):
    first, second = fetched_twice(client, "/no-such-page/")

    assert first.status_code == second.status_code == 404
    assert served_from(second) == "miss"


def test_the_callback_page_which_carries_a_csrf_token_is_never_kept(client, db):
    callback_page = make_callback_page()

    first, second = fetched_twice(client, callback_page.url)

    assert (served_from(first), served_from(second)) == ("miss", "miss")
    assert TOKEN_FIELD.search(second.content.decode()).group(1), "the booking form has its token in the HTML"
    assert "no-cache" in second["Cache-Control"]


# --- forms on kept pages ---------------------------------------------------------------------


def test_a_kept_article_carries_no_csrf_token_and_its_forms_fetch_one(article):
    reader = Client(enforce_csrf_checks=True)
    reader.get(article.url)
    kept = reader.get(article.url)

    assert served_from(kept) == "hit"
    fields = TOKEN_FIELD.findall(kept.content.decode())
    assert len(fields) == 2, "the reply form and the feedback form"
    assert all(value == "" and 'data-csrf-token-url="/forms/token/"' in rest for value, rest in fields)
    assert "csrftoken" not in kept.cookies
    assert "js/form-token" in kept.content.decode()

    token = reader.get("/forms/token/")
    assert token["Cache-Control"].startswith("max-age=0")
    posted = reader.post(
        article.url + "feedback/", {"feedback-helpful": "yes", "csrfmiddlewaretoken": token.json()["token"]}
    )

    assert posted.status_code == 302
    assert PageFeedback.objects.filter(article=article, helpful=True).count() == 1


def test_without_javascript_the_form_comes_back_with_a_token_after_one_refusal(article):
    reader = Client(enforce_csrf_checks=True)
    reader.get(article.url)

    refused = reader.post(
        article.url + "feedback/", {"feedback-helpful": "yes"}, HTTP_REFERER=f"http://testserver{article.url}"
    )

    assert refused.status_code == 403
    html = refused.content.decode()
    assert "Please send the form again" in html and "Nothing you typed has been saved" in html
    retry_url = re.search(r'<a href="([^"]+)">Go back to the form</a>', html).group(1)
    assert retry_url == article.url + "?retry=1"
    assert not PageFeedback.objects.exists()

    fresh = reader.get(retry_url)
    assert served_from(fresh) is None
    token = TOKEN_FIELD.search(fresh.content.decode()).group(1)
    assert token
    sent = reader.post(article.url + "feedback/", {"feedback-helpful": "yes", "csrfmiddlewaretoken": token})
    assert sent.status_code == 302
    assert PageFeedback.objects.count() == 1


# --- invalidation ----------------------------------------------------------------------------


@pytest.fixture
def kept_then(client, django_capture_on_commit_callbacks):
    """kept_then(url, change): fetch `url` until it is kept, make `change` in a transaction,
    check nothing was renewed before the commit, and return the next answer after it."""

    def fetch_change_fetch(url, change):
        client.get(url)
        assert served_from(client.get(url)) == "hit"
        before = page_cache.content_version()
        with django_capture_on_commit_callbacks(execute=True):
            change()
            assert page_cache.content_version() == before, "nothing is renewed before the commit"
        assert page_cache.content_version() != before, "the commit renews the content version"
        return client.get(url)

    return fetch_change_fetch


def test_a_change_rolled_back_renews_nothing(client, article, django_capture_on_commit_callbacks):
    client.get(article.url)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.title = "A title that was never committed"
        article.save_revision().publish()

    assert callbacks, "the publish scheduled its invalidation for the commit"
    assert served_from(client.get(article.url)) == "hit"


def test_publishing_a_page_renews_every_kept_page(client, article, article_index, kept_then):
    def publish_new_title():
        article.title = "Sleeping well with sciatica"
        article.save_revision().publish()

    after = kept_then(article_index.url, publish_new_title)

    assert served_from(after) == "miss"
    assert "Sleeping well with sciatica" in after.content.decode()


def test_unpublishing_a_page_takes_it_out_at_once(client, article, kept_then):
    after = kept_then(article.url, article.unpublish)

    assert after.status_code == 404


def test_moving_a_page_renews_the_menus_that_show_it(client, home_page, kept_then):
    about = StandardPageFactory(parent=home_page, title="About the help line", show_in_menus=True)
    other = StandardPageFactory(parent=home_page, title="Our volunteers", show_in_menus=True)

    after = kept_then(home_page.url, lambda: other.move(about, pos="last-child"))

    assert served_from(after) == "miss"
    menu = re.search(r'<nav class="main-nav".*?</nav>', after.content.decode(), re.S).group(0)
    assert "About the help line" in menu and "Our volunteers" not in menu


def test_deleting_a_page_renews_every_kept_page(client, article, article_index, kept_then):
    after = kept_then(article_index.url, article.delete)

    assert article.title not in after.content.decode()


def test_saving_the_site_settings_renews_every_kept_page(client, article, kept_then):
    def new_disclaimer():
        settings = SiteSettings.objects.get(site=Site.objects.get(is_default_site=True))
        settings.disclaimer = "<p>Talk to your GP before starting any exercise.</p>"
        settings.save()

    after = kept_then(article.url, new_disclaimer)

    assert "Talk to your GP before starting any exercise." in after.content.decode()


def test_saving_the_help_line_settings_renews_every_kept_page(client, article, kept_then):
    from callbacks.models import HelpLineSettings

    def new_number():
        HelpLineSettings.objects.update_or_create(
            pk=HelpLineSettings.load().pk, defaults={"helpline_number": "0800 123 4567"}
        )

    after = kept_then(article.url, new_number)

    assert "0800 123 4567" in after.content.decode()


def test_an_approved_comment_appears_at_once_but_one_waiting_for_moderation_changes_nothing(
    client, article, django_capture_on_commit_callbacks
):
    client.get(article.url)
    version = page_cache.content_version()
    with django_capture_on_commit_callbacks(execute=True):
        comment = comment_submit(article=article, name="Sam", email="sam@example.com", body="This helped me a lot.")

    assert page_cache.content_version() == version
    assert served_from(client.get(article.url)) == "hit"

    with django_capture_on_commit_callbacks(execute=True):
        comment_approve(comment=comment, user=editor_user())
    after = client.get(article.url)

    assert served_from(after) == "miss"
    assert "This helped me a lot." in after.content.decode()


def test_renaming_an_author_renews_the_articles_that_credit_them(client, article_index, kept_then):
    author = AuthorFactory(name="Dr Ana Lopes")
    article = ArticlePageFactory(parent=article_index, authors=[author])

    def rename():
        author.name = "Dr Ana Lopes-Grey"
        author.save()

    after = kept_then(article.url, rename)

    assert "Dr Ana Lopes-Grey" in after.content.decode()


def test_a_preview_shows_the_draft_not_the_kept_fragments(client, article):
    client.get(article.url)
    article.title = "A draft title nobody has published"

    preview = article.make_preview_request()

    assert "A draft title nobody has published" in preview.content.decode()


# --- the "open now" label --------------------------------------------------------------------


LONDON = datetime.UTC  # in November London keeps GMT


@pytest.mark.parametrize("minutes_left", [1, 4])  # both under PAGE_CACHE_SECONDS
def test_a_page_saying_open_now_is_kept_only_until_closing_time(client, home_page, minutes_left):
    closing = datetime.datetime(2026, 11, 23, 17, 0, tzinfo=LONDON)  # a Monday; default hours 09:00-17:00
    with time_machine.travel(closing - datetime.timedelta(minutes=minutes_left), tick=False) as clock:
        open_now = client.get(home_page.url)
        assert open_now.wsgi_request.page_cache_expires_at == closing
        assert served_from(client.get(home_page.url)) == "hit"
        assert "helpline-status is-open" in open_now.content.decode()

        clock.move_to(closing + datetime.timedelta(seconds=5))
        after_closing = client.get(home_page.url)

    assert served_from(after_closing) == "miss"
    assert "helpline-status is-open" not in after_closing.content.decode()


def test_pages_are_kept_no_longer_than_page_cache_seconds(client, home_page, settings):
    settings.PAGE_CACHE_SECONDS = 60
    saturday_night = datetime.datetime(2026, 11, 21, 22, 0, tzinfo=LONDON)  # closed until Monday 09:00
    with time_machine.travel(saturday_night, tick=False) as clock:
        client.get(home_page.url)
        clock.shift(59)
        assert served_from(client.get(home_page.url)) == "hit"
        clock.shift(2)
        assert served_from(client.get(home_page.url)) == "miss"


def test_the_version_survives_a_flushed_cache_without_serving_old_pages(client, article):
    client.get(article.url)
    cache.delete(page_cache.VERSION_KEY)

    assert served_from(client.get(article.url)) == "miss"
