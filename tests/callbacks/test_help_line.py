"""One help line: one settings row, read one way by booking, the queue, texts, purging, pages and the 503 page."""

import ast
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import RequestFactory

from callbacks.help_line import OUTAGE_NUMBER_KEY, current_help_line, number_without_database
from callbacks.models import HelpLineSettings
from callbacks.queue.selectors import queue_rules
from tests.migration_support import migrate, migrate_to_the_latest, tree_root

ROOT = Path(__file__).resolve().parent.parent.parent
BEFORE = ("callbacks", "0014_sms_kinds_moved_and_repeat_booking")
AFTER = ("callbacks", "0015_help_line_settings_one_for_the_organisation")


@pytest.mark.django_db
def test_the_queue_and_the_pages_follow_the_one_saved_row():
    HelpLineSettings.objects.create(claim_lapse_minutes=45, attempt_limit=5, time_zone="Europe/Dublin")

    rules = queue_rules()

    assert (rules.claim_lapse, rules.attempt_limit, rules.time_zone) == (
        timedelta(minutes=45),
        5,
        ZoneInfo("Europe/Dublin"),
    )
    assert current_help_line().time_zone == "Europe/Dublin"


@pytest.mark.django_db
def test_with_a_request_the_row_is_read_once_and_shared_with_wagtails_load(django_assert_num_queries):
    HelpLineSettings.objects.create(helpline_number="0800 555 0000")
    request = RequestFactory().get("/")

    with django_assert_num_queries(1):
        first = current_help_line(request)
        again = current_help_line(request)
        from_wagtail = HelpLineSettings.load(request_or_site=request)

    assert first is again is from_wagtail
    assert first.helpline_number == "0800 555 0000"


@pytest.mark.django_db
def test_the_purge_command_keeps_what_the_settings_say(capsys):
    HelpLineSettings.objects.create(purge_after_days=12)

    call_command("purge_callbacks")

    assert "closed more than 12 days ago" in capsys.readouterr().out


# --- the number for the 503 page -----------------------------------------------------------


@pytest.mark.django_db
def test_a_saved_number_is_kept_for_outages_once_the_save_commits(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as pending:
        HelpLineSettings.objects.create(helpline_number="0800 999 1234")
    assert number_without_database() == "", "nothing is kept before the commit"

    for callback in pending:
        callback()

    assert number_without_database() == "0800 999 1234"
    assert cache.get(OUTAGE_NUMBER_KEY) == "0800 999 1234"


@pytest.mark.django_db
def test_deleting_the_settings_forgets_the_kept_number(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        saved = HelpLineSettings.objects.create(helpline_number="0800 999 1234")
    with django_capture_on_commit_callbacks(execute=True):
        saved.delete()

    assert number_without_database() == ""


@pytest.mark.django_db
def test_the_number_this_request_already_read_needs_no_query(django_assert_num_queries):
    HelpLineSettings.objects.create(helpline_number="0800 222 3333")
    request = RequestFactory().get("/")
    current_help_line(request)

    with django_assert_num_queries(0):
        assert number_without_database(request) == "0800 222 3333"


# --- one way of reading it ---------------------------------------------------------------

READS = {"objects", "for_site", "for_request", "load", "base_queryset"}


def reads_of_the_settings(path: Path) -> list[str]:
    """`HelpLineSettings.objects`, `.load(...)` and the like in a module, as "file:line"."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in READS
            and isinstance(node.value, ast.Name)
            and node.value.id == "HelpLineSettings"
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_only_the_selector_reads_the_help_line_settings():
    modules = [
        path
        for package in ("config", "home", "blog", "callbacks")
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts and path != ROOT / "callbacks" / "help_line.py"
    ]

    assert [read for path in modules for read in reads_of_the_settings(path)] == []
    assert reads_of_the_settings(ROOT / "callbacks" / "help_line.py"), "the check sees a read where there is one"


# --- the data migration ------------------------------------------------------------------


@pytest.fixture
def old_state():
    """The historical models just before the help-line settings became one row; the latest state afterwards."""
    try:
        yield migrate([BEFORE])
    finally:
        migrate_to_the_latest()


def old_rows(apps, *numbers_by_default_flag) -> None:
    site_model, settings_model = apps.get_model("wagtailcore", "Site"), apps.get_model("callbacks", "HelpLineSettings")
    root = tree_root(apps)
    site_model.objects.all().delete()
    for port, (is_default, number) in enumerate(numbers_by_default_flag, start=8001):
        site = site_model.objects.create(hostname="localhost", port=port, root_page=root, is_default_site=is_default)
        if number is not None:
            settings_model.objects.create(site=site, helpline_number=number)


def migrate_forward() -> list[str]:
    apps = migrate([AFTER])
    return list(apps.get_model("callbacks", "HelpLineSettings").objects.values_list("helpline_number", flat=True))


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_default_sites_row_only(old_state):
    old_rows(old_state, (False, "0111 111 1111"), (True, "0222 222 2222"), (False, "0333 333 3333"))

    assert migrate_forward() == ["0222 222 2222"]


@pytest.mark.django_db(transaction=True)
def test_without_a_row_for_the_default_site_the_defaults_apply(old_state):
    old_rows(old_state, (False, "0111 111 1111"), (True, None))

    assert migrate_forward() == []
