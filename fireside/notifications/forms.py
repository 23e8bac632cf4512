from __future__ import annotations

from django import forms

from fireside.notifications.models import Delivery, Kind


class PreferencesForm(forms.Form):
    """One choice per kind of news, for one community."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for kind, label in Kind.choices:
            self.fields[kind] = forms.ChoiceField(
                label=label, choices=Delivery.choices, widget=forms.RadioSelect
            )
