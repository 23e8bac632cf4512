"""{% editor_top form level %}: the editor's parts above a new-thread, reply or edit form
(the draft put back, the preview, the formatting buttons' template), from what
fireside/conversations/editor.py found for this request. It reads nothing from the
database: it puts the draft or quote it was given into the unbound form, and formats."""

from __future__ import annotations

from typing import Any

from django import forms, template

register = template.Library()


@register.inclusion_tag("lib/_editor_top.html", takes_context=True)
def editor_top(context: dict[str, Any], form: forms.BaseForm, level: int = 2) -> dict[str, Any]:
    desk = getattr(context["request"], "editor", None)
    if desk is not None and not form.is_bound:
        form.initial.update({k: v for k, v in desk.prefill.items() if k in form.fields})
    return {"desk": desk, "level": level, "field_id": form["body"].auto_id}


@register.inclusion_tag("lib/_editor_buttons.html", takes_context=True)
def editor_buttons(context: dict[str, Any], label: str) -> dict[str, Any]:
    return {"desk": getattr(context["request"], "editor", None), "label": label}
