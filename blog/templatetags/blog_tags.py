"""Article lists that other apps' templates can show without importing the blog, and the article's own extras."""

from django import template
from django.utils import timezone

from blog.forms import COMMENT_PREFIX, FEEDBACK_PREFIX, CommentForm, FeedbackForm
from blog.models import articles_with_card_data, newest_first, public_articles
from blog.review import under_review_for_readers
from blog.structured_data import medical_web_page
from home.structured_data import SCHEMA_CONTEXT, json_ld_script
from home.templatetags.site_tags import canonical_url
from home.templatetags.structured_data_tags import site_root_url

register = template.Library()


@register.simple_tag
def latest_articles(count: int = 3, exclude=()):
    """The newest live articles, ready to render as cards."""
    exclude_ids = [page.pk for page in exclude]
    queryset = newest_first(public_articles().exclude(pk__in=exclude_ids))
    return list(articles_with_card_data(queryset)[:count])


@register.simple_tag
def articles_by_id(page_ids):
    """Live articles with these ids, in the order given (the editor's order)."""
    found = {page.pk: page for page in articles_with_card_data(public_articles().filter(pk__in=page_ids))}
    return [found[pk] for pk in page_ids if pk in found]


@register.simple_tag(takes_context=True)
def article_structured_data(context):
    """The article's MedicalWebPage JSON-LD, from the page's context (authors and tags already loaded)."""
    article = context.get("page")
    request = context.get("request")
    url = canonical_url(context)
    root_url = site_root_url(request)
    if article is None or not url or not root_url:
        return ""
    data = medical_web_page(
        article,
        url=url,
        root_url=root_url,
        authors=context.get("authors") or [],
        tags=context.get("tags") or [],
    )
    return json_ld_script({"@context": SCHEMA_CONTEXT, **data})


@register.simple_tag(takes_context=True)
def reply_form(context):
    """The article's reply form: the one being corrected, if the page was shown again with mistakes, else a new one."""
    return context.get("comment_form") or CommentForm(prefix=COMMENT_PREFIX)


@register.simple_tag(takes_context=True)
def feedback_form(context):
    """The "Was this page helpful?" form: the one being corrected, else a new one."""
    return context.get("feedback_form") or FeedbackForm(prefix=FEEDBACK_PREFIX)


@register.simple_tag
def article_under_review(article) -> bool:
    """Whether the article shows its "being reviewed" notice today (worked out on every render, never cached)."""
    return under_review_for_readers(article.next_review_due, timezone.localdate())
