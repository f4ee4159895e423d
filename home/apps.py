from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and site settings"

    def ready(self):
        from .settings_cache import forget_cached_setting

        post_save.connect(forget_cached_setting, dispatch_uid="home.forget_cached_setting.save")
        post_delete.connect(forget_cached_setting, dispatch_uid="home.forget_cached_setting.delete")
        self._connect_page_cache()

    @staticmethod
    def _connect_page_cache():
        """Anything that changes what live pages show makes every cached page out of date."""
        from wagtail.models import PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import page_cache
        from .view_restrictions import bump_for_new_alias

        for name, signal in (
            ("published", page_published),
            ("unpublished", page_unpublished),
            ("moved", post_page_move),
        ):
            signal.connect(page_cache.bump_content_version, dispatch_uid=f"home.page_cache.page_{name}")
        post_delete.connect(page_cache.bump_for_page_deletion, dispatch_uid="home.page_cache.page_deleted")
        post_save.connect(bump_for_new_alias, dispatch_uid="home.page_cache.alias_created")
        page_cache.invalidate_on_change(Site)
        page_cache.invalidate_on_change(PageViewRestriction)
