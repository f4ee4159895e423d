"""Wrap-up and signposting codes: what a completed call did, for the help line's reports to its funders."""

from django.db import models
from wagtail.admin.panels import FieldPanel

NAME_MAX_LENGTH = 80


class WrapUpCode(models.Model):
    """One thing a call can end with ("Self-care advice", "Signposted to NHS 111"), edited as a snippet.

    Retire a code that has been used (untick "in use") rather than delete
    it: deleting takes it off every past request, and out of the statistics.
    """

    name = models.CharField(max_length=NAME_MAX_LENGTH, unique=True)
    description = models.CharField(
        max_length=200, blank=True, help_text="Shown to staff under the code when they complete a request."
    )
    sort_order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first on the form.")
    in_use = models.BooleanField(default=True, help_text="Untick to stop offering the code; past uses are kept.")

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order"), FieldPanel("in_use")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "wrap-up code"

    def __str__(self):
        return self.name
