"""Demo content for the home app: the home page, the plain pages and the site settings.

`load_demo_content` calls `load()`. Every step looks for what it would create
first (a page by its slug under its parent, the site, the site's settings), so
running it again changes nothing. Fields an editor may have filled in are only
ever filled when blank, never overwritten.

The small helpers for building pages and StreamField data live here so that
the blog's demo module, which may import `home`, can use them too.
"""

from django.contrib.contenttypes.models import ContentType
from wagtail.models import Page, Site

from .models import HomePage, SiteSettings, StandardPage

HOME_SLUG = "home-page"
ABOUT_SLUG = "about-us"
PRIVACY_SLUG = "privacy-policy"
HELPLINE_FAQ_SLUG = "help-line-faq"

HELPLINE_NUMBER = "02380 248725"
OPENING_HOURS = "Mon–Fri 9am–5pm, Sat 10am–1pm"


# StreamField values in Wagtail's JSON form, so the page's StreamBlock
# validates and converts them exactly as it would an editor's input.


def heading(text: str, level: str = "h2") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level, "anchor": ""}}


def paragraph(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def callout(kind: str, title: str, html: str) -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": html}}


def key_takeaways(points: list[str], title: str = "Key takeaways") -> dict:
    return {"type": "key_takeaways", "value": {"title": title, "points": points}}


def faq(items: list[tuple[str, str]], title: str = "Frequently asked questions") -> dict:
    return {
        "type": "faq",
        "value": {"title": title, "items": [{"question": q, "answer": a} for q, a in items]},
    }


def callback_cta(page: Page, heading_text: str, text: str, button_label: str = "Request a callback") -> dict:
    return {
        "type": "callback_cta",
        "value": {"heading": heading_text, "text": text, "button_label": button_label, "page": page.pk},
    }


def child_page(parent: Page, model: type[Page], slug: str) -> Page | None:
    """The page of type `model` with `slug` directly under `parent`, if there is one."""
    return model.objects.child_of(parent).filter(slug=slug).first()


def add_published_child(parent: Page, page: Page) -> Page:
    """Add `page` under `parent` and publish it through a revision, as an editor would.

    The page is added as a draft first so that publishing the revision is what
    makes it live; a `first_published_at` set on it beforehand is kept.
    """
    page.live = False
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def demo_home_page() -> HomePage | None:
    """The site's home page (there is at most one)."""
    return HomePage.objects.order_by("path").first()


def load(*, stdout) -> list[str]:
    """Build the home page, point the default site at it, add the plain pages and fill the settings."""
    changes: list[str] = []
    root = Page.get_first_root_node()

    home = demo_home_page()
    home_created = home is None
    if home_created:
        home = HomePage(
            title="Sciaticalm",
            slug=HOME_SLUG,
            live=False,
            intro=(
                "Clear, practical information and a friendly voice on the phone for people living "
                "with back pain and sciatica."
            ),
            callback_heading="Talk to our help line",
            callback_text=(
                "Tell us when suits you and one of our team will ring you back, free of charge. "
                f"We're open {OPENING_HOURS}."
            ),
            callback_button_label="Request a callback",
        )
        root.add_child(instance=home)
        changes.append("Created the home page “Sciaticalm”.")

    site = _point_default_site_at(home, changes)
    _delete_welcome_page(root, changes)

    about = _ensure_standard_page(home, ABOUT_SLUG, "About us", _about_page, menu=True, changes=changes)
    privacy = _ensure_standard_page(home, PRIVACY_SLUG, "Privacy policy", _privacy_page, menu=False, changes=changes)
    helpline_faq = _ensure_standard_page(
        home,
        HELPLINE_FAQ_SLUG,
        "Help-line FAQ",
        lambda: _helpline_faq_page(privacy),
        menu=True,
        changes=changes,
    )

    # Until the callbacks app adds a real callback page, the invitation leads to the FAQ.
    if home.callback_page_id is None:
        home.callback_page = helpline_faq
        if not home_created:
            changes.append("Pointed the home page's callback button at the help-line FAQ.")
        home.save_revision().publish()

    _fill_site_settings(site, about=about, privacy=privacy, helpline_faq=helpline_faq, changes=changes)
    return changes


def _point_default_site_at(home: HomePage, changes: list[str]) -> Site:
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.filter(hostname="localhost").first()
    if site is None:
        site = Site.objects.create(
            hostname="localhost", port=80, site_name="Sciaticalm", root_page=home, is_default_site=True
        )
        changes.append("Created the default site localhost:80 for the home page.")
        return site
    updates = {"root_page_id": home.pk, "site_name": "Sciaticalm", "is_default_site": True}
    changed = [name for name, value in updates.items() if getattr(site, name) != value]
    if changed:
        for name in changed:
            setattr(site, name, updates[name])
        site.save()
        changes.append(f"Pointed the site {site.hostname}:{site.port} at the home page, named “Sciaticalm”.")
    return site


def point_site_at_address(*, hostname: str, port: int) -> list[str]:
    """Give the default site the address the demo is served at, so its absolute URLs
    (canonical, og:url, structured data, sitemap, feed) lead back to this server."""
    site = Site.objects.filter(is_default_site=True).first()
    if site is None or (site.hostname, site.port) == (hostname, port):
        return []
    taken = Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).first()
    if taken is not None:
        raise ValueError(f"Another site ({taken.site_name or taken.pk}) already has the address {hostname}:{port}.")
    before = f"{site.hostname}:{site.port}"
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return [f"Moved the default site from {before} to {hostname}:{port}."]


def _delete_welcome_page(root: Page, changes: list[str]) -> None:
    """Remove the placeholder page Wagtail creates on install, once no site uses it."""
    plain_page = ContentType.objects.get_for_model(Page)
    for welcome in Page.objects.child_of(root).filter(content_type=plain_page, slug="home"):
        if welcome.numchild == 0 and not Site.objects.filter(root_page=welcome).exists():
            title = welcome.title
            welcome.delete()
            changes.append(f"Deleted Wagtail's placeholder page “{title}”.")


def _ensure_standard_page(home, slug, title, build, *, menu, changes) -> StandardPage:
    page = child_page(home, StandardPage, slug)
    if page is not None:
        return page
    intro, body = build()
    page = StandardPage(title=title, slug=slug, intro=intro, body=body, show_in_menus=menu)
    add_published_child(home, page)
    changes.append(f"Created the page “{title}” at /{slug}/.")
    return page


def _fill_site_settings(site, *, about, privacy, helpline_faq, changes) -> None:
    settings = SiteSettings.for_site(site)
    wanted = {
        "disclaimer": DISCLAIMER,
        "urgent_help_notice": URGENT_HELP_NOTICE,
    }
    filled = [name for name, value in wanted.items() if not getattr(settings, name)]
    # A demo loaded before 111.nhs.uk became a link gets the link; an editor's own wording is kept.
    if settings.urgent_help_notice == URGENT_HELP_NOTICE_WITHOUT_LINK:
        filled.append("urgent_help_notice")
    for name in filled:
        setattr(settings, name, wanted[name])
    if not settings.footer_links:
        settings.footer_links = [
            {"type": "link", "value": {"label": label, "page": page.pk, "url": ""}}
            for label, page in (("About us", about), ("Privacy policy", privacy), ("Help-line FAQ", helpline_faq))
        ]
        filled.append("footer_links")
    if filled:
        settings.save()
        names = ", ".join(name.replace("_", " ") for name in filled)
        changes.append(f"Filled the site settings for {site.hostname}: {names}.")


DISCLAIMER = (
    "<p>This article is for general information only and is not medical advice. Always ask a GP, "
    "physiotherapist or other qualified healthcare professional about your own symptoms and treatment.</p>"
)

URGENT_HELP_NOTICE_WITHOUT_LINK = (
    '<p>Our help line is not an emergency service. In an emergency call <a href="tel:999">999</a>. '
    'For urgent medical advice call NHS <a href="tel:111">111</a> or go to 111.nhs.uk. '
    'To talk to someone at any time, day or night, call Samaritans free on <a href="tel:116123">116 123</a>.</p>'
)
URGENT_HELP_NOTICE = (
    '<p>Our help line is not an emergency service. In an emergency call <a href="tel:999">999</a>. '
    'For urgent medical advice call NHS <a href="tel:111">111</a> '
    'or go to <a href="https://111.nhs.uk/">111.nhs.uk</a>. '
    'To talk to someone at any time, day or night, call Samaritans free on <a href="tel:116123">116 123</a>.</p>'
)


def _about_page():
    intro = "Sciaticalm is a telephone help line and information service for people living with back pain and sciatica."
    body = [
        paragraph(
            "<p>Back pain and sciatica are among the most common reasons people struggle at work and at home, "
            "yet it can be surprisingly hard to find someone with the time to listen and explain what is going on. "
            "We set up Sciaticalm to give people that time: a conversation with someone who understands back "
            "pain, who can help make sense of it and work out a sensible next step.</p>"
        ),
        heading("What we offer"),
        paragraph(
            f"<ul><li>A help line on <b>{HELPLINE_NUMBER}</b>, open Monday to Friday 9am to 5pm and Saturday "
            "10am to 1pm.</li>"
            "<li>Callbacks at a time that suits you, so you don't have to wait on hold.</li>"
            "<li>Plain-English articles about back pain, sciatica and living well with pain, written and "
            "checked by our clinical content team.</li></ul>"
        ),
        heading("What we don't do"),
        paragraph(
            "<p>We don't diagnose, prescribe or examine anyone, and we never take the place of your GP, "
            "physiotherapist or hospital team. What we can do is help you understand your options, prepare for "
            "appointments and find the service that fits your situation.</p>"
        ),
        heading("Who we are"),
        paragraph(
            "<p>The help line is answered by trained advisers with the backing of a small clinical team of "
            "physiotherapists and nurses. The same team writes and reviews the articles on this site and keeps "
            "them in line with current NHS and NICE guidance.</p>"
        ),
    ]
    return intro, body


def _privacy_page():
    intro = "How Sciaticalm collects, uses and looks after your personal information."
    body = [
        callout(
            "info",
            "Sample wording",
            "<p>This notice is example text for the demo site. Have your own privacy notice written or checked "
            "before the site goes live.</p>",
        ),
        heading("Who we are"),
        paragraph(
            "<p>Sciaticalm runs this website and the help line, and is responsible for the personal "
            "information you share with us through either of them.</p>"
        ),
        heading("What we collect"),
        paragraph(
            "<ul><li>When you ask for a callback: your name, phone number, the time you chose, what the call is "
            "about, any note you add, and whether we may leave a voicemail or say who we are.</li>"
            "<li>When we speak to you: brief notes of the call, so that the next adviser knows what was said.</li>"
            "<li>When you browse: only what the site needs to work. We use no advertising or tracking cookies."
            "</li></ul>"
        ),
        heading("Why we use it"),
        paragraph(
            "<p>We use your details to call you back and to help you during the call, on the basis of the "
            "consent you give on the callback form. Anything you tell us about your health is handled with "
            "particular care and seen only by the people who need it.</p>"
        ),
        heading("How long we keep it"),
        paragraph(
            "<p>We keep a callback request only for as long as we need it to call you and to keep a short record "
            "of the call. After that it is deleted.</p>"
        ),
        heading("Who can see it"),
        paragraph(
            "<p>Only our help-line staff. If you ask us to send you text messages, your number is passed to the "
            "company that delivers them and used for nothing else. We never sell or share your information for "
            "marketing.</p>"
        ),
        heading("Your rights"),
        paragraph(
            "<p>You can ask to see the information we hold about you, to have it corrected or deleted, and to "
            "withdraw your consent at any time. If you are unhappy with how we have handled your information "
            "you can complain to the Information Commissioner's Office at ico.org.uk.</p>"
        ),
        heading("Contact us"),
        paragraph(f"<p>To ask about your information, call us on {HELPLINE_NUMBER} during opening hours.</p>"),
    ]
    return intro, body


def _helpline_faq_page(privacy: Page):
    intro = "Answers to the questions people most often ask before calling the Sciaticalm help line."
    items = [
        (
            "Who will I speak to?",
            "<p>One of our trained help-line advisers. They know back pain and sciatica well and can ask a "
            "physiotherapist or nurse from our clinical team when a question needs it.</p>",
        ),
        (
            "What does it cost?",
            f"<p>Nothing for a callback: we ring you. Calling us on {HELPLINE_NUMBER} costs the same as "
            "any ordinary landline call and is usually included in the minutes on your phone plan.</p>",
        ),
        (
            "What can the help line do for me?",
            "<p>We listen, explain what might be going on in everyday language, and talk through ways to manage "
            "pain day to day. We can tell you which services exist, help you prepare questions for your GP or "
            "physiotherapist, and point you to reliable information.</p>",
        ),
        (
            "What can't the help line do?",
            "<p>We can't examine you, make a diagnosis, prescribe or change medicines, or interpret scans. "
            "For any of those you need your GP, a pharmacist or the team treating you.</p>",
        ),
        (
            "What should I do in an emergency?",
            "<p>Don't wait for us. The help line is not an emergency service. Call <b>999</b> in an emergency, "
            "call <b>NHS 111</b> for urgent advice, and if you are struggling to cope, Samaritans are there at "
            "any time on <b>116 123</b>.</p>",
        ),
        (
            "Is what I tell you kept private?",
            "<p>Yes. Your details and notes of the call are seen only by our help-line staff. We would only "
            "share something without asking you first if we believed someone's life was in danger. Our "
            f'<a linktype="page" id="{privacy.pk}">privacy policy</a> explains the details.</p>',
        ),
    ]
    body = [
        callout(
            "urgent",
            "Get help now if you have these symptoms",
            "<p>Call 999 or go to A&amp;E straight away if you have back pain or sciatica together with numbness "
            "around your genitals or bottom, new trouble controlling your bladder or bowels, or weakness or "
            "numbness in both legs. These can be signs of cauda equina syndrome, which needs treatment the same "
            "day.</p>",
        ),
        faq(items, title="About the help line"),
        paragraph(
            f"<p>Didn't find your answer? Call us on <b>{HELPLINE_NUMBER}</b> ({OPENING_HOURS}) or ask for a "
            "callback at a time that suits you.</p>"
        ),
    ]
    return intro, body
