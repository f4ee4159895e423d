"""Production settings, the security headers they add, gunicorn's configuration, and logs without personal data."""

import datetime
import json
import logging
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
import time_machine
from django.test import Client
from gunicorn.config import Config

from config.content_security_policy import admin_directives, site_directives
from config.log_privacy import REDACTED, AccessLogger, RedactPathsFilter, redact_path
from tests.blog.factories import ArticleIndexPageFactory, ArticlePageFactory
from tests.callbacks.booking_page import form_data, make_callback_page
from tests.callbacks.conftest import MONDAY_MORNING
from tests.home.factories import site_home_page

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    "DJANGO_SECRET_KEY": "production-test-" + "k" * 50,
    "DJANGO_ALLOWED_HOSTS": "www.example.org",
}
# A cancel link's token as callbacks/booking/links.py makes them: reference, time, signature.
SIGNED_TOKEN = "7KQ2M9XH1m4ztq-Xb3dQ0vF9aPz_Lr2kYwN8sT6uVhC1eJ5oGi"


def production_environment(**env) -> dict:
    """This process's environment with production settings, less what only tests set."""
    environment = {**os.environ, **PRODUCTION_ENV, **env}
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the latter: tests/conftest.py, for Playwright
        environment.pop(name, None)
    return environment


def run_with_production_settings(code: str, **env) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 - this project's own code, run by this Python
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=production_environment(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


# --- the settings themselves ------------------------------------------------------------------


def test_the_deployment_checks_pass_with_no_warnings():
    completed = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_production_settings_insist_on_https_and_strict_browser_policies():
    code = """
import json
from django.conf import settings
import django; django.setup()
print(json.dumps({
    "hsts": [settings.SECURE_HSTS_SECONDS, settings.SECURE_HSTS_INCLUDE_SUBDOMAINS, settings.SECURE_HSTS_PRELOAD],
    "cookies": [settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE],
    "proxy": list(settings.SECURE_PROXY_SSL_HEADER),
    "redirect": [settings.SECURE_SSL_REDIRECT, settings.SECURE_REDIRECT_EXEMPT],
    "referrer": settings.SECURE_REFERRER_POLICY,
    "csp": settings.CONTENT_SECURITY_POLICY["DIRECTIVES"],
    "middleware": settings.MIDDLEWARE,
    "debug": settings.DEBUG,
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
}))
"""
    completed = run_with_production_settings(code)
    assert completed.returncode == 0, completed.stderr
    values = json.loads(completed.stdout)

    assert values["hsts"] == [31_536_000, True, True]
    assert values["cookies"] == [True, True]
    assert values["proxy"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["redirect"] == [True, ["^healthz(/live)?$"]]
    assert values["referrer"] == "strict-origin-when-cross-origin"
    assert values["csp"]["script-src"] == ["'self'"] and values["csp"]["style-src"] == ["'self'"]
    assert values["csp"]["object-src"] == ["'none'"] and values["csp"]["frame-ancestors"] == ["'none'"]
    assert "config.security_headers.ContentSecurityPolicyMiddleware" in values["middleware"]
    assert values["debug"] is False
    assert values["conn_max_age"] == 60


def test_production_settings_refuse_to_start_without_a_secret_key():
    completed = run_with_production_settings(
        "import django; django.setup()", DJANGO_SECRET_KEY="", DJANGO_ALLOWED_HOSTS="www.example.org"
    )

    assert completed.returncode != 0
    assert "Set the DJANGO_SECRET_KEY environment variable." in completed.stderr


def test_importing_production_settings_changes_nothing_shared_with_base():
    code = """
import copy, json
from config.settings import base
before = copy.deepcopy([base.MIDDLEWARE, base.INSTALLED_APPS, base.STORAGES, base.DATABASES])
from config.settings import production
print(json.dumps(before == [base.MIDDLEWARE, base.INSTALLED_APPS, base.STORAGES, base.DATABASES], default=str))
"""
    completed = run_with_production_settings(code)

    assert completed.stdout.strip() == "true", completed.stderr


# --- headers on responses ------------------------------------------------------------------------


@pytest.fixture
def production_headers(settings):
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": site_directives()}
    settings.CONTENT_SECURITY_POLICY_ADMIN = {"DIRECTIVES": admin_directives()}
    settings.SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
    settings.SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"


@pytest.fixture
def article(db):
    return ArticlePageFactory(parent=ArticleIndexPageFactory(parent=site_home_page()))


def test_pages_carry_the_strict_policy_and_the_permissions_policy(client, article, production_headers):
    response = client.get(article.url)

    policy = response["Content-Security-Policy"]
    assert "script-src 'self';" in policy + ";" and "style-src 'self';" in policy + ";"
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_pages_from_the_page_cache_carry_the_same_headers(client, article, production_headers):
    first, second = client.get(article.url), client.get(article.url)

    assert second["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "Permissions-Policy", "Referrer-Policy", "X-Frame-Options"):
        assert second[header] == first[header], header


def test_the_admin_gets_its_own_looser_policy(client, db, production_headers):
    response = client.get("/admin/login/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in policy
    assert "frame-ancestors 'self'" in policy
    assert "object-src 'none'" in policy


def test_the_callback_pages_keep_their_stricter_referrer_policy(client, db, production_headers):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        response = client.get(make_callback_page().url)

    assert response["Referrer-Policy"] == "same-origin"
    assert "Content-Security-Policy" in response


def test_https_is_required_except_for_the_health_check(db, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_REDIRECT_EXEMPT = [r"^healthz(/live)?$"]
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31_536_000
    site_home_page()
    client = Client()

    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz/live").status_code == 200
    redirected = client.get("/")
    assert redirected.status_code == 301 and redirected["Location"] == "https://testserver/"
    over_https = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert over_https.status_code == 200
    assert over_https["Strict-Transport-Security"].startswith("max-age=31536000")


# --- gunicorn -----------------------------------------------------------------------------------------


def test_gunicorn_reads_its_settings_from_the_environment(monkeypatch):
    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    monkeypatch.setenv("PORT", "8123")
    monkeypatch.delenv("GUNICORN_BIND", raising=False)

    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert settings["wsgi_app"] == "config.wsgi:application"
    assert settings["workers"] == 3
    assert settings["bind"] == "127.0.0.1:8123"
    assert settings["worker_class"] == "gthread"
    assert settings["logger_class"] == "config.log_privacy.AccessLogger"
    assert "%(h)s" not in settings["access_log_format"] and "%(a)s" not in settings["access_log_format"]


# --- logs without personal data -------------------------------------------------------------------------


def test_paths_lose_their_query_strings_and_signed_links():
    assert redact_path("/search/?query=numb+left+leg") == "/search/"
    assert redact_path(f"/request-a-callback/cancel/{SIGNED_TOKEN}/") == f"/request-a-callback/cancel/{REDACTED}/"
    assert redact_path(f"/request-a-callback/confirmation/{SIGNED_TOKEN}/") == (
        f"/request-a-callback/confirmation/{REDACTED}/"
    )
    # A manage link's token is short enough (and may be lower case) to need its route's name to be found.
    assert redact_path("/request-a-callback/manage/7kq2m9xh1m4ztq-xb3dq0vf/move/") == (
        f"/request-a-callback/manage/{REDACTED}/move/"
    )
    assert redact_path(f"/anything/{SIGNED_TOKEN}/") == f"/anything/{REDACTED}/"
    assert redact_path("/articles/10-tips-for-sciatica-at-work/") == "/articles/10-tips-for-sciatica-at-work/"


def test_gunicorn_access_lines_carry_no_address_query_referer_or_token():
    class Response:
        status = "404 Not Found"
        headers = [("Content-Type", "text/html")]
        sent = 1234

    class Request:
        headers = [("COOKIE", "sessionid=secret"), ("X-FORWARDED-FOR", "203.0.113.7")]

    environ = {
        "REMOTE_ADDR": "203.0.113.7",
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/request-a-callback/cancel/{SIGNED_TOKEN}/?phone=07911123456",
        "PATH_INFO": f"/request-a-callback/cancel/{SIGNED_TOKEN}/",
        "QUERY_STRING": "phone=07911123456",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://www.example.org/search/?query=my+sciatica",
        "HTTP_USER_AGENT": "Mozilla/5.0 (a reader's own browser)",
    }
    logger = AccessLogger(Config())

    atoms = logger.atoms(Response(), Request(), environ, datetime.timedelta(milliseconds=12))
    line = logger.cfg.access_log_format % atoms
    everything = json.dumps(atoms)

    assert f"/request-a-callback/cancel/{REDACTED}/" in line
    for personal in ("203.0.113.7", SIGNED_TOKEN, "07911123456", "my+sciatica", "Mozilla", "sessionid"):
        assert personal not in everything


def test_django_request_warnings_name_paths_without_their_tokens(client, db, caplog):
    with time_machine.travel(MONDAY_MORNING, tick=False):
        page = make_callback_page()
        with caplog.at_level(logging.DEBUG):
            client.get(f"{page.url}confirmation/{SIGNED_TOKEN}/")
            client.post(page.url, form_data(name="Alex Reader", phone="07911 123456"))

    redact = RedactPathsFilter()
    lines = [record.getMessage() for record in caplog.records if redact.filter(record)]
    assert any("Not Found" in line and REDACTED in line for line in lines)
    for personal in (SIGNED_TOKEN, "Alex Reader", "07911", "+447911123456"):
        assert not any(personal in line for line in lines), personal
