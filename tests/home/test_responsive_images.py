"""Body images come as AVIF, WebP and JPEG in several widths, with sizes that match the article column."""

from bs4 import BeautifulSoup
from wagtail.images.tests.utils import get_test_image_file

from tests.home.factories import ImageFactory, StandardPageFactory, image

SIZES = "(min-width: 48rem) 44rem, calc(100vw - 1.5rem)"


def srcset_widths(srcset: str) -> list[int]:
    return [int(candidate.split()[1].rstrip("w")) for candidate in srcset.split(",")]


def test_an_image_block_is_a_picture_with_modern_formats_and_a_srcset(home_page, client, media_root):
    photo = ImageFactory(file=get_test_image_file(size=(1600, 900)))
    page = StandardPageFactory(parent=home_page, body=[image(photo.pk, "A man walking a dog on a beach")])

    soup = BeautifulSoup(client.get(page.url).content, "html.parser")

    picture = soup.find("figure", class_="block-image").picture
    sources = {source["type"]: source for source in picture.find_all("source")}
    assert set(sources) == {"image/avif", "image/webp"}
    for source in sources.values():
        assert srcset_widths(source["srcset"]) == [480, 720, 960, 1440]
        assert source["sizes"] == SIZES
    img = picture.img
    assert img["alt"] == "A man walking a dog on a beach"
    assert img["sizes"] == SIZES
    assert srcset_widths(img["srcset"]) == [480, 720, 960, 1440]
    assert img["src"].endswith((".jpg", ".jpeg"))
    assert int(img["width"]) > 0 and int(img["height"]) > 0
    assert int(img["width"]) * 9 == int(img["height"]) * 16, "the image's own proportions, so no layout shift"
    assert img["loading"] == "lazy"
