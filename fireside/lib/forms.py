"""Carrying an action's refusal back onto the form that asked for it."""

from __future__ import annotations

from django import forms

from fireside.lib.errors import ActionError


def add_action_error(form: forms.BaseForm, exc: ActionError) -> None:
    placed = False
    for field, messages in exc.errors.items():
        if field in form.fields:
            for message in messages:
                form.add_error(field, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)
