"""Demo content for clinical governance: the demo's medical reviewer, and each article's review and sources.

Called by blog/demo.py after the articles exist, on a new site and on one
loaded before articles had reviews: it fills in only what is blank (the
sources, an FAQ where an article has none, the review). The first article is
reviewed through the Clinical review workflow (blog/demo_workflow.py), signed
off today; the second keeps a review recorded before the workflow existed and
has a new draft awaiting sign-off. A second run changes nothing.
"""

from datetime import timedelta

from django.utils import timezone

from home.demo import faq

from .demo_workflow import ensure_index_workflow, ensure_workflow_people, submit_and_sign_off, submit_for_sign_off
from .models import ArticlePage, Author

REVIEWER_NAME = "Sam Okafor"

SOURCES = {
    "ng59": {
        "title": "Low back pain and sciatica in over 16s: assessment and management (NG59)",
        "publisher": "National Institute for Health and Care Excellence (NICE)",
        "year": 2016,
        "url": "https://www.nice.org.uk/guidance/ng59",
    },
    "ng193": {
        "title": "Chronic pain (primary and secondary) in over 16s: assessment of all chronic pain and "
        "management of chronic primary pain (NG193)",
        "publisher": "National Institute for Health and Care Excellence (NICE)",
        "year": 2021,
        "url": "https://www.nice.org.uk/guidance/ng193",
    },
    "ng222": {
        "title": "Depression in adults: treatment and management (NG222)",
        "publisher": "National Institute for Health and Care Excellence (NICE)",
        "year": 2022,
        "url": "https://www.nice.org.uk/guidance/ng222",
    },
    "bair": {
        "title": "Depression and pain comorbidity: a literature review",
        "publisher": "Archives of Internal Medicine",
        "year": 2003,
        "url": "",
    },
    "cmo": {
        "title": "UK Chief Medical Officers' Physical Activity Guidelines",
        "publisher": "Department of Health and Social Care",
        "year": 2019,
        "url": "https://www.gov.uk/government/publications/physical-activity-guidelines-uk-chief-medical-officers-report",
    },
}

PAIN_CYCLE_FAQ_TITLE = "Frequently asked questions"
PAIN_CYCLE_FAQ = [
    (
        "Can back pain cause depression?",
        "<p>It can contribute. Living with pain for months can wear down sleep, energy and the things that keep "
        "your spirits up, and many people with long-lasting back pain go on to have periods of depression. Not "
        "everyone does, and depression usually has more than one cause. If you have felt low or lost interest "
        "in things for more than two weeks, talk to a GP.</p>",
    ),
    (
        "Why does my pain feel worse when I am low or stressed?",
        "<p>Mood and stress affect how the nervous system handles pain signals, so the same back can hurt more "
        "on a bad day. This does not mean the pain is imagined. It does mean that easing stress, sleeping "
        "better and doing things you enjoy can make pain easier to live with.</p>",
    ),
    (
        "Is it safe to keep active with back pain?",
        "<p>For most people with back pain, yes: staying gently active usually helps recovery more than rest. "
        "Start with short walks or simple movements and build up slowly. If a movement makes your pain much "
        "worse, or you have numbness, weakness or other new symptoms, stop and ask a GP or physiotherapist.</p>",
    ),
    (
        "Do antidepressants help with back pain?",
        "<p>Some antidepressants are used to treat depression in people who also have pain, and a few are "
        "sometimes used for nerve pain such as sciatica. They do not suit everyone and can have side effects. "
        "Only a doctor or pharmacist can advise on your own medicines, so please don't start, stop or change "
        "one without talking to them.</p>",
    ),
    (
        "Where can I get help with low mood?",
        "<p>Your GP is a good first step. In England you can also refer yourself to NHS Talking Therapies. If "
        "you ever feel you might harm yourself, call 999 or go to A&amp;E; to talk to someone at any time, call "
        "Samaritans free on 116 123. Our help line can talk things through and point you to the right "
        "service.</p>",
    ),
]

# Each review is dated this many days before the day the demo loads: recent, so the next review
# (twelve months on) is in the future.
ARTICLE_REVIEWS = {
    "back-pain-and-depression-breaking-the-pain-cycle": {
        "sources": ["ng59", "ng193", "ng222", "bair"],
        "faq": PAIN_CYCLE_FAQ,
        "faq_title": PAIN_CYCLE_FAQ_TITLE,
        "faq_before": "Conclusion: breaking the cycle for a better quality of life",
        "workflow": "sign_off",
    },
    "improve-mood-and-ease-back-pain": {
        "reviewed_days_ago": 7,
        "sources": ["ng59", "ng222", "cmo", "bair"],
        "faq": None,
        "faq_title": "",
        "faq_before": "",
        "workflow": "awaiting_sign_off",
    },
}


def ensure_reviewer(changes: list[str]) -> Author:
    reviewer = Author.objects.filter(name=REVIEWER_NAME).first()
    if reviewer is None:
        reviewer = Author.objects.create(
            name=REVIEWER_NAME,
            role="Physiotherapist and clinical lead",
            is_clinical=True,
            bio=(
                "Sam leads the help line's clinical team and checks every article against current NICE and NHS "
                "guidance before it is published and again at each yearly review."
            ),
        )
        changes.append(f"Created the clinical reviewer “{REVIEWER_NAME}”.")
    elif not reviewer.is_clinical:
        reviewer.is_clinical = True
        reviewer.save(update_fields=["is_clinical"])
        changes.append(f"Marked “{REVIEWER_NAME}” as a clinical reviewer.")
    return reviewer


def apply_reviews(articles: list[ArticlePage], reviewer: Author, changes: list[str]) -> None:
    if not articles:
        return
    ensure_index_workflow(articles[0].get_parent().specific, changes)
    editor, clinician = ensure_workflow_people(reviewer, changes)
    for article in articles:
        spec = ARTICLE_REVIEWS.get(article.slug)
        if spec is None:
            continue
        if spec["workflow"] == "sign_off":
            _fill_content(article, spec, changes)
            if article.last_reviewed is None:
                submit_and_sign_off(article, editor=editor, clinician=clinician, changes=changes)
        else:
            _fill_review(article, reviewer, spec, changes)
            submit_for_sign_off(article, editor=editor, changes=changes)


def _fill_content(article: ArticlePage, spec: dict, changes: list[str]) -> list[str]:
    """Sources and the FAQ, on the article in hand (saved by the caller)."""
    filled = []
    if not article.sources.raw_data:
        article.sources = [{"type": "source", "value": dict(SOURCES[key])} for key in spec["sources"]]
        filled.append("its sources")
    if spec["faq"] and not any(block["type"] == "faq" for block in article.body.raw_data):
        faq_block = faq(spec["faq"], title=spec["faq_title"])
        article.body = _with_faq(list(article.body.raw_data), faq_block, before=spec["faq_before"])
        filled.append("an FAQ")
    if filled:
        changes.append(f"Added {' and '.join(filled)} to “{article.title}”.")
    return filled


def _fill_review(article: ArticlePage, reviewer: Author, spec: dict, changes: list[str]) -> None:
    """A review recorded before the workflow existed, with the sources and FAQ, published at once."""
    filled = _fill_content(article, spec, changes)
    if article.medical_reviewer_id is None and article.last_reviewed is None:
        article.medical_reviewer = reviewer
        article.last_reviewed = timezone.localdate() - timedelta(days=spec["reviewed_days_ago"])
        filled.append("its clinical review")
        changes.append(f"Recorded the earlier clinical review of “{article.title}”.")
    if filled:
        article.save_revision().publish()


def _with_faq(blocks: list, faq_block: dict, *, before: str) -> list:
    """The body with the FAQ placed before the heading `before` (at the end if there is no such heading)."""
    blocks = [dict(block) for block in blocks]
    for position, block in enumerate(blocks):
        if block["type"] == "heading" and block["value"].get("text") == before:
            return [*blocks[:position], faq_block, *blocks[position:]]
    return [*blocks, faq_block]
