"""A reader who arrives while an editor's change is still uncommitted never pins the old page.

Each test opens the writer's transaction, makes one change, and then, before
the commit, lets a reader in another thread (its own database connection)
fetch the page: that reader still sees the old rows, and the page cache keeps
what it rendered. Once the writer commits, the next reader must get the new
content. Invalidating before the commit (in post_save, say) fails these tests:
the old page would be kept under the new content version.

The reader runs inside the writer's open transaction, so the database must let
it read meanwhile: PostgreSQL does, and so does SQLite in a database file in WAL
mode (in-memory SQLite locks whole tables across connections), hence the marker:
`.ci/run` runs these on SQLite with SQLITE_TEST_FILE set (config/settings/test.py).
"""

import threading

import pytest
from django.db import connection, transaction
from django.test import Client
from wagtail.models import Site

from blog.comments import comment_approve, comment_submit
from home.models import SiteSettings
from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory, AuthorFactory
from tests.home.factories import StandardPageFactory, editor_user, site_home_page

pytestmark = [pytest.mark.concurrent_readers, pytest.mark.django_db(transaction=True)]


def read_in_another_thread(url: str):
    """GET `url` as an anonymous reader from a thread of its own, and wait for the answer."""
    answers = []

    def reader():
        try:
            answers.append(Client().get(url))
        finally:
            connection.close()

    thread = threading.Thread(target=reader)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive(), "the reader hung"
    return answers[0]


def change_while_a_reader_reads(url: str, change) -> tuple:
    """Make `change` in a transaction with a reader fetching `url` before it commits.

    Returns (what that reader got, what the next reader gets after the commit)."""
    with transaction.atomic():
        change()
        during = read_in_another_thread(url)
    after = read_in_another_thread(url)
    return during, after


@pytest.fixture
def home_page():
    """The site with its settings saved once, as on a live site.

    Otherwise the reader's own render would create them (Wagtail's settings lookup does
    get_or_create), and that save would renew the cache for reasons of its own.
    """
    from django.apps import apps

    home = site_home_page()
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.get_or_create(site=site)
    apps.get_model("callbacks", "HelpLineSettings").objects.get_or_create()
    return home


@pytest.fixture
def article_index(home_page):
    return ArticleIndexPageFactory(parent=home_page)


@pytest.fixture
def article(article_index):
    return ArticlePageFactory(parent=article_index, title="Sleeping with sciatica")


def text(response) -> str:
    return response.content.decode()


def test_publish(article):
    def publish_new_title():
        article.title = "Sleeping well with sciatica"
        article.save_revision().publish()

    during, after = change_while_a_reader_reads(article.url, publish_new_title)

    assert "Sleeping well with sciatica" not in text(during), "the reader saw the committed page"
    assert during["X-Page-Cache"] == "miss"
    assert "Sleeping well with sciatica" in text(after)


def test_unpublish(article):
    url = article.url

    during, after = change_while_a_reader_reads(url, article.unpublish)

    assert during.status_code == 200
    assert after.status_code == 404


def test_move(home_page):
    about = StandardPageFactory(parent=home_page, title="About us", show_in_menus=True)
    volunteers = StandardPageFactory(parent=home_page, title="Our volunteers", show_in_menus=True)

    during, after = change_while_a_reader_reads(home_page.url, lambda: volunteers.move(about, pos="last-child"))

    assert "Our volunteers" in text(during)
    menu = text(after).split('<nav class="main-nav"', 1)[1].split("</nav>", 1)[0]
    assert "About us" in menu and "Our volunteers" not in menu


def test_delete(article, article_index):
    during, after = change_while_a_reader_reads(article_index.url, article.delete)

    assert "Sleeping with sciatica" in text(during)
    assert "Sleeping with sciatica" not in text(after)


def test_settings_save(article):
    saved = SiteSettings.objects.get(site=Site.objects.get(is_default_site=True))

    def new_disclaimer():
        saved.disclaimer = "<p>Talk to your GP before starting any exercise.</p>"
        saved.save()

    during, after = change_while_a_reader_reads(article.url, new_disclaimer)

    assert "Talk to your GP" not in text(during)
    assert "Talk to your GP" in text(after)


def test_help_line_settings_save(article):
    from django.apps import apps

    saved = apps.get_model("callbacks", "HelpLineSettings").objects.get()

    def new_number():
        saved.helpline_number = "0800 123 4567"
        saved.save()

    during, after = change_while_a_reader_reads(article.url, new_number)

    assert "0800 123 4567" not in text(during)
    assert "0800 123 4567" in text(after)


def test_snippet_save(article_index):
    author = AuthorFactory(name="Dr Ana Lopes")
    article = ArticlePageFactory(parent=article_index, authors=[author])

    def rename():
        author.name = "Dr Ana Lopes-Grey"
        author.save()

    during, after = change_while_a_reader_reads(article.url, rename)

    assert "Dr Ana Lopes-Grey" not in text(during)
    assert "Dr Ana Lopes-Grey" in text(after)


def test_comment_moderation(article):
    comment = comment_submit(article=article, name="Sam", email="sam@example.com", body="This helped me a lot.")
    moderator = editor_user()

    during, after = change_while_a_reader_reads(article.url, lambda: comment_approve(comment=comment, user=moderator))

    assert "This helped me a lot." not in text(during)
    assert "This helped me a lot." in text(after)
