"""Care cards at three levels of urgency, and do / don't lists."""

import pytest
from bs4 import BeautifulSoup
from wagtail import blocks

from home.blocks import BaseStreamBlock
from home.care_blocks import CareCardBlock, DoDontBlock


def render(block, value) -> BeautifulSoup:
    return BeautifulSoup(block.render(block.to_python(value)), "html.parser")


def text(element) -> str:
    return " ".join(element.get_text().split())


@pytest.mark.parametrize(
    ("level", "heading", "announced", "extra"),
    [
        ("non-urgent", "Speak to a GP if:", "Non-urgent advice", None),
        ("urgent", "Ask for an urgent GP appointment or call 111 if:", "Urgent advice", "You can call 111"),
        ("immediate", "Call 999 or go to A&E now if:", "Immediate action required", "Call 999 or go to A&E now."),
    ],
)
def test_each_care_card_level_says_how_urgently_and_where_to_get_help(level, heading, announced, extra):
    soup = render(CareCardBlock(), {"level": level, "heading": "", "text": "<ul><li>your legs feel numb</li></ul>"})

    card = soup.find("section")
    assert f"care-card-{level}" in card["class"]
    assert card["aria-label"] == announced
    assert text(card.find("h2")) == f"{announced}: {heading}"
    assert card.find("span", class_="visually-hidden").get_text() == f"{announced}: "
    assert "your legs feel numb" in text(card)
    if extra:
        assert extra in text(card)


def test_an_editors_own_care_card_heading_is_kept():
    soup = render(CareCardBlock(), {"level": "non-urgent", "heading": "See a GP soon if:", "text": "<p>x</p>"})

    assert text(soup.find("h2")) == "Non-urgent advice: See a GP soon if:"


def test_do_and_dont_lists_render_with_their_words():
    soup = render(DoDontBlock(), {"dos": ["keep active"], "donts": ["lift heavy things"]})

    assert [text(h) for h in soup.find_all("h2")] == ["Do", "Don't"]
    assert text(soup.find(class_="do-list").li) == "Do: keep active"
    assert text(soup.find(class_="dont-list").li) == "Do not: lift heavy things"


def test_a_do_dont_block_needs_at_least_one_item():
    block = DoDontBlock()
    with pytest.raises(blocks.StructBlockValidationError) as error:
        block.clean(block.to_python({"dos": [], "donts": []}))
    assert error.value.block_errors["dos"].messages == ["Add at least one thing to do or not to do."]
    assert list(block.clean(block.to_python({"dos": [], "donts": ["smoke"]}))["donts"]) == ["smoke"]


def test_existing_callouts_still_render():
    body = BaseStreamBlock()
    value = body.to_python(
        [{"type": "callout", "value": {"kind": "urgent", "title": "Red flags", "text": "<p>Call 999.</p>"}}]
    )
    soup = BeautifulSoup(body.render(value), "html.parser")
    assert "callout-urgent" in soup.find(class_="callout")["class"]
