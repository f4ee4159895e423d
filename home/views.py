"""Site-wide views that are not pages: search and robots.txt."""

from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from wagtail.models import Site

from . import search as site_search
from .search_hits import count_search_hit


@require_GET
def search(request):
    """Search results with editors' promotions first, or a page that explains what to do instead.

    An empty, over-long or wordless query is not searched: the page says what
    was wrong and offers the box again, with status 200, never an error.
    """
    site = Site.find_for_request(request)
    query = site_search.clean_query(request.GET.get("query"))
    context = {"query": query.text, "problem": query.problem, "promotions": [], "results": None}
    if site is not None and not query.problem:
        picks = site_search.promotions(query.text, site.root_page)
        promoted_ids = [pick.page_id for pick in picks if pick.page_id]
        page_obj = site_search.paginate(
            site_search.search_pages(query.text, site.root_page, exclude_ids=promoted_ids),
            request.GET.get("page"),
        )
        context["promotions"] = picks if page_obj.number == 1 else []
        context["results"] = page_obj
        context["described_results"] = [site_search.describe(page, request) for page in page_obj]
        if page_obj.paginator.count or picks:
            # Counted in the cache; the clock writes the counts to the database (home/search_hits.py).
            count_search_hit(query.text)
    return render(request, "home/search_results.html", context)


@require_GET
def robots_txt(request):
    """Crawlers may read every page except the admin and search results; the sitemap lists the pages.

    The sitemap's address is on the Wagtail site's configured host and port, like every
    address in the sitemap itself.
    """
    site = Site.find_for_request(request)
    sitemap_path = reverse("sitemap")
    sitemap_url = f"{site.root_url}{sitemap_path}" if site else request.build_absolute_uri(sitemap_path)
    return render(request, "robots.txt", {"sitemap_url": sitemap_url}, content_type="text/plain; charset=utf-8")
