"""The coordinator's period filter: optional dates, in order."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.hours.ledger import Period

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=DATE)
    end = forms.DateField(label=_("To"), required=False, widget=DATE)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Choose a day on or after the start."))
        return data

    def period(self) -> Period:
        if not self.is_bound or not self.is_valid():
            return Period()
        return Period(self.cleaned_data.get("start"), self.cleaned_data.get("end"))
