"""The demo articles show their reviewer, review dates, sources and FAQ data; an older demo gets them on a re-run."""

import datetime
from io import StringIO

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from blog.demo_review import REVIEWER_NAME
from blog.models import ArticlePage, Author
from blog.review import default_next_review
from tests.home.factories import tree_root
from tests.home.test_structured_data import json_ld, of_type

NOTHING_CHANGED = "Demo content is already loaded; nothing changed."


def load_demo_content() -> str:
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


@pytest.fixture
def demo_site(db):
    tree_root()
    load_demo_content()


def test_both_demo_articles_are_reviewed_sourced_and_have_faq_data(demo_site, client):
    reviewer = Author.objects.get(name=REVIEWER_NAME)
    assert reviewer.is_clinical
    articles = list(ArticlePage.objects.live().order_by("pk"))
    assert len(articles) == 2
    for article in articles:
        assert article.medical_reviewer == reviewer
        assert article.next_review_due == default_next_review(article.last_reviewed)
        assert len(article.sources) >= 3

        response = client.get(article.url)

        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.find(class_="article-review").get_text().split()[:4] == ["Reviewed", "by", "Sam", "Okafor,"]
        assert len(soup.select(".article-sources ol li")) == len(article.sources)
        nodes = json_ld(response)
        (page,) = of_type(nodes, "MedicalWebPage")
        assert page["reviewedBy"]["name"] == REVIEWER_NAME
        assert page["lastReviewed"] == article.last_reviewed.isoformat()
        (faq_page,) = of_type(nodes, "FAQPage")
        assert faq_page["mainEntity"]
        assert all(q["name"] and q["acceptedAnswer"]["text"] for q in faq_page["mainEntity"])


def test_both_articles_open_with_key_takeaways_and_have_a_five_question_faq(demo_site):
    for article in ArticlePage.objects.live():
        blocks = list(article.body)
        assert blocks[0].block_type == "key_takeaways", article.slug
        assert len(blocks[0].value["points"]) >= 3, article.slug
        (faq_block,) = [block for block in blocks if block.block_type == "faq"]
        assert faq_block.value["title"] == "Frequently asked questions", article.slug
        assert len(faq_block.value["items"]) == 5, article.slug


def test_one_article_is_signed_off_through_the_workflow_and_one_awaits_sign_off(demo_site):
    signed_off = ArticlePage.objects.get(slug="back-pain-and-depression-breaking-the-pain-cycle")
    waiting = ArticlePage.objects.get(slug="improve-mood-and-ease-back-pain")

    assert signed_off.last_reviewed == timezone.localdate()
    assert signed_off.medical_reviewer.user.username == "clinician"
    assert signed_off.workflow_states.get().status == "approved"
    state = waiting.current_workflow_state
    assert state.current_task_state.task.name == "Clinical sign-off"
    assert state.requested_by.username == "editor"
    editor = get_user_model().objects.get(username="editor")
    assert waiting.current_workflow_task.specific.get_actions(waiting, editor) == []
    clinician = get_user_model().objects.get(username="clinician")
    assert "approve" in [name for name, _, _ in waiting.current_workflow_task.specific.get_actions(waiting, clinician)]


@pytest.mark.parametrize("today", [datetime.date(2026, 3, 2), datetime.date(2031, 7, 15)])
def test_the_demo_is_dated_relative_to_the_day_it_is_loaded(db, client, today):
    tree_root()
    with time_machine.travel(datetime.datetime.combine(today, datetime.time(12), tzinfo=datetime.UTC), tick=False):
        load_demo_content()

        for article in ArticlePage.objects.live():
            assert today - datetime.timedelta(days=60) < article.published_date < today, article.slug
            assert article.published_date < article.last_reviewed <= today, article.slug
            assert article.next_review_due > today, article.slug
            html = client.get(article.url).content.decode()
            assert f'datetime="{article.next_review_due:%Y-%m-%d}"' in html


def test_a_demo_loaded_before_reviews_existed_gets_them_on_a_re_run(demo_site):
    pain_cycle = ArticlePage.objects.get(slug="back-pain-and-depression-breaking-the-pain-cycle")
    pain_cycle.medical_reviewer = None
    pain_cycle.last_reviewed = None
    pain_cycle.next_review_due = None
    pain_cycle.sources = []
    pain_cycle.body = [block for block in pain_cycle.body.raw_data if block["type"] != "faq"]
    pain_cycle.save_revision().publish()

    output = load_demo_content()

    assert "Added its sources and an FAQ to “Back Pain and Depression" in output
    assert "Signed off “Back Pain and Depression" in output
    pain_cycle.refresh_from_db()
    assert pain_cycle.medical_reviewer.name == REVIEWER_NAME
    assert pain_cycle.next_review_due is not None
    assert [block.block_type for block in pain_cycle.body].count("faq") == 1
    assert NOTHING_CHANGED in load_demo_content()


def test_a_re_run_keeps_an_editors_own_review(demo_site):
    article = ArticlePage.objects.get(slug="improve-mood-and-ease-back-pain")
    own_reviewer = Author.objects.create(name="Dr Own", is_clinical=True)
    article.medical_reviewer = own_reviewer
    article.save_revision().publish()

    assert NOTHING_CHANGED in load_demo_content()
    article.refresh_from_db()
    assert article.medical_reviewer == own_reviewer
