"""Make sure a local superuser exists so a developer can log in: `python manage.py ensure_local_admin`.

It plants a known password, so it refuses to run unless DEBUG is on (or
`--force` is given), and it never touches the password of a user that
already exists.
"""

import os

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

USERNAME = "admin"
PASSWORD_VARIABLE = "DEMO_ADMIN_PASSWORD"  # noqa: S105 - the name of a variable, not a password
DEFAULT_PASSWORD = "changeme"  # noqa: S105 - a local development login, refused when DEBUG is off


class Command(BaseCommand):
    help = f"Create the local superuser “{USERNAME}” if it is missing (only when DEBUG is on, unless --force)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Run even though DEBUG is off. Never use this on a server others can reach.",
        )

    def handle(self, *args, force=False, **options):
        if not (settings.DEBUG or force):
            raise CommandError(
                "Refusing to create an admin user with a known password while DEBUG is off. "
                "On a real server use `manage.py createsuperuser`; on your own machine set DJANGO_DEBUG=1 "
                "or pass --force."
            )
        user_model = get_user_model()
        if user_model._default_manager.filter(**{user_model.USERNAME_FIELD: USERNAME}).exists():
            self.stdout.write(
                f"Admin: {admin_url()}  user: {USERNAME}  password: unchanged (the user already existed; "
                f"`manage.py changepassword {USERNAME}` sets a new one)"
            )
            return
        from_env = os.environ.get(PASSWORD_VARIABLE)
        user_model._default_manager.create_superuser(
            **{user_model.USERNAME_FIELD: USERNAME},
            email="admin@example.com",
            password=from_env or DEFAULT_PASSWORD,
        )
        shown = f"the value of {PASSWORD_VARIABLE}" if from_env else DEFAULT_PASSWORD
        self.stdout.write(f"Admin: {admin_url()}  user: {USERNAME}  password: {shown} (set on first run)")


def admin_url() -> str:
    """Where the admin is: make run sets WAGTAILADMIN_BASE_URL to the address it serves."""
    return f"{settings.WAGTAILADMIN_BASE_URL.rstrip('/')}/admin/"
