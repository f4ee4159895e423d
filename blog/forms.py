"""The two forms under every article: "Leave a reply" and "Was this page helpful?".

Both carry a honeypot field; the views check it before anything else. The
feedback form refuses contact details in its comment, because feedback is
kept without knowing who sent it and nobody can reply to it.
"""

import re

from django import forms
from django.core.exceptions import ValidationError

from home.forms import DescribedFieldsMixin, HoneypotField

from .models import COMMENT_BODY_MAX_LENGTH, COMMENT_NAME_MAX_LENGTH, FEEDBACK_COMMENT_MAX_LENGTH

COMMENT_PREFIX = "reply"
FEEDBACK_PREFIX = "feedback"
HONEYPOT_FIELD = "website"

# An email address, or ten or more digits in a run (spaces, dashes and a leading + allowed): a phone number.
EMAIL_PATTERN = re.compile(r"[^\s@]+@[^\s@]+\.[^\s@]{2,}")
PHONE_PATTERN = re.compile(r"\+?\d(?:[\s\-()]*\d){9,}")


class HoneypotMixin:
    def is_from_bot(self) -> bool:
        """Whether the hidden field was filled in; looked at on the raw data, before any other check."""
        return bool(str(self.data.get(self.add_prefix(HONEYPOT_FIELD), "")).strip())


class CommentForm(HoneypotMixin, DescribedFieldsMixin, forms.Form):
    name = forms.CharField(
        label="Your name",
        max_length=COMMENT_NAME_MAX_LENGTH,
        help_text="Shown with your comment. You can use just your first name.",
        error_messages={
            "required": "Enter your name",
            "max_length": f"Your name must be {COMMENT_NAME_MAX_LENGTH} characters or fewer",
        },
        widget=forms.TextInput(attrs={"autocomplete": "given-name", "class": "form-control"}),
    )
    email = forms.EmailField(
        label="Email address",
        help_text="Never published. Our moderators use it only if they need to ask you about your comment.",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "class": "form-control"}),
    )
    body = forms.CharField(
        label="Comment",
        max_length=COMMENT_BODY_MAX_LENGTH,
        help_text=f"Up to {COMMENT_BODY_MAX_LENGTH:,} characters.",
        error_messages={
            "required": "Write your comment",
            "max_length": f"Your comment must be {COMMENT_BODY_MAX_LENGTH:,} characters or fewer",
        },
        widget=forms.Textarea(attrs={"rows": 6, "class": "form-control"}),
    )
    website = HoneypotField()

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())


class FeedbackForm(HoneypotMixin, DescribedFieldsMixin, forms.Form):
    helpful = forms.TypedChoiceField(
        label="Was this page helpful?",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": "Choose yes or no", "invalid_choice": "Choose yes or no"},
    )
    comment = forms.CharField(
        label="How could we make this page better? (optional)",
        required=False,
        max_length=FEEDBACK_COMMENT_MAX_LENGTH,
        help_text=(
            f"Up to {FEEDBACK_COMMENT_MAX_LENGTH} characters. Please leave out your name, contact details "
            "and anything about your health: we read every answer but cannot reply."
        ),
        error_messages={"max_length": f"Your comment must be {FEEDBACK_COMMENT_MAX_LENGTH} characters or fewer"},
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control", "maxlength": FEEDBACK_COMMENT_MAX_LENGTH}),
    )
    website = HoneypotField()

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if EMAIL_PATTERN.search(comment) or PHONE_PATTERN.search(comment):
            raise ValidationError(
                "Please take out the email address or phone number: we keep feedback without contact details",
                code="contact_details",
            )
        return comment
