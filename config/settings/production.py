"""Production: every secret from the environment, HTTPS everywhere, strict browser policies.

Run behind a TLS-terminating proxy or load balancer that sets
X-Forwarded-Proto, with gunicorn (gunicorn.conf.py); see README "Deploying
and scaling out". Settings shared with base are replaced here, never changed
in place, so that importing this module changes nothing for other settings.
"""

from config.content_security_policy import DEFAULT_FRAME_SOURCES, admin_directives, site_directives

from .base import *  # noqa: F403
from .base import env_bool, env_list, require

SECRET_KEY = require("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or [require("DJANGO_ALLOWED_HOSTS")]
DEBUG = False

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}

# Keep database connections open between requests (opening a PostgreSQL connection costs
# more than rendering most pages); health checks drop one the database has closed.
DATABASES = {
    "default": {
        **DATABASES["default"],
        "CONN_MAX_AGE": int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        "CONN_HEALTH_CHECKS": True,
    }
}

# HTTPS. The proxy in front terminates TLS and says so in X-Forwarded-Proto, and Django
# believes that header (SECURE_PROXY_SSL_HEADER): so the proxy must set it on every
# request, overwriting whatever the client sent, and must be the only way to reach
# gunicorn (FORWARDED_ALLOW_IPS there). Otherwise a client could claim HTTPS over HTTP.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# Load balancers' health checks come over plain HTTP from inside the network.
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live)?$"]
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True

# What browsers may do with the pages. Other sites learn the origin a reader came from,
# never the path (which can name a condition); the callback pages ask for "same-origin".
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4; config/content_security_policy.py). The middleware
# is in base MIDDLEWARE and sends nothing until these are set.
INSTALLED_APPS = [*INSTALLED_APPS, "csp"]
_sources = {
    "image_sources": env_list("CSP_IMAGE_SOURCES"),
    "frame_sources": env_list("CSP_FRAME_SOURCES", ",".join(DEFAULT_FRAME_SOURCES)),
}
CONTENT_SECURITY_POLICY = {"DIRECTIVES": site_directives(**_sources)}
CONTENT_SECURITY_POLICY_ADMIN = {"DIRECTIVES": admin_directives(**_sources)}
