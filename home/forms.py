"""What every public form on the site shares: fields that describe themselves to assistive technology.

Each field's hint and error are tied to its input with aria-describedby, an
input with an error says so with aria-invalid, and the form lists its errors
for the summary above it, each linking to the input it is about.
"""

from django import forms


class DescribedFieldsMixin:
    """For a Django form: hints and errors linked to their inputs, and `error_links()` for the error summary."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                self._describe(name, "hint")

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
                self._describe(name, "error")

    def _describe(self, name: str, suffix: str) -> None:
        widget = self.fields[name].widget
        described_by = widget.attrs.get("aria-describedby", "").split()
        target = f"{self[name].auto_id}_{suffix}"
        if target not in described_by:
            described_by.append(target)
        widget.attrs["aria-describedby"] = " ".join(described_by)

    def error_links(self) -> list[dict]:
        """Every error in field order, with the id of the input it belongs to ("" for the form's own)."""
        links = [{"message": message, "target": ""} for message in self.non_field_errors()]
        for name in self.fields:
            for message in self.errors.get(name, []):
                links.append({"message": message, "target": self[name].id_for_label})
        return links


class HoneypotField(forms.CharField):
    """A text input people never see or reach: anything typed in it came from a bot."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", "Leave this field empty")
        kwargs.setdefault("widget", forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}))
        super().__init__(**kwargs)
