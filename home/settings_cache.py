"""Site settings kept in the cache.

Every page shows the site and help-line settings, and editors change them a
few times a year, so a request reads them from the cache instead of the
database. Saving or deleting a setting forgets the cached copy at once (see
`forget_cached_setting`, connected in HomeConfig.ready). If the cache is
unreachable the settings are read from the database as usual.
"""

import logging

from django.core.cache import cache
from wagtail.contrib.settings.models import BaseSiteSetting

from .page_cache import bump_content_version

logger = logging.getLogger(__name__)

SETTINGS_CACHE_SECONDS = 60 * 60


def settings_cache_key(model, site_id) -> str:
    return f"site-settings:{model._meta.label_lower}:{site_id}"


def cached_setting(model, site_id, load):
    """The setting for a site from the cache, else from `load()` (then cached)."""
    key = settings_cache_key(model, site_id)
    try:
        instance = cache.get(key)
    except Exception:
        logger.warning("Cache unreachable; reading %s from the database.", model.__name__, exc_info=True)
        return load()
    if instance is None:
        instance = load()
        try:
            cache.set(key, instance, SETTINGS_CACHE_SECONDS)
        except Exception:
            logger.warning("Cache unreachable; %s not cached.", model.__name__, exc_info=True)
    return instance


class CachedSiteSetting(BaseSiteSetting):
    """A site setting that `for_site` / `for_request` (and so templates) read through the cache."""

    class Meta:
        abstract = True

    @classmethod
    def for_site(cls, site):
        return cached_setting(cls, site.pk, lambda: super(CachedSiteSetting, cls).for_site(site))


def forget_cached_setting(sender, instance, **kwargs):
    """post_save / post_delete receiver: drop the cached copy of a changed setting, and the cached pages showing it."""
    if isinstance(instance, CachedSiteSetting):
        try:
            cache.delete(settings_cache_key(type(instance), instance.site_id))
        except Exception:
            logger.warning("Cache unreachable; could not forget %s.", sender.__name__, exc_info=True)
        bump_content_version()
