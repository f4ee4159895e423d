"""Signing in to the Wagtail admin in a browser test, as a member of staff would."""

from playwright.sync_api import Page

# What UserFactory (tests/home/factories.py) gives every user it makes.
PASSWORD = "correct horse battery staple"


def sign_in(page: Page, base_url: str, user) -> None:
    """Fill in the admin's sign-in form for `user` and send it (the caller checks where it lands)."""
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
