from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from config import health
from home import csrf as home_csrf
from home import views as home_views

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("webhooks/", include("callbacks.urls")),
    path("search/", home_views.search, name="search"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", home_views.robots_txt, name="robots_txt"),
    path("healthz", health.ready, name="healthz"),
    path("healthz/live", health.live, name="healthz_live"),
    path("forms/token/", home_csrf.form_token, name="form_token"),
]

if settings.BENCH_VIEWS:
    urlpatterns += [path("bench/ok/", health.bench_ok, name="bench_ok")]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every other URL from the page tree; it must come last.
urlpatterns += [path("", include(wagtail_urls))]

# A database outage raised outside any view still gets the 503 page (config/outage.py).
handler500 = "config.outage.server_error"
# A request Django refuses (too big, unreadable) gets a plain page with the help-line number.
handler400 = "config.bad_request.bad_request"
