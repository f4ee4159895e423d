"""Admin panels of the help-line settings that need more than Wagtail's own.

`SmsTextPanel` shows under a message's wording how many SMS segments it takes,
worked out from what is in the box: the saved wording when the form opens,
or what the editor just submitted when the form comes back with an error.
"""

from wagtail.admin.panels import FieldPanel

from callbacks.texts import wording
from callbacks.texts.addresses import sample_manage_url


class SmsTextPanel(FieldPanel):
    """A text-message wording field whose help text ends with its segment count."""

    class BoundPanel(FieldPanel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            if self.bound_field is None:
                return
            template = self.bound_field.value() or ""
            count = wording.segments_help(
                str(template),
                helpline=self._helpline_number(),
                sample_manage_url=sample_manage_url(),
            )
            self.help_text = f"{self.help_text} {count}".strip()

        def _helpline_number(self) -> str:
            try:
                return str(self.form["helpline_number"].value() or "")
            except KeyError:
                return ""
