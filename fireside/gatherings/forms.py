from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PrefsForm(forms.Form):
    invitations = forms.BooleanField(
        label=_("Invitations and changes (with a calendar file)"), required=False
    )
    reminders = forms.BooleanField(label=_("A reminder before each gathering"), required=False)
    notes = forms.BooleanField(label=_("The notes after each gathering"), required=False)
