"""The Content-Security-Policy directives, for django-csp 4 (used by config/settings/production.py).

Kept out of the settings modules so that the browser tests can run the site
under exactly these policies (tests/e2e/test_security_headers.py).

Readers' pages load nothing but the site's own scripts, styles, fonts and
images, plus the video players editors embed; inline script and style are
refused (JSON-LD blocks are data, not script, and need no exception). The
Wagtail admin's own code still needs inline script and style, so it gets a
looser policy of its own (config/security_headers.py), without loosening the
readers' one.
"""

from csp.constants import NONE, SELF

# Players editors may embed (home/blocks.py EmbedBlock): YouTube and Vimeo.
DEFAULT_FRAME_SOURCES = ("https://www.youtube.com", "https://www.youtube-nocookie.com", "https://player.vimeo.com")


def site_directives(*, image_sources=(), frame_sources=DEFAULT_FRAME_SOURCES) -> dict:
    """The readers' policy; `image_sources`: where media may come from besides this site (a CDN)."""
    return {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Bootstrap draws form controls with data: SVGs.
        "img-src": [SELF, "data:", *image_sources],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF, *image_sources],
        "frame-src": [*frame_sources],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }


def admin_directives(*, image_sources=(), frame_sources=DEFAULT_FRAME_SOURCES) -> dict:
    """The Wagtail admin's policy: its own inline code, image previews (blob:), and its preview iframe."""
    return {
        **site_directives(image_sources=image_sources, frame_sources=frame_sources),
        "script-src": [SELF, "'unsafe-inline'"],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:", "blob:", *image_sources],
        "frame-src": [SELF, *frame_sources],
        "frame-ancestors": [SELF],
    }
