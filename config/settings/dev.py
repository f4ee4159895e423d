"""Local development: `make run`. Debug on, a throwaway secret, local hosts only."""

from .base import *  # noqa: F403
from .base import env_bool, env_list

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
DEBUG = env_bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")

# Serve static files from the app folders, picking up edits without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Page saves log an audit line each; keep `make run`'s terminal for what matters.
LOGGING["loggers"]["wagtail"] = {"level": "WARNING"}

# Texts are written to the log and the staff outbox instead of being sent, unless
# SMS_BACKEND says otherwise (set it to "twilio", with the TWILIO_* settings, to send).
SMS_BACKEND = os.environ.get("SMS_BACKEND", "console").strip().lower()
# Links in texts point at the development server (the demo site's own root URL has no port).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", WAGTAILADMIN_BASE_URL).strip().rstrip("/")

# Template and CSS edits should show on the next reload, so whole pages are not cached
# unless asked for (PAGE_CACHE_SECONDS=300 to try the page cache locally).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))
