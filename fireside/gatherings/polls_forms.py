"""Forms of the date polls (see fireside/gatherings/polls.py). Plain HTML, no script: a few
empty option rows, radio buttons per option."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fireside.gatherings.forms import _zone_choices
from fireside.gatherings.models import DatePoll, PollAnswer
from fireside.gatherings.polls import NOTE_MAX, OptionResult
from fireside.lib.forms import CountedTextarea, TextField

ROWS = 6  # empty option rows on the page; the API takes up to polls.MAX_OPTIONS


class PollForm(forms.Form):
    title = TextField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example: Our next circle, or Wednesdays or Thursdays this spring?"),
    )
    note = TextField(
        label=_("A note for the group"),
        max_length=NOTE_MAX,
        required=False,
        widget=CountedTextarea(attrs={"rows": 3}),
    )
    closes_on = forms.DateField(
        label=_("Answers close on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    duration_minutes = forms.IntegerField(
        label=_("How long (minutes)"),
        initial=90,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=_zone_choices)
    location = TextField(label=_("Place"), max_length=300, required=False)
    online_url = TextField(
        label=_("Online link"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )

    def __init__(self, *args: Any, kind: str = DatePoll.Kind.ONCE, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        for n in range(1, ROWS + 1):
            if kind == DatePoll.Kind.SERIES:
                self.fields[f"weekday_{n}"] = forms.TypedChoiceField(
                    label=gettext("Option %(n)s: weekday") % {"n": n},
                    choices=[("", "—"), *[(str(k), v) for k, v in WEEKDAYS.items()]],
                    coerce=int,
                    empty_value=None,
                    required=False,
                )
            else:
                self.fields[f"date_{n}"] = forms.DateField(
                    label=gettext("Option %(n)s: date") % {"n": n},
                    required=False,
                    widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
                )
            self.fields[f"time_{n}"] = forms.TimeField(
                label=gettext("Option %(n)s: start time") % {"n": n},
                required=False,
                widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(1, ROWS + 1):
            day = data.get(f"weekday_{n}" if self.kind == DatePoll.Kind.SERIES else f"date_{n}")
            time = data.get(f"time_{n}")
            if (day is None) != (time is None):
                field = (
                    f"time_{n}"
                    if time is None
                    else next(k for k in (f"weekday_{n}", f"date_{n}") if k in self.fields)
                )
                self.add_error(field, gettext("Give both the day and the time, or neither."))
        return data

    def options(self) -> list[dict[str, Any]]:
        """The filled rows, as polls.check_create_poll takes them."""
        data, found = self.cleaned_data, []
        for n in range(1, ROWS + 1):
            time = data.get(f"time_{n}")
            if time is None:
                continue
            row: dict[str, Any] = {
                "duration_minutes": data["duration_minutes"],
                "timezone": data["timezone"],
            }
            if self.kind == DatePoll.Kind.SERIES:
                if data.get(f"weekday_{n}") is None:
                    continue
                row |= {"weekday": data[f"weekday_{n}"], "time": time}
            else:
                if data.get(f"date_{n}") is None:
                    continue
                row["starts_at"] = dt.datetime.combine(data[f"date_{n}"], time)
            found.append(row)
        return found


class AnswerForm(forms.Form):
    """One group of radio buttons per option: yes, if need be, no."""

    def __init__(self, *args: Any, rows: list[OptionResult], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            self.fields[f"option_{row.option.pk}"] = forms.ChoiceField(
                label=row.label,
                choices=PollAnswer.Answer.choices,
                widget=forms.RadioSelect,
                required=False,
            )

    def answers(self) -> dict[int, str]:
        return {
            int(name.removeprefix("option_")): value
            for name, value in self.cleaned_data.items()
            if value
        }


class DecideForm(forms.Form):
    option = forms.TypedChoiceField(
        label=_("The time chosen"), widget=forms.RadioSelect, coerce=int
    )
    title = TextField(label=_("Title of the gathering"), max_length=200)
    location = TextField(label=_("Place"), max_length=300, required=False)
    online_url = TextField(
        label=_("Online link"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )

    def __init__(self, *args: Any, poll: DatePoll, rows: list[OptionResult], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["option"].choices = [(r.option.pk, r.label) for r in rows]  # type: ignore[attr-defined]
        if poll.kind == DatePoll.Kind.SERIES:
            self.fields["every_weeks"] = forms.TypedChoiceField(
                label=_("How often"),
                choices=[
                    (1, _("Every week")),
                    (2, _("Every second week")),
                    (3, _("Every third week")),
                    (4, _("Every fourth week")),
                ],
                coerce=int,
                initial=1,
            )
            self.fields["count"] = forms.IntegerField(
                label=_("How many gatherings"),
                required=False,
                min_value=1,
                max_value=60,
                help_text=_("Leave it empty to meet until the program ends."),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
