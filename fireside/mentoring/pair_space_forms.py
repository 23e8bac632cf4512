"""Web forms of the pair's space. They parse what people type; pair_space decides."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.translation import gettext_lazy as _

from fireside.lib.forms import TextField
from fireside.mentoring.models import CatchUp
from fireside.mentoring.pair_space_models import DEFAULT_CATCH_UP_MINUTES, GOAL_MAX, WHERE_MAX
from fireside.programs.models import Program


class CatchUpForm(forms.Form):
    prefix = "catch_up"  # beside the connection form, which has its own "minutes"

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    minutes = forms.IntegerField(
        label=_("How long (minutes)"),
        min_value=5,
        initial=DEFAULT_CATCH_UP_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    where = TextField(
        label=_("Where (optional)"),
        help_text=_("A place, or a link to a video call. Only the two of you see it."),
        required=False,
        max_length=WHERE_MAX,
    )

    @classmethod
    def for_catch_up(
        cls, catch_up: CatchUp | None, zone: ZoneInfo, program: Program, data: Any = None
    ) -> CatchUpForm:
        """Blank for a new catch-up; the one to come, in the person's zone, to move it."""
        initial: dict[str, Any] = {}
        if catch_up is not None:
            local = catch_up.starts_at.astimezone(zone)
            initial = {
                "date": local.date(),
                "time": local.time().replace(second=0, microsecond=0),
                "minutes": catch_up.minutes,
                "where": catch_up.where,
            }
        form = cls(data, initial=initial)
        form.fields["minutes"].max_value = program.max_connection_minutes  # type: ignore[attr-defined]
        form.fields["minutes"].widget.attrs["max"] = program.max_connection_minutes
        return form

    def wall_clock(self) -> dt.datetime:
        """The start as a naive time, read in the person's own zone by the action."""
        return dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])


class GoalForm(forms.Form):
    prefix = "goal"

    text = TextField(label=_("A goal for the two of you"), max_length=GOAL_MAX)
