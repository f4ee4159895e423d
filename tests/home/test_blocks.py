"""The shared body blocks: their own rules, and how each one renders."""

import pytest
from bs4 import BeautifulSoup
from wagtail.blocks import StreamBlockValidationError

from home.blocks import BaseStreamBlock, heading_anchor
from tests.home.factories import (
    ImageFactory,
    StandardPageFactory,
    callback_cta,
    callout,
    embed,
    faq,
    heading,
    image,
    key_takeaways,
    paragraph,
    quote,
)


def clean(raw_body):
    block = BaseStreamBlock()
    return block.clean(block.to_python(raw_body))


def test_a_heading_anchor_is_the_editors_else_made_from_the_text():
    assert heading_anchor({"text": "What causes sciatica?", "anchor": ""}) == "what-causes-sciatica"
    assert heading_anchor({"text": "Treatment", "anchor": "Treatment Options"}) == "treatment-options"
    assert heading_anchor({"text": "???", "anchor": ""}) == "section"


def test_headings_with_different_anchors_are_accepted():
    body = clean([heading("Causes"), paragraph("Discs."), heading("Causes", anchor="more-causes")])

    assert len(body) == 3


def test_two_headings_with_the_same_anchor_are_refused_with_a_message():
    with pytest.raises(StreamBlockValidationError) as refused:
        clean([heading("Causes"), paragraph("Discs."), heading("Other things", anchor="causes")])

    errors = refused.value.block_errors
    assert list(errors) == [2], "the second heading carries the error"
    message = " ".join(errors[2].block_errors["anchor"].messages)
    assert "already uses the anchor “causes”" in message


def test_the_same_text_at_both_levels_still_clashes():
    """h2 and h3 ids share one page, so an h3 cannot reuse an h2's anchor either."""
    with pytest.raises(StreamBlockValidationError):
        clean([heading("Exercise"), heading("Exercise", level="h3")])


def test_a_standard_page_renders_every_block(home_page, client, fake_embed_finder, media_root):
    photo = ImageFactory()
    callback_page = StandardPageFactory(parent=home_page, title="Request a callback")
    page = StandardPageFactory(
        parent=home_page,
        title="Help-line FAQ",
        body=[
            heading("How the help line works"),
            paragraph("<p>We <b>listen</b> first.</p><ul><li>No judgement</li></ul>"),
            key_takeaways(["Calls are free", "We call back when it suits you"]),
            faq([("Who will call me?", "A trained adviser."), ("Is it private?", "Yes, always.")]),
            callout("Chest pain or numbness?", "Call 999 now.", kind="urgent"),
            quote("They really listened.", attribution="A caller from Hampshire"),
            image(photo.pk, alt_text="An adviser wearing a headset", caption="Our team"),
            embed("https://video.example.com/watch?v=about-us"),
            callback_cta(callback_page.pk, heading_text="Want a call?", button="Book a call"),
        ],
    )

    response = client.get(page.url)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    main = soup.find("main")
    assert main.find(id="how-the-help-line-works").name == "h2"
    assert main.find("b", string="listen") and main.find("li", string="No judgement")
    assert [li.get_text(strip=True) for li in main.select(".key-takeaways li")] == [
        "Calls are free",
        "We call back when it suits you",
    ]
    questions = main.select("details > summary")
    assert [summary.get_text(strip=True) for summary in questions] == ["Who will call me?", "Is it private?"]
    assert "A trained adviser." in questions[0].parent.get_text()
    assert "Urgent" in main.get_text() and "Call 999 now." in main.get_text()
    assert main.find("blockquote") and "A caller from Hampshire" in main.get_text()
    figure_image = main.find("img", alt="An adviser wearing a headset")
    assert figure_image and "Our team" in figure_image.find_parent("figure").get_text()
    assert main.find("iframe", src="https://video.example.com/watch?v=about-us")
    assert main.find("a", href=callback_page.url, string="Book a call")
