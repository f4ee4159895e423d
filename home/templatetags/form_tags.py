"""The CSRF field for forms on pages that may be served from the page cache.

    {% load form_tags %}
    <form method="post" ...>{% form_csrf_token %} ...</form>

On a request the page cache may keep (home/page_cache_middleware.py) the
field is left empty, so no reader's token ends up in the shared copy, and
points static/js/form-token.js at the view that supplies one (home/csrf.py).
Everywhere else (a form shown again with mistakes, a logged-in editor, the
page cache turned off) it is Django's ordinary token field.
"""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.html import format_html

from home.page_cache_middleware import is_cache_candidate

register = template.Library()


@register.simple_tag(takes_context=True)
def form_csrf_token(context) -> str:
    request = context.get("request")
    if request is None:
        return ""
    if is_cache_candidate(request):
        return format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="" data-csrf-token-url="{}">',
            reverse("form_token"),
        )
    return format_html('<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(request))
