"""Forms helpers: carrying an action's refusal back onto its form, and text fields with a
limit that count instead of cutting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator

from fireside.lib.errors import ActionError
from fireside.lib.text import count, length_message


def add_action_error(form: forms.BaseForm, exc: ActionError) -> None:
    placed = False
    for field, messages in exc.errors.items():
        if field in form.fields:
            for message in messages:
                form.add_error(field, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


# --- Text with a limit: counted, refused when over, never cut ----------------------------


class _Counted:
    """A widget that states its field's limit under itself and, with fireside/static/js/
    forms.js, counts as the person types. It never carries `maxlength`: browsers silently
    cut a paste to fit it, and the person would post half of what they wrote."""

    counter_template_name = "lib/widgets/counter.html"
    attrs: dict[str, Any]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)  # type: ignore[misc]
        widget = context["widget"]
        limit = widget["attrs"].pop("maxlength", None) or widget["attrs"].get("data-limit")
        if limit:
            limit = int(limit)
            field_id = widget["attrs"].get("id") or name
            described = widget["attrs"].get("aria-describedby", "")
            widget["attrs"]["aria-describedby"] = f"{described} {field_id}_limit".strip()
            widget["attrs"]["data-limit"] = str(limit)
            widget["counter"] = {"field_id": field_id, "shown": count(limit)}
        return context


class CountedTextarea(_Counted, forms.Textarea):
    template_name = "lib/widgets/counted_textarea.html"


class CountedTextInput(_Counted, forms.TextInput):
    template_name = "lib/widgets/counted_input.html"


class LimitedMaxLength(MaxLengthValidator):
    """Django's check, saying it the way every refusal of long text does (lib/text.py)."""

    def __call__(self, value: Any) -> None:
        if len(value) > self.limit_value:
            raise ValidationError(length_message(len(value), self.limit_value), code="max_length")


class TextField(forms.CharField):
    """Text someone writes, with a limit: a counter under it, a clear refusal over it.

    Line ends are counted as the browser counts them (one character, not CR LF), so the
    counter and the server agree."""

    widget = CountedTextInput

    def __init__(self, *, max_length: int, **kwargs: Any) -> None:
        super().__init__(max_length=max_length, **kwargs)
        self.validators = [
            LimitedMaxLength(v.limit_value) if isinstance(v, MaxLengthValidator) else v
            for v in self.validators
        ]

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs: dict[str, Any] = super().widget_attrs(widget)
        limit = attrs.pop("maxlength", None)
        if limit is not None:
            attrs["data-limit"] = limit
        return attrs

    def to_python(self, value: Any) -> str | None:
        text = super().to_python(value)
        return text.replace("\r\n", "\n") if isinstance(text, str) else text


def counted_fields(form: forms.BaseForm) -> list[str]:
    """The names of the form's fields that count their text (for tests and templates)."""
    return [name for name, f in form.fields.items() if isinstance(f.widget, _Counted)]
