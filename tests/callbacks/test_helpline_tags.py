"""The header's help-line tag: number, tel: target and "open now", from the site's help-line settings."""

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from wagtail.models import Site

from callbacks.models import HelpLineSettings
from tests.home.factories import site_home_page

from .conftest import london

TEMPLATE = Template(
    "{% load helpline_tags %}{% helpline_status as helpline %}"
    "{{ helpline.number }}|{{ helpline.tel }}|{{ helpline.label }}|{{ helpline.is_open }}"
)


@pytest.fixture
def site(db):
    site_home_page()
    return Site.objects.get(is_default_site=True)


def render(moment) -> list[str]:
    request = RequestFactory().get("/")
    with time_machine.travel(moment, tick=False):
        return TEMPLATE.render(Context({"request": request})).split("|")


def test_open_during_opening_hours(site):
    HelpLineSettings.objects.create(helpline_number="02380 248725")

    assert render(london(2026, 11, 23, 10)) == ["02380 248725", "02380248725", "Open now until 17:00", "True"]


def test_closed_at_the_weekend_says_when_it_opens(site):
    HelpLineSettings.objects.create()

    assert render(london(2026, 11, 22, 12))[2:] == ["Closed - opens tomorrow 09:00", "False"]


def test_after_the_clocks_go_forward_the_times_stay_local(site):
    HelpLineSettings.objects.create()

    # Monday 30 March 2026, the day after the change to summer time: 16:30 BST is 15:30 UTC.
    assert render(london(2026, 3, 30, 16, 30))[2] == "Open now until 17:00"
    assert render(london(2026, 3, 30, 17, 0))[2] == "Closed - opens tomorrow 09:00"


def test_a_site_without_saved_settings_gets_the_defaults_and_nothing_is_written(site):
    assert render(london(2026, 11, 23, 10))[0] == "02380 248725"
    assert not HelpLineSettings.objects.exists()


def test_one_query_however_often_a_page_asks(site, django_assert_num_queries):
    HelpLineSettings.objects.create()
    request = RequestFactory().get("/")
    Site.find_for_request(request)
    twice = Template("{% load helpline_tags %}{% helpline_status as a %}{% helpline_status as b %}{{ a.label }}")

    with django_assert_num_queries(1):
        twice.render(Context({"request": request}))
