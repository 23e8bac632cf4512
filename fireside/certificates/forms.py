"""Web forms for certificates. They parse what people type; the actions decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.certificates.actions import REASON_MAX
from fireside.lib.forms import CountedTextarea, TextField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BulkIssueForm(forms.Form):
    period_start = forms.DateField(label=_("Hours from"), widget=DATE)
    period_end = forms.DateField(label=_("Hours up to"), widget=DATE)
    notify = forms.BooleanField(
        label=_("Email each person a link to their certificate"), required=False, initial=True
    )


class RevokeForm(forms.Form):
    reason = TextField(
        label=_("Why is it revoked?"),
        help_text=_(
            "The holder is told this by email. People who check the code only see that it "
            "is no longer valid."
        ),
        max_length=REASON_MAX,
        widget=CountedTextarea(attrs={"rows": 3}),
    )


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        help_text=_(
            "The 16 letters and digits printed on the certificate, e.g. 7K2M-Q9XD-4HBT-R8CV."
        ),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
