"""The hours forms: the coordinator's period filter, and the time a person records."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import MaxValueValidator
from django.utils.translation import gettext_lazy as _

from fireside.hours.counting import Period
from fireside.lib.forms import TextField

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


class _RecordedTimeForm(forms.Form):
    """Minutes up to a cap, and a note only the person sees."""

    minutes = forms.IntegerField(
        min_value=1, widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    note = TextField(
        label=_("Note for yourself (optional)"),
        max_length=300,
        required=False,
        help_text=_("Only you see it."),
    )

    def _cap(self, cap: int, label: Any, help_text: Any) -> None:
        minutes = self.fields["minutes"]
        minutes.label = label
        minutes.validators.append(MaxValueValidator(cap))
        minutes.widget.attrs["max"] = cap
        minutes.help_text = help_text


class OnlineTimeForm(_RecordedTimeForm):
    """About how long a member spent in a group's online conversations in a month."""

    community = forms.TypedChoiceField(label=_("Group"), coerce=int)
    month = forms.ChoiceField(label=_("Month"))
    field_order = ["community", "month", "minutes", "note"]

    def __init__(
        self,
        *args: Any,
        groups: list[tuple[int, str]],
        months: list[tuple[str, str]],
        cap: int,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = groups  # type: ignore[attr-defined]
        self.fields["month"].choices = months  # type: ignore[attr-defined]
        self._cap(
            cap,
            _("About how many minutes?"),
            _(
                "Reading and writing in the group's conversations, all told. At most %(cap)s "
                "minutes count for a month. Recording a month again replaces it."
            )
            % {"cap": cap},
        )
        if len(groups) == 1:
            self.fields["community"].widget = forms.HiddenInput()


class PreparationTimeForm(_RecordedTimeForm):
    """A facilitator's preparation and debrief time for one gathering."""

    def __init__(self, *args: Any, cap: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cap(
            cap,
            _("Minutes preparing and debriefing"),
            _(
                "Planning the agenda, getting ready, and looking back afterwards. At most %(cap)s "
                "minutes count for a gathering. Recording again replaces it."
            )
            % {"cap": cap},
        )
