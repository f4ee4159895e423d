from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Author


class AuthorViewSet(SnippetViewSet):
    """Authors and reviewers, under Snippets > Authors."""

    model = Author
    icon = "user"
    menu_label = "Authors"
    list_display = ["name", "role"]
    search_fields = ["name", "role"]


register_snippet(AuthorViewSet)
