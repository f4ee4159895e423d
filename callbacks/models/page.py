"""The callback page: where readers book a call back, see their confirmation, and manage, move or cancel it."""

from django.apps import apps
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from callbacks.booking import links

TEXT_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def booking_views():
    """callbacks.booking.views, as CallbacksConfig.ready() wired it: the page serves its routes with them."""
    return apps.get_app_config("callbacks").booking_views


class CallbackPage(RoutablePageMixin, Page):
    """The public booking form, with its confirmation and cancel pages as sub-routes.

    Editors write the words around the form; the form itself, the slots and
    every outcome come from the callbacks app. The route methods only hand over
    to callbacks/booking/views.py, which CallbacksConfig.ready() hands to the
    app config: models import no views, so there is no import cycle through
    the views, forms and services that import these models.
    """

    intro = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="Shown above the form: who will call and what the call is for.",
    )
    what_happens_next = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="Shown beside the form and again on the confirmation page.",
    )
    confirmation_text = RichTextField(
        features=TEXT_FEATURES,
        blank=True,
        help_text="Shown on the confirmation page, under the booking details.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("intro"),
        FieldPanel("what_happens_next"),
        FieldPanel("confirmation_text"),
    ]

    search_fields = [*Page.search_fields, index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "callback page"

    @path("", name="booking")
    def booking(self, request):
        return booking_views().booking(request, self)

    @path("confirmation/<str:token>/", name="confirmation")
    def confirmation(self, request, token):
        return booking_views().confirmation(request, self, token)

    @path("manage/<str:token>/", name="manage")
    def manage(self, request, token):
        return booking_views().manage(request, self, token)

    @path("manage/<str:token>/move/", name="move")
    def move(self, request, token):
        return booking_views().move(request, self, token)

    @path("manage/<str:token>/calendar/", name="calendar")
    def calendar(self, request, token):
        return booking_views().calendar(request, self, token)

    @path("cancel/<str:token>/", name="cancel")
    def cancel(self, request, token):
        return booking_views().cancel(request, self, token)

    def confirmation_path(self, reference: str, booked_at, request=None) -> str:
        """Where the booking POST redirects: a signed link to the booking's confirmation, for two hours after it."""
        token = links.confirmation_token(reference, now=booked_at)
        return self.get_url(request) + self.reverse_subpage("confirmation", args=[token]).lstrip("/")

    def cancel_path(self, reference: str, slot_end, request=None) -> str:
        """The reader's cancel link for a booking, valid until its slot ends."""
        return self.get_url(request) + self.cancel_subpath(reference, slot_end)

    def manage_path(self, reference: str, slot_end, request=None, *, route: str = "manage") -> str:
        """The reader's manage link for a booking (or its "move" or "calendar" page), valid until its slot ends."""
        return self.get_url(request) + self.manage_subpath(reference, slot_end, route=route)

    def manage_subpath(self, reference: str, slot_end, *, route: str = "manage") -> str:
        """ "manage/<signed token>/": the manage link below the page's own URL, however that is written."""
        token = links.manage_token(reference, slot_end)
        return self.reverse_subpage(route, args=[token]).lstrip("/")

    def cancel_subpath(self, reference: str, slot_end) -> str:
        """ "cancel/<signed token>/": the cancel link below the page's own URL, however that is written."""
        token = links.cancel_token(reference, slot_end)
        return self.reverse_subpage("cancel", args=[token]).lstrip("/")
