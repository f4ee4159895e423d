"""The booking form's optional questions about how to talk to the reader, and their answers as the service takes them.

A form of its own that CallbackForm builds on, so the booking form stays one
concern per file; the lengths come from the model's fields.
"""

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError

from callbacks.models import CallbackRequest
from callbacks.models.communication import RELAY_UK_PREFIX

LANGUAGE_MAX_LENGTH = CallbackRequest._meta.get_field("interpreter_language").max_length
OTHER_NEED_MAX_LENGTH = CallbackRequest._meta.get_field("other_communication_need").max_length
LANGUAGE_MISSING = "Tell us which language you would like an interpreter for, or untick “An interpreter”."


@dataclass(frozen=True)
class CommunicationAnswers:
    """What the reader told us about how to talk to them; the default is "nothing needed"."""

    text_relay: bool = False
    interpreter: bool = False
    interpreter_language: str = ""
    bsl: bool = False
    clear_speech: bool = False
    other: str = ""

    def as_fields(self) -> dict:
        """The request's model fields, trimmed; a language is kept only with an interpreter."""
        return {
            "needs_text_relay": self.text_relay,
            "needs_interpreter": self.interpreter,
            "interpreter_language": self.interpreter_language.strip() if self.interpreter else "",
            "needs_bsl": self.bsl,
            "needs_clear_speech": self.clear_speech,
            "other_communication_need": self.other.strip(),
        }

    def errors(self) -> dict[str, str]:
        """Field errors for answers the form would refuse, so the service refuses them too."""
        fields = self.as_fields()
        errors = {}
        if self.interpreter and not fields["interpreter_language"]:
            errors["interpreter_language"] = LANGUAGE_MISSING
        if len(fields["interpreter_language"]) > LANGUAGE_MAX_LENGTH:
            errors["interpreter_language"] = f"Keep the language to {LANGUAGE_MAX_LENGTH} characters or fewer."
        if len(fields["other_communication_need"]) > OTHER_NEED_MAX_LENGTH:
            errors["other_communication_need"] = f"Keep this to {OTHER_NEED_MAX_LENGTH} characters or fewer."
        return errors


def relay_help_text(helpline_number: str) -> str:
    return (
        f"We will call you through Relay UK. To call us yourself by text relay, dial {RELAY_UK_PREFIX} "
        f"then {helpline_number}."
    )


class CommunicationNeedsForm(forms.Form):
    """Optional ticks and two short answers; nothing here is needed to book."""

    needs_text_relay = forms.BooleanField(label="I use text relay (Relay UK)", required=False)
    needs_interpreter = forms.BooleanField(label="An interpreter", required=False)
    interpreter_language = forms.CharField(
        label="Which language?",
        required=False,
        max_length=LANGUAGE_MAX_LENGTH,
        error_messages={"max_length": "Keep the language to %(limit_value)d characters or fewer."},
        widget=forms.TextInput(attrs={"autocomplete": "language"}),
    )
    needs_bsl = forms.BooleanField(label="British Sign Language (BSL)", required=False)
    needs_clear_speech = forms.BooleanField(label="I am hard of hearing: please speak clearly", required=False)
    other_communication_need = forms.CharField(
        label="Anything else that helps us talk with you?",
        required=False,
        max_length=OTHER_NEED_MAX_LENGTH,
        help_text=f"Up to {OTHER_NEED_MAX_LENGTH} characters.",
        error_messages={
            "max_length": "Keep this to %(limit_value)d characters or fewer (it has %(show_value)d).",
        },
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("needs_interpreter") and not (cleaned.get("interpreter_language") or "").strip():
            self.add_error("interpreter_language", ValidationError(LANGUAGE_MISSING, code="language_missing"))
        return cleaned

    def communication_answers(self) -> CommunicationAnswers:
        data = self.cleaned_data
        return CommunicationAnswers(
            text_relay=data["needs_text_relay"],
            interpreter=data["needs_interpreter"],
            interpreter_language=data["interpreter_language"],
            bsl=data["needs_bsl"],
            clear_speech=data["needs_clear_speech"],
            other=data["other_communication_need"],
        )
