from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """The processes beside the web server: the supervised task worker, the clock, their heartbeats."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "operations"
    verbose_name = "Operations"
