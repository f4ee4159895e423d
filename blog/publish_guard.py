"""No article is published from the admin except through clinical sign-off.

Wagtail's own hooks refuse the other ways to publish an article: the Publish
button in the editor (hidden, and refused if sent anyway), the bulk "Publish"
action, and copying with "Publish copies". On an existing article the draft is
saved before `before_publish_page` runs, so nothing the editor wrote is lost,
and a user allowed to override (superusers) is sent to a page that asks for
the reason. A new article is always saved as a draft first: Wagtail's create
view puts a page live before `before_publish_page` could stop it.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from .models import ArticleIndexPage, ArticlePage
from .sign_off import (
    OVERRIDE_REASON_MAX_LENGTH,
    article_publish_without_sign_off,
    can_publish_without_sign_off,
)

REFUSAL = (
    "Articles are published by clinical sign-off. Your changes are saved as a draft: "
    "submit it to the Clinical review workflow to publish it."
)


def is_article(page) -> bool:
    return isinstance(page.specific_deferred, ArticlePage)


def refuse_publishing_article(request, page):
    """`before_publish_page`: send the publisher back to the editor (or, if allowed, to the override form)."""
    if not is_article(page):
        return None
    if can_publish_without_sign_off(request.user):
        messages.warning(request, "This article has no clinical sign-off. Give a reason to publish it anyway.")
        return redirect("blog_sign_off:override", page.pk)
    messages.error(request, REFUSAL)
    return redirect("wagtailadmin_pages:edit", page.pk)


def hide_publish_button_on_articles(menu_items, request, context):
    """`construct_page_action_menu`: no Publish button on articles, except (when editing) for those allowed."""
    if context.get("view") == "create":
        holds_articles = isinstance(context["parent_page"].specific_deferred, ArticleIndexPage)
    else:
        holds_articles = is_article(context["page"])
    if not holds_articles or (context.get("view") == "edit" and can_publish_without_sign_off(request.user)):
        return
    menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


def refuse_creating_published_article(request, parent_page, page_class):
    """`before_create_page`: a new article cannot be published as it is created (the button is hidden)."""
    if request.method == "POST" and "action-publish" in request.POST and issubclass(page_class, ArticlePage):
        messages.error(request, "Save a new article as a draft, then submit it to the Clinical review workflow.")
        return redirect(request.get_full_path())
    return None


def refuse_bulk_publishing_articles(request, action_type, objects, action_class_instance):
    """`before_bulk_action`: the bulk Publish action never publishes articles."""
    if action_type != "publish" or not any(is_article(page) for page in objects):
        return None
    messages.error(request, "Articles are published one by one, by clinical sign-off. Nothing was published.")
    return redirect(reverse("wagtailadmin_explore_root"))


def refuse_publishing_copied_articles(request, page):
    """`before_copy_page`: copying may not publish an article (or a section holding articles)."""
    if request.method != "POST" or not request.POST.get("publish_copies"):
        return None
    holds_articles = is_article(page) or ArticlePage.objects.descendant_of(page).exists()
    if not holds_articles or can_publish_without_sign_off(request.user):
        return None
    messages.error(request, "Copies of articles cannot be published without clinical sign-off. Copy them as drafts.")
    return redirect("wagtailadmin_pages:copy", page.pk)


class OverrideForm(forms.Form):
    reason = forms.CharField(
        label="Why publish without clinical sign-off?",
        max_length=OVERRIDE_REASON_MAX_LENGTH,
        widget=forms.Textarea({"rows": 3}),
        help_text="Kept in the page's history. For example a correction of a phone number that cannot wait.",
        error_messages={"required": "Give the reason: it is kept in the page's history."},
    )


class PublishWithoutSignOffView(View):
    """Asks a user allowed to override for a reason, then publishes the article's latest draft."""

    template_name = "blog/admin/publish_without_sign_off.html"

    def dispatch(self, request, page_id):
        if not can_publish_without_sign_off(request.user):
            raise PermissionDenied
        self.article = get_object_or_404(ArticlePage, pk=page_id)
        return super().dispatch(request, page_id)

    def get(self, request, page_id):
        return self.render(OverrideForm())

    def post(self, request, page_id):
        form = OverrideForm(request.POST)
        if not form.is_valid():
            return self.render(form)
        article_publish_without_sign_off(article=self.article, user=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, f"Published “{self.article.title}” without clinical sign-off.")
        return redirect("wagtailadmin_explore", self.article.get_parent().pk)

    def render(self, form):
        return TemplateResponse(self.request, self.template_name, {"form": form, "article": self.article})
