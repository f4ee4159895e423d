"""What templates need to cache fragments with Wagtail's `{% wagtailpagecache %}` / `{% wagtailcache %}`.

    {% wagtailpagecache fragment_cache_seconds "article-main" content_version %}

`content_version` makes every fragment out of date whenever anything is
published or any setting or snippet saved (home/cache_invalidation.py); the
tags themselves vary on the page's own version, the site, and skip previews.
`fragment_cache_seconds` is FRAGMENT_CACHE_SECONDS (0 renders every fragment afresh).

Fragments of base.html, which also frames pages that are not Wagtail pages, use
`{% wagtailcache %}` and name their site themselves:

    {% wagtailcache fragment_cache_seconds "main-menu" request_site.pk page.cache_key content_version %}

`request_site` is Wagtail's `Site.find_for_request`, looked up only when a fragment asks (Wagtail
keeps the answer on the request, so a page Wagtail has routed pays nothing more).
"""

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from wagtail.models import Site

from . import page_cache


def fragment_cache(request):
    return {
        # A callable: templates call it only when a fragment tag renders (one cache read per request).
        "content_version": lambda: page_cache.content_version(request),
        "fragment_cache_seconds": settings.FRAGMENT_CACHE_SECONDS,
        "request_site": SimpleLazyObject(lambda: Site.find_for_request(request)),
    }
