"""Article lists that other apps' templates can show without importing the blog."""

from django import template

from blog.models import ArticlePage, articles_with_card_data

register = template.Library()


@register.simple_tag
def latest_articles(count: int = 3, exclude=()):
    """The newest live articles, ready to render as cards."""
    exclude_ids = [page.pk for page in exclude]
    queryset = ArticlePage.objects.live().public().exclude(pk__in=exclude_ids).order_by("-first_published_at")
    return list(articles_with_card_data(queryset)[:count])


@register.simple_tag
def articles_by_id(page_ids):
    """Live articles with these ids, in the order given (the editor's order)."""
    found = {page.pk: page for page in articles_with_card_data(ArticlePage.objects.live().filter(pk__in=page_ids))}
    return [found[pk] for pk in page_ids if pk in found]
