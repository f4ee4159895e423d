"""Demo content for the callbacks app: the help line's hours and the "Request a callback" page.

`load_demo_content` calls `load()` after the home app's loader (callbacks comes
before blog in INSTALLED_APPS, so the blog's demo articles can link to the page
made here). Each step looks for what it would create first, so a second run
changes nothing; settings an editor has saved are never overwritten.
"""

from datetime import date, time

from callbacks import demo_queue
from callbacks.blocks import WEEKDAY_KEYS
from callbacks.help_line import current_help_line
from callbacks.models import CallbackPage, HelpLineSettings
from home.demo import HELPLINE_FAQ_SLUG, add_published_child, child_page, demo_home_page
from home.models import StandardPage

CALLBACK_SLUG = "request-a-callback"
HELPLINE_NUMBER = "02380 248725"
CONSENT_TEXT = (
    "I agree that Sciaticalm may keep the details I have given on this form and use them only to call me back "
    "about my back pain or sciatica. I understand that only the help-line team can see them and that they are "
    "deleted 90 days after my callback request is closed."
)
CLOSURES = (
    (date(2026, 12, 25), "Christmas Day"),
    (date(2026, 12, 26), "Boxing Day"),
    (date(2027, 1, 1), "New Year's Day"),
)


def load(*, stdout) -> list[str]:
    """Fill the default site's help-line settings, add the callback page and point the home page at it."""
    changes: list[str] = []
    home = demo_home_page()
    if home is None:
        raise LookupError("There is no home page yet: the home app's demo content must load first.")
    _ensure_settings(changes)
    page = _ensure_callback_page(home, changes)
    _point_home_page_at(home, page, changes)
    changes += demo_queue.load(stdout=stdout)
    return changes


# Weekdays: more advisers on the phones in the morning than in the afternoon.
MORNING_CAPACITY = 4
AFTERNOON_CAPACITY = 2


def opening_hours_value(ranges: list[tuple]) -> list[tuple[str, dict]]:
    """An opening-hours StreamField value from (weekday key, opens, closes[, callbacks per slot]) rows."""
    value = []
    for day, opens, closes, *capacity in ranges:
        row = {"weekday": day, "opens": opens, "closes": closes}
        if capacity:
            row["capacity"] = capacity[0]
        value.append(("range", row))
    return value


def _ensure_settings(changes: list[str]) -> None:
    if current_help_line().pk is not None:
        return
    weekdays = [
        *((day, time(9), time(13), MORNING_CAPACITY) for day in WEEKDAY_KEYS[:5]),
        *((day, time(13), time(17), AFTERNOON_CAPACITY) for day in WEEKDAY_KEYS[:5]),
    ]
    HelpLineSettings(
        helpline_number=HELPLINE_NUMBER,
        time_zone="Europe/London",
        opening_hours=opening_hours_value([*weekdays, ("sat", time(10), time(13))]),
        closures=[("closure", {"date": day, "reason": reason}) for day, reason in CLOSURES],
        consent_text=CONSENT_TEXT,
    ).save()
    changes.append(
        f"Set the help-line settings: {HELPLINE_NUMBER}, Mon–Fri 09:00–13:00 ({MORNING_CAPACITY} callbacks a slot) "
        f"and 13:00–17:00 ({AFTERNOON_CAPACITY}), Sat 10:00–13:00, closed on {len(CLOSURES)} holidays."
    )


def _ensure_callback_page(home, changes: list[str]) -> CallbackPage:
    page = child_page(home, CallbackPage, CALLBACK_SLUG) or CallbackPage.objects.child_of(home).first()
    if page is not None:
        return page
    page = CallbackPage(
        title="Request a callback",
        slug=CALLBACK_SLUG,
        show_in_menus=True,
        search_description="Book a free call back from the Sciaticalm back pain and sciatica help line.",
        intro=(
            "<p>Choose a time that suits you and one of our help-line advisers will ring you, free of charge. "
            "It takes about two minutes to fill in, and you don't need an account.</p>"
        ),
        what_happens_next=(
            "<ul><li>We ring you during the time you choose. The call may show as a withheld number.</li>"
            "<li>If you miss us, we try again, and leave a voicemail only if you said we may.</li>"
            "<li>A call usually lasts 15 to 30 minutes. Having a pen and paper handy can help.</li></ul>"
        ),
        confirmation_text=(
            "<p>Thank you. Keep your reference handy: it helps us find your booking quickly if you call us. "
            "If your symptoms get suddenly worse before we call, don't wait for us: call NHS 111, "
            "or 999 in an emergency.</p>"
        ),
    )
    add_published_child(home, page)
    changes.append(f"Created the page “{page.title}” at /{CALLBACK_SLUG}/.")
    return page


def _point_home_page_at(home, page: CallbackPage, changes: list[str]) -> None:
    """Lead the home page's callback button here, replacing the FAQ page the home demo used until now."""
    if home.callback_page_id == page.pk:
        return
    faq = child_page(home, StandardPage, HELPLINE_FAQ_SLUG)
    if home.callback_page_id is not None and (faq is None or home.callback_page_id != faq.pk):
        return  # an editor chose some other page: leave it
    home.callback_page = page
    home.save_revision().publish()
    changes.append("Pointed the home page's callback button at “Request a callback”.")
