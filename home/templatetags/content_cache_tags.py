"""Template fragments kept until something is published: `{% content_cache %}`.

    {% load content_cache_tags %}
    {% content_cache "article-main" page.pk %} ...expensive, the same for every reader... {% endcontent_cache %}
    {% content_cache "reply-form" skip=form.is_bound %} ...an empty form's fields... {% endcontent_cache %}

The fragment is rendered once and kept under the content version
(home/page_cache.py), keyed by its name, the values after it, and the
request's scheme and host (for absolute URLs). For what differs by reader or
by time it must not be used: a form's CSRF token, a form with what a reader
typed or its errors (`skip=` renders those afresh), messages, the help
line's "open now" label. Previews are always rendered afresh, so an editor
sees their draft, not the live page's fragment.

This is what lets a page render quickly when the page cache cannot serve it
(a reader with a session, a form shown again with mistakes, the first reader
after a publish): the article body, its structured data and its related
articles are the costly parts to render and change only on publishing.
"""

import hashlib

from django import template
from django.utils.safestring import mark_safe

from home.page_cache import remember_for_content

register = template.Library()


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, name, vary_on, skip):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.skip = skip

    def render(self, context):
        request = context.get("request")
        skip = self.skip is not None and self.skip.resolve(context)
        if skip or request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        parts = [str(self.name.resolve(context))] + [str(value.resolve(context)) for value in self.vary_on]
        parts.append(f"{request.scheme}://{request.get_host()}")
        digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
        return mark_safe(  # noqa: S308 - the template's own output, escaped as it was rendered
            remember_for_content(request, f"fragment:{digest}", lambda: str(self.nodelist.render(context)))
        )


@register.tag
def content_cache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("{% content_cache %} needs a fragment name.")
    skip = None
    if bits[-1].startswith("skip="):
        skip = parser.compile_filter(bits.pop()[len("skip=") :])
    nodelist = parser.parse(("endcontent_cache",))
    parser.delete_first_token()
    return ContentCacheNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(bit) for bit in bits[2:]], skip
    )
