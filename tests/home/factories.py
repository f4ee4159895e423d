"""Factories for the home app: the site tree, its settings, editors, images and body blocks.

Bodies are written as the JSON that a StreamField stores (a list of
``{"type": ..., "value": ...}``), so a test reads like the data it puts in.
"""

import factory
import wagtail_factories
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from factory.django import DjangoModelFactory
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, Site

from home.models import HomePage, SiteSettings, StandardPage

HELPLINE_NUMBER = "02380 248725"
HELPLINE_TEL = "tel:02380248725"
DISCLAIMER = "This article is general information and does not replace advice from your own clinician."
URGENT_HELP = "The help line is not an emergency service: call 999, NHS 111 or Samaritans on 116 123."


# --- The tree that Wagtail's migrations create -------------------------------------------------
#
# A transactional test (the browser test's live server) empties every table when it ends, and
# with --reuse-db the next run starts from that empty database, without the rows that Wagtail's
# data migrations made. These helpers put back what a test needs instead of assuming it is there.


def default_locale() -> Locale:
    locale, _ = Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    return locale


def tree_root() -> Page:
    """The root of the page tree (depth 1)."""
    default_locale()
    root = Page.get_first_root_node()
    if root is None:
        root = Page.add_root(instance=Page(title="Root", slug="root"))
    return root


def root_collection() -> Collection:
    return Collection.get_first_root_node() or Collection.add_root(name="Root")


def site_home_page(**kwargs) -> HomePage:
    """A HomePage under the root, served by the default site, with the site's settings filled in.

    Whatever sits under the root (Wagtail's welcome page) is removed first: the home page
    takes its slug and its place as the site's root.
    """
    root = tree_root()
    for child in root.get_children():
        child.delete()
    home = HomePageFactory(parent=Page.objects.get(pk=root.pk), **kwargs)
    site = Site.objects.filter(is_default_site=True).first() or Site(hostname="localhost", is_default_site=True)
    site.root_page = home
    site.port = 80
    site.site_name = "Sciaticalm"
    site.save()
    SiteSettingsFactory(site=site)
    return home


# --- Pages and settings --------------------------------------------------------------------------


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Sciaticalm"
    slug = "home"
    intro = "Information and a listening ear for people living with back pain and sciatica."
    callback_heading = "Talk to our help line"

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"About us {n}")
    intro = "Who we are and how the help line works."
    body = factory.LazyFunction(lambda: [paragraph("We listen, explain and point you to the right care.")])

    class Meta:
        model = StandardPage


class SiteSettingsFactory(DjangoModelFactory):
    site = factory.LazyFunction(lambda: Site.objects.get(is_default_site=True))
    disclaimer = f"<p>{DISCLAIMER}</p>"
    urgent_help_notice = f"<p>{URGENT_HELP}</p>"

    class Meta:
        model = SiteSettings
        django_get_or_create = ("site",)


class ImageFactory(DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Stretching photo {n}")
    file = factory.LazyFunction(lambda: get_test_image_file(size=(32, 24)))
    collection = factory.LazyFunction(root_collection)

    class Meta:
        model = Image


class FakeEmbedFinder:
    """Answers for any URL with a fixed player, so no test fetches oEmbed data over the network."""

    def accept(self, url):
        return True

    def find_embed(self, url, max_width=None, max_height=None):
        return {
            "title": "Five gentle stretches",
            "author_name": "Sciaticalm",
            "provider_name": "Video site",
            "type": "video",
            "thumbnail_url": "",
            "width": 480,
            "height": 270,
            "html": f'<iframe title="Five gentle stretches" src="{url}"></iframe>',
        }


# --- People --------------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password("correct horse battery staple")

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True


def editors_group() -> Group:
    """Wagtail's "Editors" group with the rights its data migration gives it (re-made if missing)."""
    group, _ = Group.objects.get_or_create(name="Editors")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    root = tree_root()
    for codename in ("add_page", "change_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=root, permission=permission)
    collection = root_collection()
    for codename in ("add_image", "choose_image"):
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(content_type__app_label="wagtailimages", codename=codename),
        )
    return group


def editor_user(**kwargs):
    """A member of "Editors": not a superuser; may add and edit pages but not publish them."""
    user = UserFactory(**kwargs)
    user.groups.add(editors_group())
    return user


# --- Body blocks, as stored JSON -----------------------------------------------------------------


def heading(text: str, level: str = "h2", anchor: str = "") -> dict:
    return {"type": "heading", "value": {"text": text, "level": level, "anchor": anchor}}


def paragraph(html: str) -> dict:
    if not html.startswith("<"):
        html = f"<p>{html}</p>"
    return {"type": "paragraph", "value": html}


def key_takeaways(points: list[str], title: str = "Key takeaways") -> dict:
    return {"type": "key_takeaways", "value": {"title": title, "points": list(points)}}


def faq(items: list[tuple[str, str]], title: str = "Frequently asked questions") -> dict:
    return {
        "type": "faq",
        "value": {
            "title": title,
            "items": [{"question": question, "answer": f"<p>{answer}</p>"} for question, answer in items],
        },
    }


def callout(title: str, text: str, kind: str = "info") -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": f"<p>{text}</p>"}}


def quote(text: str, attribution: str = "") -> dict:
    return {"type": "quote", "value": {"text": text, "attribution": attribution}}


def image(image_pk: int, alt_text: str, caption: str = "") -> dict:
    return {"type": "image", "value": {"image": image_pk, "alt_text": alt_text, "caption": caption}}


def embed(url: str) -> dict:
    return {"type": "embed", "value": url}


def callback_cta(page_pk: int, heading_text: str = "Talk it through", text: str = "", button: str = "Call me") -> dict:
    return {
        "type": "callback_cta",
        "value": {"heading": heading_text, "text": text, "button_label": button, "page": page_pk},
    }


def words(count: int, word: str = "spine") -> str:
    """`count` space-separated words."""
    return " ".join([word] * count)
