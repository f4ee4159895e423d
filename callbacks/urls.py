"""The callbacks app's URLs outside the page tree and the admin: Twilio's webhooks."""

from django.urls import path

from callbacks.texts import webhooks

app_name = "callbacks_webhooks"

urlpatterns = [
    path("twilio/sms-status/<int:message_id>/", webhooks.twilio_status, name="twilio_status"),
    path("twilio/sms-inbound/", webhooks.twilio_inbound, name="twilio_inbound"),
]
