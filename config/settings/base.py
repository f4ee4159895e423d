"""Settings shared by every environment.

Anything that differs between a laptop and production is read from the
environment here; the per-environment modules only change defaults.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_env(default_sqlite_path: Path) -> dict:
    """One database config from DATABASE_URL, SQLite in the project folder otherwise.

    SQLite gets IMMEDIATE transactions so that a writing transaction takes the
    write lock when it begins, not half way through (where it could fail with
    "database is locked" after reading stale data).
    """
    config = dj_database_url.config(
        default=f"sqlite:///{default_sqlite_path}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config.setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
    return config


def cache_from_env() -> dict:
    """Redis when REDIS_URL is set (shared by every app server), local memory otherwise."""
    redis_url = os.environ.get("REDIS_URL")
    if redis_url:
        # Reads miss and writes are dropped while Redis is down (config/cache.py); the timeouts
        # bound how long a Redis that hangs, rather than refuses, can hold up a request.
        timeout = float(os.environ.get("REDIS_TIMEOUT_SECONDS", "1"))
        return {
            "BACKEND": "config.cache.FailSoftRedisCache",
            "LOCATION": redis_url,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "helpline"),
            "OPTIONS": {"socket_connect_timeout": timeout, "socket_timeout": timeout},
        }
    return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "helpline"}


def frontend_cache_from_env() -> dict:
    """wagtail.contrib.frontend_cache backends from the environment; none when nothing is set.

    FRONTEND_CACHE_URL: a Varnish (or other HTTP PURGE) server, e.g. http://127.0.0.1:6081.
    CLOUDFLARE_BEARER_TOKEN + CLOUDFLARE_ZONE_ID: Cloudflare. CLOUDFRONT_DISTRIBUTION_ID: CloudFront
    (AWS credentials from boto3's usual sources).
    """
    backends = {}
    if os.environ.get("FRONTEND_CACHE_URL"):
        backends["varnish"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
            "LOCATION": os.environ["FRONTEND_CACHE_URL"],
        }
    if os.environ.get("CLOUDFLARE_BEARER_TOKEN") and os.environ.get("CLOUDFLARE_ZONE_ID"):
        backends["cloudflare"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudflareBackend",
            "BEARER_TOKEN": os.environ["CLOUDFLARE_BEARER_TOKEN"],
            "ZONEID": os.environ["CLOUDFLARE_ZONE_ID"],
        }
    if os.environ.get("CLOUDFRONT_DISTRIBUTION_ID"):
        backends["cloudfront"] = {
            "BACKEND": "wagtail.contrib.frontend_cache.backends.CloudfrontBackend",
            "DISTRIBUTION_ID": os.environ["CLOUDFRONT_DISTRIBUTION_ID"],
        }
    return backends


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# How many proxies in front append to X-Forwarded-For; 0 trusts only REMOTE_ADDR.
NUM_PROXIES = int(os.environ.get("DJANGO_NUM_PROXIES", "0"))
# Callback bookings made per client address, booking attempts refused per client address (typing
# mistakes, a full slot) and booking attempts per phone number, each as "count/seconds".
CALLBACK_RATE_LIMIT_PER_IP = os.environ.get("CALLBACK_RATE_LIMIT_PER_IP", "10/3600")
CALLBACK_RATE_LIMIT_FAILED_PER_IP = os.environ.get("CALLBACK_RATE_LIMIT_FAILED_PER_IP", "30/3600")
CALLBACK_RATE_LIMIT_PER_PHONE = os.environ.get("CALLBACK_RATE_LIMIT_PER_PHONE", "3/3600")
# Open callback requests whose slot ended more than this many days ago are closed as expired
# (by `purge_callbacks`), and their details erased in turn like any closed request's.
CALLBACK_EXPIRE_OPEN_AFTER_DAYS = int(os.environ.get("CALLBACK_EXPIRE_OPEN_AFTER_DAYS", "7"))
# How often the staff queue's list, menu count and dashboard panel refresh themselves in the browser (seconds).
CALLBACK_QUEUE_REFRESH_SECONDS = int(os.environ.get("CALLBACK_QUEUE_REFRESH_SECONDS", "15"))
# Article replies and "Was this page helpful?" answers allowed per client address, as "count/seconds".
COMMENT_RATE_LIMIT_PER_IP = os.environ.get("COMMENT_RATE_LIMIT_PER_IP", "5/3600")
FEEDBACK_RATE_LIMIT_PER_IP = os.environ.get("FEEDBACK_RATE_LIMIT_PER_IP", "30/3600")
# Days a reader's comment (name, email, text) is kept before `purge_comments_and_feedback`
# deletes it, shown or not; rejected comments go at the command's next run whatever their age.
COMMENT_RETENTION_DAYS = int(os.environ.get("COMMENT_RETENTION_DAYS", "365"))
# Days the text of a "Was this page helpful?" answer is kept; the yes/no count stays.
FEEDBACK_COMMENT_RETENTION_DAYS = int(os.environ.get("FEEDBACK_COMMENT_RETENTION_DAYS", "365"))

INSTALLED_APPS = [
    "home",
    # Before blog: its demo content (the callback page) is what the blog's demo articles link to.
    "callbacks",
    "blog",
    "operations",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads a request's body or query string (config/bad_request.py).
    "config.bad_request.RequestEncodingMiddleware",
    # Content-Security-Policy (django-csp): sends nothing until CONTENT_SECURITY_POLICY is set (production).
    "config.security_headers.ContentSecurityPolicyMiddleware",
    "config.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Above sessions, CSRF and auth: a cached page is answered without touching the database.
    "home.page_cache_middleware.PageCacheMiddleware",
    # Below the page cache (whose copies keep its headers), above what may make a response personal.
    "home.cache_headers.SharedCacheHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # request.htmx: the staff queue's live list tells its refreshes from a page visit (callbacks/queue/views/live.py).
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # After authentication: turns a sign-in refused for lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
    # Last, so that its process_exception sees a database outage first.
    "config.outage.DatabaseUnavailableMiddleware",
]

# Whole pages for anonymous readers, kept this many seconds at most (home/page_cache.py); 0 turns it off.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# How long a browser may reuse a page without asking again (Cache-Control max-age; home/cache_headers.py).
# Shared caches (a CDN, Varnish) keep pages for PAGE_CACHE_SECONDS (s-maxage), or until purged.
BROWSER_CACHE_SECONDS = int(os.environ.get("BROWSER_CACHE_SECONDS", "60"))
# Purging a CDN or Varnish in front after each publish (wagtail.contrib.frontend_cache; see README).
WAGTAILFRONTENDCACHE = frontend_cache_from_env()
# Fragments cached with Wagtail's {% wagtailpagecache %} (an article's body, its related articles, empty
# forms), kept this many seconds at most and renewed with the page cache's content version; 0 turns them off.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "3600"))
# The number the "database down" page shows when the cache no longer holds the saved one.
HELPLINE_FALLBACK_NUMBER = os.environ.get("HELPLINE_FALLBACK_NUMBER", "02380 248725")
# A form posted without its token gets a page that offers it again (home/csrf.py).
CSRF_FAILURE_VIEW = "home.csrf.csrf_failure"
# Browser features no page uses, switched off for the pages and anything embedded in them.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)
# /bench/ok/, the bare view bench/pages.py compares pages with; off except in benchmarks.
BENCH_VIEWS = env_bool("BENCH_VIEWS", default=False)

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "home.context_processors.fragment_cache",
            ],
        },
    },
]

DATABASES = {"default": database_from_env(BASE_DIR / "db.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": cache_from_env()}

# Sign-in throttling (django-axes): the first backend refuses a user+address locked out.
AUTHENTICATION_BACKENDS = [
    # AxesBackend, not AxesStandaloneBackend: sessions name the first backend (Wagtail's test
    # helpers do), and only this one can also load the signed-in user back.
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# After AXES_FAILURE_LIMIT wrong passwords for one username from one address, that pair is
# refused for AXES_COOLOFF_TIME; staff unlock it sooner under Settings > Sign-in lockouts.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "sign_in_locked_out.html"
# The client address as the rate limits see it (NUM_PROXIES), not what a client claims.
AXES_CLIENT_IP_CALLABLE = "operations.sign_in_address.sign_in_client_address"
# No row for every successful sign-in, and no log line naming a username and address
# (operations/sign_in_lockouts.py logs one line per lockout without them).
AXES_DISABLE_ACCESS_LOG = True
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Page editors with many blocks post a lot of fields.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Sciaticalm")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAIL_I18N_ENABLED = False
# The admin calls no other site: no Gravatar (it would learn a hash of each editor's email
# address) and no check for new Wagtail releases. Both would also need the admin's
# Content-Security-Policy widened (config/content_security_policy.py).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
TAGGIT_CASE_INSENSITIVE = True

# Background work (django-tasks). Wagtail's own housekeeping tasks use "default" and
# run in the request, as before. The callbacks app's tasks (text messages) use
# "background": rows in the database, written in the same transaction as the
# booking they belong to, and run by `python manage.py db_worker --backend background`.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
}

# Text messages (callbacks/texts/gateway.py). SMS_BACKEND: "twilio", "console" (log and outbox
# only) or "off"; left empty, Twilio is used when its settings below are complete
# and texts are off otherwise.
SMS_BACKEND = os.environ.get("SMS_BACKEND", "").strip().lower()
TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
# Either a sending number in E.164 or a Messaging Service (which wins if both are set).
TWILIO_FROM_NUMBER = os.environ.get("TWILIO_FROM_NUMBER", "")
TWILIO_MESSAGING_SERVICE_SID = os.environ.get("TWILIO_MESSAGING_SERVICE_SID", "")
# Seconds to wait for Twilio's API before the send counts as a timeout (and is retried).
SMS_TIMEOUT_SECONDS = float(os.environ.get("SMS_TIMEOUT_SECONDS", "10"))
# The twilio.http.HttpClient subclass the Twilio client sends through (tests swap in a fake).
SMS_HTTP_CLIENT = "twilio.http.http_client.TwilioHttpClient"
# Where the public reaches this site, e.g. https://www.example.org: used for the links in
# texts, the delivery-status webhook URL given to Twilio, and checking Twilio's signature
# on it. Empty: the Wagtail site's root URL, and the URL of each incoming request.
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")

# Clinical review (blog/review.py, blog/review_lifecycle.py). An approved clinical sign-off sets the
# next review this many months on; a reminder goes out 30 days before it falls due (the report's
# "due soon"), content leads hear of it ESCALATION_DAYS after, and readers see a "being reviewed"
# notice once it is READER_NOTICE_DAYS overdue.
CLINICAL_REVIEW_INTERVAL_MONTHS = int(os.environ.get("CLINICAL_REVIEW_INTERVAL_MONTHS", "12"))
CLINICAL_REVIEW_ESCALATION_DAYS = int(os.environ.get("CLINICAL_REVIEW_ESCALATION_DAYS", "14"))
CLINICAL_REVIEW_READER_NOTICE_DAYS = int(os.environ.get("CLINICAL_REVIEW_READER_NOTICE_DAYS", "30"))

# Email (review reminders). The console backend prints messages; production sets EMAIL_BACKEND to
# django.core.mail.backends.smtp.EmailBackend (with EMAIL_HOST and friends) or an anymail backend.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    # Paths in log lines lose their query strings and signed links (config/log_privacy.py).
    "filters": {
        "redact_paths": {"()": "config.log_privacy.RedactPathsFilter"},
        # The outage page is logged once per outage by config/outage.py, not once per request.
        "skip_outage_answers": {"()": "config.request_log.SkipOutageAnswers"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_paths"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # Request logs carry URLs, which may carry signed links: keep them at WARNING.
        "django.request": {"level": "WARNING", "filters": ["skip_outage_answers"]},
        "django.server": {"level": "WARNING"},
        # Wagtail runs its index updates as tasks; one INFO line per page save is noise.
        "django_tasks": {"level": "WARNING"},
        # The worker (operations/management/commands/run_worker.py) runs the queue in batches,
        # and the clock adds and runs jobs: one INFO line per batch or run is noise.
        "django_tasks_db": {"level": "WARNING"},
        "apscheduler": {"level": "WARNING"},
    },
}


def require(name: str) -> str:
    """An environment variable that production cannot do without."""
    value = os.environ.get(name, "")
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable.")
    return value
