from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and site settings"

    def ready(self):
        from django.db.models.signals import post_save

        from . import cache_invalidation, outage

        cache_invalidation.connect_receivers()
        post_save.connect(outage.keep_saved_helpline_number, dispatch_uid="home.outage.keep_saved_helpline_number")
