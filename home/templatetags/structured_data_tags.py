"""JSON-LD on every page: the organisation and its help line, the breadcrumb trail and the page's FAQs.

    {% load structured_data_tags %}
    {% site_structured_data telephone=helpline.number opening_hours=helpline.opening_hours %}

Built from what the page has already loaded (the site, the header's pages,
the page's body), so it adds no queries. Page types that say more about
themselves (articles) add their own script next to this one.
"""

from django import template
from wagtail.models import Page, Site

from .. import structured_data
from .site_tags import breadcrumbs, canonical_url, site_name

register = template.Library()


def site_root_url(request) -> str:
    """The site's address with a trailing slash, as canonical URLs are built ("http://example.org/")."""
    site = Site.find_for_request(request) if request is not None else None
    return f"{site.root_url}/" if site is not None else ""


def _opening_hours(stream) -> list[dict]:
    rows = []
    for child in stream or ():
        value = getattr(child, "value", child)
        if hasattr(value, "get"):
            rows.append({"weekday": value.get("weekday"), "opens": value.get("opens"), "closes": value.get("closes")})
    return structured_data.opening_hours_specification(rows)


def _breadcrumb_items(context, request, page_url: str) -> list[tuple[str, str]]:
    page = context.get("page")
    if not isinstance(page, Page):
        return []
    ancestors = breadcrumbs(context)
    items = [
        ("Home" if index == 0 else ancestor.title, ancestor.get_full_url(request))
        for index, ancestor in enumerate(ancestors)
    ]
    tag = context.get("tag")
    if tag is not None and getattr(tag, "name", None):
        items.append((page.title, page.get_full_url(request)))
        items.append((f"Tagged “{tag.name}”", page_url))
    else:
        items.append((page.title, page_url))
    return [(name, url) for name, url in items if url]


@register.simple_tag(takes_context=True)
def site_structured_data(context, telephone: str = "", opening_hours=None):
    request = context.get("request")
    root_url = site_root_url(request)
    if not root_url:
        return ""
    nodes = [
        structured_data.organization(
            name=site_name(context),
            root_url=root_url,
            telephone=telephone,
            opening_hours=_opening_hours(opening_hours),
        )
    ]
    page_url = canonical_url(context)
    crumbs = _breadcrumb_items(context, request, page_url)
    if len(crumbs) > 1:
        nodes.append(structured_data.breadcrumb_list(crumbs))
    page = context.get("page")
    questions = structured_data.faq_questions(getattr(page, "body", None)) if isinstance(page, Page) else []
    if questions and page_url:
        nodes.append(structured_data.faq_page(url=page_url, questions=questions))
    return structured_data.json_ld_script(structured_data.graph(*nodes))
