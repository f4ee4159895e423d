"""The article's two POST routes: a reader's reply, and "Was this page helpful?".

Thin on purpose: read the form, check the honeypot and the per-address rate
limit, hand over to a service, then redirect back to the article with a
message (Post/Redirect/Get). A form with mistakes is shown again on the
article with the mistakes listed above it. GETs of these addresses go back to
the article, so a refreshed or shared link never lands on an error.
"""

from django.contrib import messages
from django.shortcuts import redirect

from home.rate_limit import Rate, allow, client_address

from .comments import comment_submit
from .feedback import feedback_record
from .forms import COMMENT_PREFIX, FEEDBACK_PREFIX, CommentForm, FeedbackForm

COMMENTS_ANCHOR = "comments"
REPLY_ANCHOR = "leave-a-reply"
FEEDBACK_ANCHOR = "feedback"

COMMENT_HELD = (
    "Thank you. Your comment has been sent to our moderators and will appear here once they have approved it."
)
TOO_MANY_COMMENTS = (
    "You have sent several comments in a short time, so we cannot take another just now. Please try again later."
)
FEEDBACK_THANKS = "Thank you for your feedback. It helps us improve our articles."
TOO_MUCH_FEEDBACK = "We have had a lot of feedback from your connection just now. Please try again later."


def _article_url(request, article, anchor: str) -> str:
    return f"{article.get_url(request)}#{anchor}"


def _show_again(request, article, *, status: int = 200, **forms):
    response = article.render(request, context_overrides=forms)
    response.status_code = status
    return response


def comment_post(request, article):
    """Hold a reader's reply for moderation."""
    if request.method != "POST":
        return redirect(_article_url(request, article, REPLY_ANCHOR))
    form = CommentForm(request.POST, prefix=COMMENT_PREFIX)
    if form.is_from_bot():
        # The same answer a person gets, so the bot learns nothing; nothing is kept.
        messages.success(request, COMMENT_HELD, extra_tags=COMMENTS_ANCHOR)
        return redirect(_article_url(request, article, COMMENTS_ANCHOR))
    if not form.is_valid():
        return _show_again(request, article, comment_form=form)
    rate = Rate.from_setting("COMMENT_RATE_LIMIT_PER_IP", "5/3600")
    if not allow("blog-comment", client_address(request), rate):
        form.add_error(None, TOO_MANY_COMMENTS)
        return _show_again(request, article, status=429, comment_form=form)
    comment_submit(
        article=article,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
        body=form.cleaned_data["body"],
    )
    messages.success(request, COMMENT_HELD, extra_tags=COMMENTS_ANCHOR)
    return redirect(_article_url(request, article, COMMENTS_ANCHOR))


def feedback_post(request, article):
    """Count one "Was this page helpful?" answer."""
    if request.method != "POST":
        return redirect(_article_url(request, article, FEEDBACK_ANCHOR))
    form = FeedbackForm(request.POST, prefix=FEEDBACK_PREFIX)
    if form.is_from_bot():
        messages.success(request, FEEDBACK_THANKS, extra_tags=FEEDBACK_ANCHOR)
        return redirect(_article_url(request, article, FEEDBACK_ANCHOR))
    if not form.is_valid():
        return _show_again(request, article, feedback_form=form)
    rate = Rate.from_setting("FEEDBACK_RATE_LIMIT_PER_IP", "30/3600")
    if not allow("blog-feedback", client_address(request), rate):
        form.add_error(None, TOO_MUCH_FEEDBACK)
        return _show_again(request, article, status=429, feedback_form=form)
    feedback_record(article=article, helpful=form.cleaned_data["helpful"], comment=form.cleaned_data["comment"])
    messages.success(request, FEEDBACK_THANKS, extra_tags=FEEDBACK_ANCHOR)
    return redirect(_article_url(request, article, FEEDBACK_ANCHOR))
