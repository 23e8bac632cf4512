from __future__ import annotations

from collections.abc import Iterable

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.lib.audit_verbs import verb_choices


class VerbFilterForm(forms.Form):
    verb = forms.ChoiceField(label=_("What happened"), required=False)

    def __init__(self, data: object, *, verbs: Iterable[str]) -> None:
        super().__init__(data)  # type: ignore[arg-type]
        self.fields["verb"].choices = [("", _("Everything")), *verb_choices(verbs)]  # type: ignore[attr-defined]

    def chosen_verb(self) -> str:
        return str(self.cleaned_data.get("verb") or "") if self.is_valid() else ""
