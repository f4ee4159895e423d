"""Skip Wagtail's view-restriction queries for pages that no restriction can apply to.

Before serving any page Wagtail asks the database for the restrictions
(private, password, login, groups) on the page and on each of its ancestors:
two queries per page view, on a site where almost nothing is private. Here
the paths of every restricted page and of every alias page (whose source's
restrictions apply to it) are kept under the content version; a page with
none of those paths above it gets an empty result without a query, and any
other page asks Wagtail as before. Adding, changing or removing a
restriction, and creating an alias, renew the content version (home/apps.py).
"""

from wagtail.models import Page, PageViewRestriction

from .page_cache import content_cache_seconds, remember_for_content


def _restricted_and_alias_paths() -> tuple[list[str], list[str]]:
    restricted = list(PageViewRestriction.objects.values_list("page__path", flat=True))
    aliases = list(Page.objects.filter(alias_of__isnull=False).values_list("path", flat=True))
    return restricted, aliases


class CachedViewRestrictionsMixin:
    """For page models: `get_view_restrictions` without queries where nothing can be restricted."""

    def get_view_restrictions(self):
        if content_cache_seconds() <= 0:
            return super().get_view_restrictions()
        restricted, aliases = remember_for_content(None, "view-restricted-paths", _restricted_and_alias_paths)
        if not any(self.path.startswith(path) for path in (*restricted, *aliases)):
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def bump_for_new_alias(sender, instance, created=False, **kwargs) -> None:
    """post_save receiver: a new alias page may take restrictions from its source."""
    from .page_cache import bump_content_version

    if created and isinstance(instance, Page) and instance.alias_of_id is not None:
        bump_content_version()
