from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class CallbacksConfig(AppConfig):
    """Callback booking: help-line settings, slots, requests and the services that change them."""

    name = "callbacks"
    verbose_name = "Callbacks"
    default_auto_field = "django.db.models.BigAutoField"

    # callbacks.booking.views, set in ready(): the callback page's routes serve with them.
    booking_views = None

    def ready(self):
        # Registers the text-message settings checks.
        from callbacks import checks  # noqa: F401
        from callbacks.booking import views as booking_views
        from callbacks.help_line import forget_number_for_outages, keep_number_for_outages
        from callbacks.models import HelpLineSettings
        from callbacks.texts.delivery import requeue_after_a_worker_died
        from operations.signals import worker_started

        # Models import no views; the page finds its views here instead, once every model has loaded.
        self.booking_views = booking_views
        # A setting's save renews every cached page already (home.cache_invalidation); this keeps the
        # number where the 503 page, which cannot read the database, finds it.
        post_save.connect(keep_number_for_outages, sender=HelpLineSettings, dispatch_uid="callbacks.outage_number")
        post_delete.connect(forget_number_for_outages, sender=HelpLineSettings, dispatch_uid="callbacks.outage_number")
        worker_started.connect(requeue_after_a_worker_died, dispatch_uid="callbacks.requeue_texts")
