"""How a reader asks us to talk to them: text relay, an interpreter, BSL, clear speech, or something else.

Kept as plain fields on the request (not a list of codes) so that the staff
queue can show them without a join and the statistics can count each one in
a single query. The free text and the language are personal and erased by
`purge_callbacks`; the ticks stay, as counts of what readers need.
"""

from django.db import models

# Relay UK: a hearing caller dials this before the reader's number to join a relay assistant to the call.
RELAY_UK_PREFIX = "18001"
# The fields below, in the order the booking form shows them (a staff follow-up copies them all).
COMMUNICATION_FIELDS = (
    "needs_text_relay",
    "needs_interpreter",
    "interpreter_language",
    "needs_bsl",
    "needs_clear_speech",
    "other_communication_need",
)


class CommunicationNeeds(models.Model):
    needs_text_relay = models.BooleanField("uses text relay (Relay UK)", default=False)
    needs_interpreter = models.BooleanField("needs an interpreter", default=False)
    interpreter_language = models.CharField(max_length=50, blank=True)
    needs_bsl = models.BooleanField("uses British Sign Language", default=False)
    needs_clear_speech = models.BooleanField("hard of hearing: speak clearly", default=False)
    other_communication_need = models.CharField("other communication need", max_length=120, blank=True)

    class Meta:
        abstract = True

    @property
    def has_communication_needs(self) -> bool:
        return bool(self.communication_flags)

    @property
    def communication_flags(self) -> list[str]:
        """Short labels for the staff queue, in the order staff act on them (how to dial comes first)."""
        flags = []
        if self.needs_text_relay:
            flags.append("Text relay")
        if self.needs_bsl:
            flags.append("BSL")
        if self.needs_interpreter:
            flags.append(f"Interpreter: {self.interpreter_language}" if self.interpreter_language else "Interpreter")
        if self.needs_clear_speech:
            flags.append("Speak clearly")
        if self.other_communication_need:
            flags.append("Other need")
        return flags

    @property
    def text_relay_prefix(self) -> str:
        """What staff dial before the reader's number when they use text relay."""
        return RELAY_UK_PREFIX
