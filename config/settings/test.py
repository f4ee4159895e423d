"""pytest: fast hashing, no real outbound anything, quiet logs."""

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

# Tests measure pages as rendered (queries, content straight after a change made without
# publishing), so the page and content caches are off; tests/test_page_cache.py and the
# production-headers browser test turn them on.
PAGE_CACHE_SECONDS = 0
CONTENT_CACHE_SECONDS = 0
