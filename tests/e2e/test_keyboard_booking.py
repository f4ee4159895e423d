"""A reader books a callback with the keyboard alone, and can always see where the focus is.

Only Tab, Shift+Tab, Space, Enter, the arrow keys and typed text: no clicks.
After every key press the focused element must show a focus indicator (an
outline or a box shadow, read with getComputedStyle). Sending the form empty
must put the focus on the error summary.
"""

import os

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from callbacks.models import CallbackRequest
from tests.e2e.a11y_support import CALLBACK_PATH, load_demo_open_round_the_clock

MAX_TABS = 60
BOOK = "Book my callback"

FOCUS_STATE = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0
        && !/rgba\\(\\d+, \\d+, \\d+, 0\\)|transparent/.test(style.outlineColor);
    const shadow = style.boxShadow !== "none" && !/^rgba\\(\\d+, \\d+, \\d+, 0\\)/.test(style.boxShadow);
    return {
        tag: element.tagName.toLowerCase(),
        id: element.id,
        name: element.getAttribute("name") || "",
        text: (element.innerText || element.value || "").trim().slice(0, 40),
        visible: outline || shadow,
        outline: `${style.outlineStyle} ${style.outlineWidth} ${style.outlineColor}`,
        shadow: style.boxShadow,
    };
}"""


class Keyboard:
    """Key presses that check, after each one, that the focus can be seen."""

    def __init__(self, page):
        self.page = page
        self.trail = []

    def focus_state(self) -> dict:
        try:
            return self.page.evaluate(FOCUS_STATE)
        except PlaywrightError as error:
            # Enter on a link or submit button starts a navigation; read the focus on the new page.
            if "Execution context was destroyed" not in str(error):
                raise
            self.page.wait_for_load_state()
            return self.page.evaluate(FOCUS_STATE)

    def press(self, key: str) -> dict:
        self.page.keyboard.press(key)
        state = self.focus_state()
        self.trail.append(f"{key} -> {state['tag']}#{state['id']} {state['text']!r}")
        # The page itself, and <main> after the skip link, are not controls and draw no ring.
        if state["tag"] not in ("body", "main"):
            assert state["visible"], f"no visible focus after {key} on {state}\n" + "\n".join(self.trail[-5:])
        return state

    def tab_to(self, target: str) -> None:
        """Tab forwards until the element with the id `target` (or a button reading `target`) has focus."""
        for _ in range(MAX_TABS):
            state = self.press("Tab")
            if state["id"] == target or (state["tag"] == "button" and state["text"] == target):
                return
        raise AssertionError(f"never reached {target!r} with Tab:\n" + "\n".join(self.trail[-MAX_TABS:]))

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)


@pytest.mark.browser
def test_a_reader_books_a_callback_with_the_keyboard_alone(live_server, transactional_db, page, artifacts_dir):
    load_demo_open_round_the_clock()
    keys = Keyboard(page)
    page.goto(live_server.url + CALLBACK_PATH)

    # Skip link first, then straight past the header to the form.
    assert keys.press("Tab")["text"] == "Skip to main content"
    keys.press("Enter")
    keys.tab_to("id_red_flags_0")

    # Sending the form empty: the focus lands on the error summary.
    keys.tab_to(BOOK)
    keys.press("Enter")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    state = keys.focus_state()
    assert state["visible"], f"the focused error summary shows no focus indicator: {state}"
    page.screenshot(path=os.path.join(artifacts_dir, "keyboard_1_errors.png"), full_page=True)

    # Answer every question, in order, from the keyboard.
    keys.tab_to("id_red_flags_0")
    keys.press("ArrowRight")  # "No": moving within a radio group also chooses
    assert page.locator("#id_red_flags_1").is_checked()
    keys.tab_to("id_name")
    keys.type("Alex Reader")
    keys.tab_to("id_phone")
    keys.type("07911 123456")
    keys.tab_to("id_slot")  # "First available", checked to begin with
    assert page.locator("#id_slot").is_checked()
    keys.press("Tab")  # the first day's link
    second_day = keys.press("Tab")  # the second day's link: a whole day of times whatever the hour
    assert second_day["tag"] == "a" and second_day["id"].endswith("_link"), second_day
    keys.press("Enter")  # opens that day, and moves the focus to its first time
    day = page.locator("[data-slot-day]:not([hidden])")
    expect(day).to_have_count(1)
    assert day.get_attribute("id") + "_link" == second_day["id"]
    keys.press("Space")
    first_time = day.locator("input[type=radio]").first
    expect(first_time).to_be_checked()
    keys.press("ArrowDown")  # the next time that day
    second_time = day.locator("input[type=radio]").nth(1)
    expect(second_time).to_be_checked()
    chosen_slot = second_time.get_attribute("value")
    expect(page.locator("[data-slot-chosen]")).to_have_text(second_time.get_attribute("data-words"))
    keys.tab_to("id_topic_0")
    keys.press("ArrowDown")  # "Sciatica"
    assert page.locator("#id_topic_1").is_checked()
    keys.tab_to("id_voicemail_ok_0")
    keys.press("Space")
    keys.tab_to("id_may_identify_org_0")
    keys.press("ArrowRight")
    keys.tab_to("id_consent")
    keys.press("Space")
    assert page.locator("#id_consent").is_checked()
    keys.tab_to(BOOK)
    page.screenshot(path=os.path.join(artifacts_dir, "keyboard_2_filled.png"), full_page=True)
    keys.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your callback is booked")
    page.screenshot(path=os.path.join(artifacts_dir, "keyboard_3_confirmation.png"), full_page=True)
    booking = CallbackRequest.objects.get(name="Alex Reader")  # the demo has bookings of its own
    expect(page.locator(".callback-confirmation-reference")).to_contain_text(booking.reference)
    assert (booking.name, booking.phone, booking.topic) == ("Alex Reader", "+447911123456", "sciatica")
    assert booking.voicemail_ok is True
    assert booking.may_identify_org is False
    assert booking.slot_start.strftime("%Y-%m-%dT%H:%MZ") == chosen_slot
