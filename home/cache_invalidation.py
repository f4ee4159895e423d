"""When cached pages go out of date, and telling the caches so, after the commit and never before.

Two caches hold pages: this project's page cache (home/page_cache.py, and the
fragments cached with Wagtail's tags under the same content version) and,
when one is configured, a CDN or Varnish in front, purged through
`wagtail.contrib.frontend_cache` (WAGTAILFRONTENDCACHE, from the environment).

Wagtail saves pages, settings and snippets inside `transaction.atomic()`. A
reader who arrives while that transaction is open still reads the old rows;
if the caches were emptied at that moment, the reader would put the old page
back under the new version. So every receiver here only schedules work with
`transaction.on_commit`: the caches are emptied once the new rows are the ones
every reader sees. A transaction that rolls back empties nothing.

What is purged from the CDN:
- a page published, unpublished, moved or deleted: that page, its ancestors
  (the articles index with its paginated pages, tag pages and feed, as each
  page's `get_cached_paths` lists them, and the home page) and the sitemap;
- any site or generic setting saved, a snippet saved or deleted, a site or a
  view restriction changed: every live page and the sitemap.

`invalidate_everything_on_commit()` is the one function other code calls when
something every page shows has changed (a future service-status banner, say).
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from django.urls import NoReverseMatch, reverse
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move
from wagtail.snippets.models import get_snippet_models

from . import page_cache

logger = logging.getLogger(__name__)

SITEMAP_VIEW = "sitemap"


# --- the public functions ---------------------------------------------------------------------


def invalidate_everything_on_commit() -> None:
    """Once the current transaction commits (at once outside one): every cached page is out of date."""
    transaction.on_commit(_renew_and_purge_everything, robust=True)


def invalidate_pages_on_commit(pages) -> None:
    """Once the current transaction commits: every cached page is out of date, and the CDN
    forgets `pages`, their ancestors and the sitemap.

    The addresses are worked out now, while the pages still have them (a deleted
    page has none after the commit).
    """
    urls = _page_urls(pages) if get_backends() else set()
    transaction.on_commit(lambda: _renew_and_purge(urls), robust=True)


def invalidate_on_change(model, *, pages_of=None, when=None) -> None:
    """Invalidate on commit whenever a `model` row is saved or deleted (and `when(row)` holds, if given).

    For things pages show that are neither pages, settings nor snippets (an
    article's approved comments): `pages_of(row)` names the pages showing the
    row, for the CDN; without it the CDN forgets everything. The app that owns
    the model calls this from its AppConfig.ready(), so home imports no other app.
    """

    def receiver(sender, instance, **kwargs):
        if when is not None and not when(instance):
            return
        if pages_of is None:
            invalidate_everything_on_commit()
        else:
            invalidate_pages_on_commit(pages_of(instance))

    uid = f"cache-invalidation:{model._meta.label_lower}"
    post_save.connect(receiver, sender=model, dispatch_uid=uid + ":save", weak=False)
    post_delete.connect(receiver, sender=model, dispatch_uid=uid + ":delete", weak=False)


# --- signal receivers, connected in HomeConfig.ready ----------------------------------------------


def connect_receivers() -> None:
    for name, signal in (("published", page_published), ("unpublished", page_unpublished)):
        signal.connect(_page_changed, dispatch_uid=f"home.cache_invalidation.page_{name}")
    post_page_move.connect(_page_moved, dispatch_uid="home.cache_invalidation.page_moved")
    pre_delete.connect(_page_deleted, dispatch_uid="home.cache_invalidation.page_deleted")
    post_save.connect(_shown_everywhere_changed, dispatch_uid="home.cache_invalidation.saved")
    post_delete.connect(_shown_everywhere_changed, dispatch_uid="home.cache_invalidation.deleted")


def _page_changed(sender, instance, **kwargs) -> None:
    invalidate_pages_on_commit([instance])


def _page_moved(sender, instance, parent_page_before=None, parent_page_after=None, **kwargs) -> None:
    # The old parent's listings and the old address lose the page as well.
    invalidate_pages_on_commit([page for page in (instance, parent_page_before) if page is not None])


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page) and instance.live and not instance.is_root():
        invalidate_pages_on_commit([instance])


def _shown_everywhere_changed(sender, instance, **kwargs) -> None:
    """Settings, snippets, sites and view restrictions: any page may show them or depend on them."""
    shown_everywhere = (BaseSiteSetting, BaseGenericSetting, Site, PageViewRestriction, *get_snippet_models())
    if isinstance(instance, shown_everywhere):
        invalidate_everything_on_commit()


# --- after the commit ---------------------------------------------------------------------------


def _renew_and_purge(urls: set[str]) -> None:
    page_cache.renew_content_version()
    _purge(urls)


def _renew_and_purge_everything() -> None:
    page_cache.renew_content_version()
    if get_backends():
        _purge(_page_urls(Page.objects.live().filter(depth__gt=1).specific(defer=True)))


def _purge(urls: set[str]) -> None:
    if not urls:
        return
    try:
        PurgeBatch(urls).purge()
    except Exception:
        # The CDN keeps the page until its s-maxage runs out; the page cache is already renewed.
        logger.warning("Front-end cache purge failed for %d addresses.", len(urls), exc_info=True)


def _page_urls(pages) -> set[str]:
    """Each page's cached addresses and its ancestors', and the sitemap of every site they are on."""
    batch = PurgeBatch()
    roots = set()
    for page in pages:
        page = page.specific_deferred
        batch.add_page(page)
        for ancestor in page.get_ancestors().filter(depth__gt=1).specific(defer=True):
            batch.add_page(ancestor)
        site = page.get_site()
        if site is not None:
            roots.add(site.root_url)
    try:
        sitemap_path = reverse(SITEMAP_VIEW)
    except NoReverseMatch:
        sitemap_path = ""
    if sitemap_path:
        batch.add_urls(root + sitemap_path for root in roots)
    return batch.urls
