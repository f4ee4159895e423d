"""Authors: the people and teams who write articles, and the clinicians who review them."""

from django.conf import settings
from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class Author(index.Indexed, models.Model):
    """Someone who writes or reviews articles: a person or a team.

    Only authors marked as clinical can be chosen as an article's medical
    reviewer, so the "Reviewed by" line always names someone qualified to check
    health information.
    """

    name = models.CharField(max_length=120, help_text="As readers see it, for example “Dr Priya Shah”.")
    role = models.CharField(max_length=120, blank=True, help_text="For example “Physiotherapist”.")
    is_clinical = models.BooleanField(
        "clinical reviewer",
        default=False,
        help_text="A registered health professional who may review articles as their medical reviewer.",
    )
    bio = models.TextField(
        "short bio",
        blank=True,
        max_length=600,
        help_text="Two or three sentences shown under articles they wrote: their training and experience.",
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A head-and-shoulders photo, shown small and round beside the bio.",
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="author_profile",
        verbose_name="admin user",
        help_text=(
            "The admin account of this clinician. Their clinical sign-off of an article names this author as its "
            "medical reviewer."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("is_clinical"),
        FieldPanel("bio"),
        FieldPanel("photo"),
        FieldPanel("user"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name
