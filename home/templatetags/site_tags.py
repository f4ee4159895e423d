"""Template helpers for the site's frame: name, navigation, breadcrumbs, URLs, pagination.

Each helper costs at most one query per request, so that pages render in a
fixed number of queries however many items they list.
"""

from django import template
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page as PaginatorPage
from django.db.models import Q
from wagtail.models import Page, Site

register = template.Library()

# What the site is, under its name in the header and after it in the home page's title.
SITE_TAGLINE = "Back pain and sciatica help line"


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


@register.simple_tag(takes_context=True)
def site_name(context) -> str:
    """The Wagtail site's name, else the project's (WAGTAIL_SITE_NAME)."""
    site = _site(context)
    return (site.site_name if site else "") or settings.WAGTAIL_SITE_NAME


@register.simple_tag
def site_tagline() -> str:
    return SITE_TAGLINE


@register.simple_tag(takes_context=True)
def document_title(context, title: str = "") -> str:
    """The <title>: "Page – Site name", never the site name twice.

    A page titled like the site (the home page) gets "Site name – tagline"; no title, the name alone.
    """
    name = site_name(context)
    if not title:
        return name
    if title == name:
        return f"{name} – {SITE_TAGLINE}"
    return f"{title} – {name}"


def _frame_pages(context) -> tuple[list[Page], list[Page]]:
    """The main menu's pages and the current page's ancestors, fetched together in one query.

    Kept on the request, so the header, the breadcrumbs and the 404 page's
    suggestions share that one query. Ancestors run from the site's home page
    down to the current page's parent; both lists are empty without a site.
    """
    menu_pages, ancestors, _top_level = _site_frame(context)
    return menu_pages, ancestors


def _site_frame(context) -> tuple[list[Page], list[Page], list[Page]]:
    """The menu, the ancestors and every live page directly under the site's home page, in one query.

    The top-level pages come with the menu at no extra cost; footer links and
    links to a section found by its type (`site_page_of_type`) are looked up
    among them rather than with queries of their own.
    """
    request = context.get("request")
    site = _site(context)
    if site is None:
        return [], [], []
    cached = getattr(request, "_site_frame_pages", None)
    if cached is not None:
        return cached
    root = site.root_page
    page = context.get("page")
    ancestor_paths = []
    if isinstance(page, Page) and page.pk != root.pk and page.path.startswith(root.path):
        ancestor_paths = [page.path[: Page.steplen * depth] for depth in range(root.depth, page.depth)]
    top_level = Q(path__startswith=root.path, depth=root.depth + 1, live=True)

    pages = list(Page.objects.filter(top_level | Q(path__in=ancestor_paths)).order_by("path"))
    top_level_pages = [p for p in pages if p.depth == root.depth + 1 and p.live]
    menu_pages = [p for p in top_level_pages if p.show_in_menus]
    ancestors = [p for p in pages if p.path in ancestor_paths]
    result = (menu_pages, ancestors, top_level_pages)
    if request is not None:
        request._site_frame_pages = result
    return result


@register.simple_tag(takes_context=True)
def site_page_of_type(context, page_type: str) -> Page | None:
    """The first live page of `page_type` ("app_label.modelname") directly under the site's home page.

    For linking to a section another app provides (the callback page) without
    importing that app; found among the pages the header already loaded.
    """
    try:
        app_label, model = page_type.lower().split(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
    except (ValueError, ContentType.DoesNotExist):
        return None
    _menu, _ancestors, top_level_pages = _site_frame(context)
    return next((p for p in top_level_pages if p.content_type_id == content_type.pk), None)


@register.simple_tag(takes_context=True)
def footer_links(context, stream) -> list[dict]:
    """The footer's links as {label, url}, from the site settings' stream of links.

    Links to top-level pages reuse the header's pages; any others are fetched
    together in one query. Links to pages that are not live are left out
    rather than leading to a "not found" page.
    """
    request = context.get("request")
    rows = [row.get("value") or {} for row in getattr(stream, "raw_data", None) or ()]
    wanted = {row.get("page") for row in rows if row.get("page")}
    _menu, _ancestors, top_level_pages = _site_frame(context)
    pages = {p.pk: p for p in top_level_pages if p.pk in wanted}
    missing = wanted - pages.keys()
    if missing:
        pages.update(Page.objects.live().in_bulk(missing))
    links = []
    for row in rows:
        label = row.get("label") or ""
        if row.get("page"):
            linked = pages.get(row["page"])
            url = linked.get_url(request) if linked is not None else ""
        else:
            url = row.get("url") or ""
        if label and url:
            links.append({"label": label, "url": url})
    return links


@register.simple_tag(takes_context=True)
def main_menu(context) -> list[dict]:
    """The site root's live children shown in menus, with how each relates to the current page.

    `current` is "page" for the page being viewed and "true" for the section it
    sits in (values for aria-current), "" otherwise.
    """
    request = context.get("request")
    menu_pages, _ancestors = _frame_pages(context)
    current = context.get("page")
    items = []
    for menu_page in menu_pages:
        state = ""
        if isinstance(current, Page):
            if current.pk == menu_page.pk:
                state = "page"
            elif current.path.startswith(menu_page.path):
                state = "true"
        items.append({"page": menu_page, "url": menu_page.get_url(request), "title": menu_page.title, "current": state})
    return items


@register.simple_tag(takes_context=True)
def breadcrumbs(context) -> list[Page]:
    """The pages from the site's home page down to the current page's parent.

    Empty on the home page itself, for a page outside the current site and when
    there is no page (error pages, plain Django views).
    """
    _menu_pages, ancestors = _frame_pages(context)
    return ancestors


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The absolute URL of what is being viewed, without query string except a page number.

    For a routable page (the articles index) the sub-route is kept, so a tag
    page is its own canonical URL rather than the index's.
    """
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        # Error pages and plain Django views have no canonical address to give.
        return ""
    url = page.get_full_url(request)
    if not url or request is None:
        # A page outside every site has no address; a missing request leaves the page's own.
        return url or ""
    relative = page.get_url(request)
    if relative and request.path.startswith(relative) and request.path != relative:
        url += request.path[len(relative) :]
    page_number = request.GET.get("page", "")
    if page_number.isdigit() and page_number != "1":
        url += f"?page={page_number}"
    return url


def _parent_url(page, request) -> str:
    # A page's URL ends in its own slug: cutting that off gives the parent's
    # URL without fetching the parent.
    url = page.get_url(request) or ""
    trimmed = url.rstrip("/")
    return trimmed[: trimmed.rfind("/") + 1]


@register.simple_tag(takes_context=True)
def parent_page_url(context, page) -> str:
    """The URL of `page`'s parent, worked out from `page`'s own URL (no query)."""
    return _parent_url(page, context.get("request"))


@register.simple_tag(takes_context=True)
def tag_page_url(context, article, tag) -> str:
    """The URL of the page listing articles with `tag`, under the index holding `article`.

    Built from the article's URL and the "tag" route of its parent page type,
    so a list of cards with tags costs no query per card.
    """
    request = context.get("request")
    for parent_model in type(article).allowed_parent_page_models():
        if hasattr(parent_model, "get_resolver"):
            route = parent_model.get_resolver().reverse("tag", tag_slug=tag.slug).lstrip("/")
            return _parent_url(article, request) + route
    return ""


@register.simple_tag
def elided_page_range(page_obj: PaginatorPage, on_each_side: int = 2, on_ends: int = 1) -> list:
    """Page numbers around the current one, with the paginator's ellipsis for gaps."""
    return list(page_obj.paginator.get_elided_page_range(page_obj.number, on_each_side=on_each_side, on_ends=on_ends))


@register.filter
def is_ellipsis(value) -> bool:
    """Whether an item of `elided_page_range` is a gap rather than a page number."""
    return not isinstance(value, int)
