"""What the browser accessibility tests share: the demo site set up for booking, and axe-core runs.

axe-core comes from the axe-playwright-python package (its bundled axe.min.js),
injected into the page by Playwright, so no npm step is needed.
"""

from datetime import time
from io import StringIO

from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

from callbacks.blocks import WEEKDAY_KEYS
from callbacks.demo import opening_hours_value
from callbacks.models import HelpLineSettings
from tests.home.factories import tree_root

WCAG_22_A_AND_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CALLBACK_PATH = "/request-a-callback/"

_axe = Axe()


def load_demo_open_round_the_clock() -> None:
    """The demo site, with the help line open all day every day and no closures.

    The browser and the live server share no frozen clock, so the hours must
    offer bookable slots whenever the suite runs.
    """
    tree_root()
    call_command("load_demo_content", stdout=StringIO())
    help_line = HelpLineSettings.objects.get()
    help_line.opening_hours = opening_hours_value([(day, time(0), time(23, 59)) for day in WEEKDAY_KEYS])
    help_line.closures = []
    help_line.save()  # saving (not update()) also renews the cached pages


def axe_violations(page) -> list[dict]:
    """axe-core's violations of the WCAG 2.2 A and AA rules on the page as it is now."""
    results = _axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": WCAG_22_A_AND_AA}, "resultTypes": ["violations"]},
    )
    return results.response["violations"]


def describe(violations: list[dict]) -> str:
    """Each violation's rule, impact and the elements it was found on, for the test's failure message."""
    lines = []
    for violation in violations:
        lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']} [{violation['helpUrl']}]")
        for node in violation["nodes"]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node.get('failureSummary', '').strip()}")
            lines.append(f"       {node['html'][:200]}")
    return "\n".join(lines)


def open_day_times(page):
    """The time radios of the day the slot picker shows (the others are collapsed by its script)."""
    return page.locator("[data-slot-day]:not([hidden]) input[type=radio]")


def choose_day(page, index: int) -> None:
    """Open the slot picker's day at `index` (0 is the first day with free times) with its link."""
    page.locator("[data-slot-day-link]").nth(index).click()


def fill_booking_form(page, *, phone: str = "07911 123456") -> None:
    """A complete, valid booking typed into the callback form, at the first time available."""
    page.get_by_role("radio", name="No").first.check()
    page.get_by_label("Your name").fill("Alex Reader")
    page.get_by_label("Phone number").fill(phone)
    # "First available": pages visited one after another book several times, so a fixed time could fill up.
    page.get_by_label("First available").check()
    page.get_by_label("Sciatica", exact=True).check()
    page.locator("#id_voicemail_ok_0").check()
    page.locator("#id_may_identify_org_1").check()
    page.locator("#id_consent").check()
