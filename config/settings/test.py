"""pytest: fast hashing, no real outbound anything, quiet logs."""

import os

from .base import *  # noqa: F403

SECRET_KEY = "test-only-not-secret-" + "x" * 40
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
WAGTAILADMIN_BASE_URL = "http://testserver"
LOGGING["root"]["level"] = "WARNING"

# Static files come straight from the app folders; nothing is collected for tests.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True

# Texts are off unless a test turns them on, whatever the environment holds, and
# the Twilio client never reaches the network: its HTTP client is the tests' fake.
SMS_BACKEND = ""
TWILIO_ACCOUNT_SID = TWILIO_AUTH_TOKEN = TWILIO_FROM_NUMBER = TWILIO_MESSAGING_SERVICE_SID = ""
SMS_HTTP_CLIENT = "tests.callbacks.fake_twilio.FakeTwilioHttpClient"
PUBLIC_BASE_URL = ""

# The page cache and Wagtail's fragment caches stay on, as in production (the cache is emptied
# around every test in tests/conftest.py). Anything cached is renewed when a transaction commits:
# a test that changes content and then reads a page runs its change inside
# `django_capture_on_commit_callbacks(execute=True)` or uses a transactional database.
# Tests that measure rendering itself turn the caches off and say so.
PAGE_CACHE_SECONDS = 300
FRAGMENT_CACHE_SECONDS = 3600

# In-memory SQLite locks whole tables across connections, so a test with a reader in another thread
# during an open write transaction (marked concurrent_readers, tests/conftest.py) needs a database
# file, in WAL mode so that readers see the last commit while a writer works:
# SQLITE_TEST_FILE=/tmp/x/test.sqlite3 pytest -m concurrent_readers. The rest of the suite keeps memory.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3" and os.environ.get("SQLITE_TEST_FILE"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["SQLITE_TEST_FILE"]}
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL;"
