from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and site settings"

    def ready(self):
        from . import cache_invalidation

        cache_invalidation.connect_receivers()
