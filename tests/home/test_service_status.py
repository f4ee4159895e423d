"""The service-status notice: edited in the site settings, shown at the top of every page, renewed in every cache."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.models import Site
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import ServiceStatusLevel, SiteSettings
from tests.callbacks.booking_page import make_callback_page
from tests.home.factories import StandardPageFactory, UserFactory, site_home_page
from tests.home.test_frontend_purge import purged  # noqa: F401  (the fixture)

NOTICE = re.compile(
    r'<section class="service-status service-status--(?P<level>\w+)" aria-label="Service status">.*?</section>', re.S
)


@pytest.fixture
def home_page(db):
    home = site_home_page()
    site = Site.objects.get(is_default_site=True)
    site.hostname, site.port = "localhost", 80
    site.save()
    return home


def set_notice(**values) -> SiteSettings:
    fields = {f"service_status_{name}": value for name, value in values.items()}
    notice, _ = SiteSettings.objects.update_or_create(site=Site.objects.get(is_default_site=True), defaults=fields)
    return notice


def notice_in(response) -> re.Match | None:
    return NOTICE.search(response.content.decode())


def test_no_notice_by_default(client, home_page):
    assert notice_in(client.get(home_page.url)) is None


def test_the_notice_says_its_level_in_words_and_when_it_was_updated(client, home_page):
    about = StandardPageFactory(parent=home_page, title="About us")
    set_notice(
        level=ServiceStatusLevel.LINE_CLOSED,
        message="The help line is closed on Friday afternoon.",
        updated_at=datetime.datetime(2026, 11, 23, 9, 5, tzinfo=datetime.UTC),
    )

    for url in (home_page.url, about.url):
        notice = notice_in(Client().get(url))
        assert notice is not None, url
        assert notice["level"] == "line_closed"
        assert '<strong class="service-status__level">Line closed:</strong>' in notice.group(0)
        assert "The help line is closed on Friday afternoon." in notice.group(0)
        assert '<time datetime="2026-11-23T09:05:00+00:00">Monday 23 November, 09:05</time>' in notice.group(0)


def test_the_notice_sits_inside_main_above_the_content_and_above_the_callback_form(client, home_page):
    page = make_callback_page()
    set_notice(level=ServiceStatusLevel.WARNING, message="We are very busy today.")

    html = client.get(page.url).content.decode()

    main = html.index('<main id="main"')
    notice = html.index('class="service-status service-status--warning"')
    assert main < notice < html.index("<h1") < html.index('<form class="callback-form"')


def test_choosing_no_notice_hides_it_even_with_words_left_in(client, home_page):
    set_notice(level=ServiceStatusLevel.NONE, message="We are very busy today.")

    assert notice_in(client.get(home_page.url)) is None


def test_a_level_without_words_is_refused():
    with pytest.raises(Exception, match="Write the notice"):
        SiteSettings(service_status_level=ServiceStatusLevel.WARNING, service_status_message="  ").clean()


def test_an_editor_saving_the_notice_renews_kept_pages_and_purges_the_cdn(
    client,
    home_page,
    purged,  # noqa: F811
    django_capture_on_commit_callbacks,
):
    about = StandardPageFactory(parent=home_page, title="About us")
    client.get(about.url)
    assert client.get(about.url).get("X-Page-Cache") == "hit"
    admin = Client()
    admin.force_login(UserFactory(is_superuser=True, is_staff=True))
    edit_url = reverse("wagtailsettings:edit", args=["home", "sitesettings", Site.objects.get().pk])
    form = nested_form_data(
        {
            "service_status_level": "warning",
            "service_status_message": "We are very busy today.",
            "service_status_updated_at": "",
            "disclaimer": rich_text("<p>Not medical advice.</p>"),
            "urgent_help_notice": rich_text(""),
            "footer_links": streamfield([]),
        }
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = admin.post(edit_url, form)
        assert response.status_code == 302
        assert purged == []

    after = client.get(about.url)
    assert after.get("X-Page-Cache") == "miss"
    assert notice_in(after)["level"] == "warning"
    assert {"localhost/", "localhost/about-us/"} <= set(purged)
