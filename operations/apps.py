from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """The processes beside the web server: the supervised task worker, the clock, their heartbeats."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "operations"
    verbose_name = "Operations"

    def ready(self):
        # The lockout log line (a signal receiver).
        from . import sign_in_lockouts  # noqa: F401
