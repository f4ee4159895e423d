from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and site settings"

    def ready(self):
        from .settings_cache import forget_cached_setting

        post_save.connect(forget_cached_setting, dispatch_uid="home.forget_cached_setting.save")
        post_delete.connect(forget_cached_setting, dispatch_uid="home.forget_cached_setting.delete")
