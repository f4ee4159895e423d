from django.apps import AppConfig


class CallbacksConfig(AppConfig):
    """Callback booking: help-line settings, slots, requests and the services that change them."""

    name = "callbacks"
    verbose_name = "Callbacks"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Registers the text-message settings checks.
        from callbacks import checks  # noqa: F401
