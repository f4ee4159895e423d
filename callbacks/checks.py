"""System checks for the text-message settings: say at start-up when texts will not go as someone expects."""

from django.conf import settings
from django.core.checks import Warning, register

from callbacks.texts import gateway


@register()
def check_sms_settings(app_configs, **kwargs):
    messages = []
    chosen = (settings.SMS_BACKEND or "").strip().lower()
    if chosen and chosen not in gateway.BACKENDS:
        messages.append(
            Warning(
                f"SMS_BACKEND={chosen!r} is not one of {', '.join(gateway.BACKENDS)}; text messages are off.",
                id="callbacks.W001",
            )
        )
    if chosen == gateway.TWILIO and gateway.twilio_config() is None:
        messages.append(
            Warning(
                "SMS_BACKEND is twilio but the Twilio settings are incomplete; text messages are off.",
                hint="Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, and TWILIO_FROM_NUMBER or "
                "TWILIO_MESSAGING_SERVICE_SID.",
                id="callbacks.W002",
            )
        )
    if gateway.backend() == gateway.TWILIO and not settings.PUBLIC_BASE_URL:
        messages.append(
            Warning(
                "Texts are sent through Twilio but PUBLIC_BASE_URL is not set: the links in texts and the "
                "delivery-report URL come from the Wagtail site's root URL.",
                hint="Set PUBLIC_BASE_URL to the site's public https:// address.",
                id="callbacks.W003",
            )
        )
    return messages
