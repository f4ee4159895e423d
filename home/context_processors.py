"""What templates need to cache fragments with Wagtail's `{% wagtailpagecache %}` / `{% wagtailcache %}`.

    {% wagtailpagecache fragment_cache_seconds "article-main" content_version %}

`content_version` makes every fragment out of date whenever anything is
published or any setting or snippet saved (home/cache_invalidation.py); the
tags themselves vary on the page's own version, the site, and skip previews.
`fragment_cache_seconds` is FRAGMENT_CACHE_SECONDS (0 renders every fragment afresh).
"""

from django.conf import settings

from . import page_cache


def fragment_cache(request):
    return {
        # A callable: templates call it only when a fragment tag renders (one cache read per request).
        "content_version": lambda: page_cache.content_version(request),
        "fragment_cache_seconds": settings.FRAGMENT_CACHE_SECONDS,
    }
