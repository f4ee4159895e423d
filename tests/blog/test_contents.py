"""An article's contents list: its h2 section headings, in order, linking to ids on the page."""

from bs4 import BeautifulSoup

from tests.blog.factories import ArticlePageFactory
from tests.home.factories import heading, paragraph

BODY = [
    heading("What causes sciatica?"),
    paragraph("A disc or a narrowed channel can press on the nerve."),
    heading("Discs and nerves", level="h3"),
    paragraph("The sciatic nerve is the longest in the body."),
    heading("Treatment", anchor="treatment-options"),
    paragraph("Most people improve with time, movement and pain relief."),
    heading("When to get help"),
]


def test_contents_lists_section_headings_in_order(article_index):
    article = ArticlePageFactory(parent=article_index, body=BODY)

    assert article.contents() == [
        {"text": "What causes sciatica?", "anchor": "what-causes-sciatica"},
        {"text": "Treatment", "anchor": "treatment-options"},
        {"text": "When to get help", "anchor": "when-to-get-help"},
    ]


def test_rendered_contents_links_reach_the_headings(article_index, client):
    article = ArticlePageFactory(parent=article_index, body=BODY)

    response = client.get(article.url)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    anchors = [item["anchor"] for item in response.context["contents"]]
    assert anchors == ["what-causes-sciatica", "treatment-options", "when-to-get-help"]
    links = [link["href"] for link in soup.select('a[href^="#"]') if link["href"][1:] in anchors]
    assert links == [f"#{anchor}" for anchor in anchors]
    for anchor in anchors:
        target = soup.find(id=anchor)
        assert target is not None and target.name == "h2", anchor
    # The subsection has its id but is not in the contents list.
    assert soup.find(id="discs-and-nerves").name == "h3"
    assert not soup.select('a[href="#discs-and-nerves"]')
