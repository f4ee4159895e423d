"""Wagtail's accessibility checker stays on in the user bar for editors viewing the site."""

from bs4 import BeautifulSoup

from tests.home.factories import StandardPageFactory, editor_user


def test_editors_get_the_accessibility_checker_in_the_user_bar(home_page, client):
    page = StandardPageFactory(parent=home_page)
    client.force_login(editor_user())

    soup = BeautifulSoup(client.get(page.url).content, "html.parser")

    config = soup.find("script", id="checker-axe-configuration")
    assert config is not None, "the userbar's content checker and its axe configuration"
    assert '"runOnly"' in config.string or "runOnly" in config.string
    assert soup.find(id="checker-trigger") is not None


def test_readers_get_no_user_bar(home_page, client):
    page = StandardPageFactory(parent=home_page)

    soup = BeautifulSoup(client.get(page.url).content, "html.parser")

    assert soup.find("script", id="checker-axe-configuration") is None
