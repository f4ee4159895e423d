"""pytest: fast hashing, no real outbound anything, quiet logs."""

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"
