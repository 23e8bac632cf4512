"""Web forms for gatherings. They parse what people type; the actions decide what is allowed.

A range is repeated here only where the action's refusal could not point at the right row
(attendance and agenda rows), so each person or item gets its own message."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from fireside.gatherings.checks import IDEAS_MAX, NOTES_MAX
from fireside.gatherings.guard_rails import zone_choices
from fireside.gatherings.models import Activity
from fireside.gatherings.scheduling import MAX_OCCURRENCES
from fireside.lib.forms import CountedTextarea, TextField
from fireside.lib.validators import time_zones

MAX_ATTENDANCE_MINUTES = 24 * 60  # the attendance_at_most_24h constraint
MAX_AGENDA_MINUTES = 600  # as actions.check_agenda
ORDINALS = {1: _("first"), 2: _("second"), 3: _("third"), 4: _("fourth"), -1: _("last")}


class PrefsForm(forms.Form):
    invitations = forms.BooleanField(
        label=_("Invitations and changes (with a calendar file)"), required=False
    )
    reminders = forms.BooleanField(label=_("A reminder before each gathering"), required=False)
    notes = forms.BooleanField(label=_("The notes after each gathering"), required=False)


def _zone_choices() -> list[tuple[str, str]]:
    return [(z, z.replace("_", " ")) for z in time_zones()]


class WhenWhereForm(forms.Form):
    """Title, time and place: one gathering, or the first of a series."""

    title = TextField(
        label=_("Title"),
        max_length=200,
        help_text=_("For example: Monthly circle, or Story sharing in the park."),
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("How long (minutes)"),
        initial=90,
        help_text=_("90 is an hour and a half."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=_zone_choices)
    location = TextField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("An address or a description: the café, library room, park entrance…"),
    )
    online_url = TextField(
        label=_("Online link"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"inputmode": "url"}),
        help_text=_("For a video call. A place, a link, or both."),
    )

    def __init__(self, *args: Any, first_zones: tuple[str, ...] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if first_zones:  # the program's zone and the person's on top of the list
            self.fields["timezone"].choices = zone_choices(*first_zones)  # type: ignore[attr-defined]

    def wall_clock(self) -> dt.datetime:
        """The start as a naive time: wall-clock time in the chosen zone."""
        return dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["start_time"])


class ScheduleForm(WhenWhereForm):
    already_happened = forms.BooleanField(
        label=_("Record a gathering that already happened"),
        required=False,
        help_text=_("Nobody is invited; you can record who came right away."),
    )
    repeat = forms.ChoiceField(
        label=_("Does it repeat?"),
        widget=forms.RadioSelect,
        initial="none",
        choices=[
            ("none", _("Does not repeat")),
            ("weekly", _("Every week")),
            ("fortnightly", _("Every second week")),
            ("monthly_weekday", _("Every month, on the same weekday (like the second Wednesday)")),
            ("monthly_date", _("Every month, on the same date (like the 14th)")),
        ],
    )
    ends = forms.ChoiceField(
        label=_("When does the series end?"),
        widget=forms.RadioSelect,
        initial="count",
        choices=[("count", _("After a number of gatherings")), ("until", _("On a date"))],
    )
    count = forms.IntegerField(
        label=_("How many gatherings"),
        required=False,
        initial=8,
        min_value=2,
        max_value=MAX_OCCURRENCES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    until = forms.DateField(
        label=_("Last date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("The series stops on or before this date."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first = self._first_date()
        if first:
            # Name the weekday and the date, so "the same weekday" says which one.
            choices = dict(self.fields["repeat"].choices)  # type: ignore[attr-defined]
            choices["monthly_weekday"] = describe_repeat("monthly_weekday", first)
            choices["monthly_date"] = describe_repeat("monthly_date", first)
            self.fields["repeat"].choices = list(choices.items())  # type: ignore[attr-defined]

    def _first_date(self) -> dt.date | None:
        raw = self.data.get("date") if self.is_bound else self.initial.get("date")
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw)) if raw else None
        except ValueError:
            return None

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("repeat", "none") == "none":
            return data
        if data.get("ends") == "count" and not data.get("count"):
            self.add_error("count", _("Say how many gatherings, or choose an end date."))
        if data.get("ends") == "until":
            until, first = data.get("until"), data.get("date")
            if not until:
                self.add_error("until", _("Choose the last date, or a number of gatherings."))
            elif first and until < first:
                self.add_error("until", _("The last date must be on or after the first date."))
        return data

    def rrule(self) -> str | None:
        """The RFC 5545 rule the friendly choices mean (None: a single gathering)."""
        data = self.cleaned_data
        first: dt.date = data["date"]
        rule = {
            "none": None,
            "weekly": "FREQ=WEEKLY",
            "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
            "monthly_weekday": f"FREQ=MONTHLY;BYDAY={_nth(first)}{_weekday_code(first)}",
            "monthly_date": f"FREQ=MONTHLY;BYMONTHDAY={first.day}",
        }[data["repeat"]]
        if rule is None:
            return None
        if data["ends"] == "until":
            # UNTIL is in UTC: the end of the last day, in the gathering's own zone.
            last = dt.datetime.combine(
                data["until"], dt.time(23, 59, 59), ZoneInfo(data["timezone"])
            )
            return f"{rule};UNTIL={last.astimezone(dt.UTC):%Y%m%dT%H%M%SZ}"
        return f"{rule};COUNT={data['count']}"

    def describe(self) -> str:
        return describe_repeat(self.cleaned_data["repeat"], self.cleaned_data["date"])


def _nth(day: dt.date) -> int:
    """Which occurrence of its weekday the date is in its month; a fifth one is 'the last'."""
    n = (day.day - 1) // 7 + 1
    return -1 if n == 5 else n


def _weekday_code(day: dt.date) -> str:
    return ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][day.weekday()]


def describe_repeat(repeat: str, first: dt.date) -> str:
    weekday = date_format(first, "l")
    if repeat == "weekly":
        return gettext("Every week, on %(weekday)s") % {"weekday": weekday}
    if repeat == "fortnightly":
        return gettext("Every second week, on %(weekday)s") % {"weekday": weekday}
    if repeat == "monthly_weekday":
        return gettext("Every month, on the %(nth)s %(weekday)s") % {
            "nth": ORDINALS[_nth(first)],
            "weekday": weekday,
        }
    if repeat == "monthly_date":
        return gettext("Every month, on day %(day)s") % {"day": first.day}
    return gettext("Does not repeat")


class SeriesForm(forms.Form):
    title = TextField(label=_("Title"), max_length=200)
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("How long (minutes)"), widget=forms.NumberInput(attrs={"inputmode": "numeric"})
    )
    location = WhenWhereForm.base_fields["location"]
    online_url = WhenWhereForm.base_fields["online_url"]


class AgendaRowForm(forms.Form):
    topic = TextField(label=_("Topic"), max_length=200, required=False)
    activity = forms.ChoiceField(
        label=_("Activity"), required=False, choices=[("", _("Choose…")), *Activity.choices]
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        required=False,
        min_value=1,
        max_value=MAX_AGENDA_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    from_topic_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    shared_with_guests = forms.BooleanField(label=_("Share with guests"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("topic") and not data.get("DELETE"):
            if not data.get("activity"):
                self.add_error("activity", _("Choose an activity for this topic."))
            if not data.get("minutes") and "minutes" not in self.errors:
                self.add_error("minutes", _("How many minutes for this topic?"))
        return data


AgendaFormSet = forms.formset_factory(
    AgendaRowForm, extra=2, can_delete=True, max_num=30, validate_max=True
)


def agenda_lines(formset: Any) -> list[dict[str, Any]]:
    """The agenda rows that are filled in and not removed, in order."""
    return [
        {
            "topic": row.cleaned_data["topic"],
            "activity": row.cleaned_data["activity"],
            "minutes": row.cleaned_data["minutes"],
            "from_topic_id": row.cleaned_data.get("from_topic_id"),
            "shared_with_guests": bool(row.cleaned_data.get("shared_with_guests")),
        }
        for row in formset.forms
        if row.cleaned_data.get("topic") and not row.cleaned_data.get("DELETE")
    ]


def votes(n: int) -> str:
    return ngettext("%(n)s vote", "%(n)s votes", n) % {"n": n}


class AddTopicForm(forms.Form):
    topic = forms.ChoiceField(label=_("Proposed topic"))
    activity = forms.ChoiceField(
        label=_("Activity"), choices=Activity.choices, initial=Activity.OPEN_DISCUSSION
    )
    minutes = forms.IntegerField(
        label=_("Minutes"),
        initial=20,
        min_value=1,
        max_value=MAX_AGENDA_MINUTES,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, topics: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.topics = {str(t.pk): t for t in topics}
        self.fields["topic"].choices = [  # type: ignore[attr-defined]
            (str(t.pk), f"{t.title} — {votes(t.n_votes)}") for t in topics
        ]


class NotesForm(forms.Form):
    notes = TextField(
        label=_("Notes"),
        required=False,
        max_length=NOTES_MAX,
        widget=CountedTextarea(attrs={"rows": 8}),
        help_text=_("What the group talked about. Members can read them. Markdown is allowed."),
    )
    action_points = forms.CharField(
        label=_("Action points"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line: who will do what before next time."),
    )
    ideas_next_time = TextField(
        label=_("Ideas for next time"),
        required=False,
        max_length=IDEAS_MAX,
        widget=CountedTextarea(attrs={"rows": 3}),
    )

    def clean_action_points(self) -> list[str]:
        raw = self.cleaned_data.get("action_points") or ""
        return [line.strip() for line in raw.splitlines() if line.strip()]


class AttendanceForm(forms.Form):
    """One checkbox and one minutes box per person on the list."""

    def __init__(
        self, *args: Any, people: list[tuple[int, str]], duration: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.people = people
        for user_id, name in people:
            self.fields[f"present_{user_id}"] = forms.BooleanField(label=name, required=False)
            self.fields[f"minutes_{user_id}"] = forms.IntegerField(
                label=gettext("Minutes for %(name)s") % {"name": name},
                required=False,
                min_value=0,
                max_value=MAX_ATTENDANCE_MINUTES,
                initial=duration,
                error_messages={
                    "max_value": gettext("At most %(max)s minutes (24 hours).")
                    % {"max": MAX_ATTENDANCE_MINUTES},
                    "min_value": gettext("Minutes cannot be below zero."),
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "user_id": user_id,
                "present": bool(self.cleaned_data[f"present_{user_id}"]),
                "minutes": self.cleaned_data[f"minutes_{user_id}"],
            }
            for user_id, _name in self.people
        ]

    def checklist(self) -> list[tuple[Any, Any]]:
        return [(self[f"present_{u}"], self[f"minutes_{u}"]) for u, _name in self.people]


class FeedbackForm(forms.Form):
    worked = forms.MultipleChoiceField(
        label=_("What worked for you?"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=Activity.choices,
    )
    more_of = forms.ChoiceField(
        label=_("I'd like more of"),
        required=False,
        choices=[("", _("Nothing in particular")), *Activity.choices],
    )
    less_of = forms.ChoiceField(
        label=_("I'd like less of"),
        required=False,
        choices=[("", _("Nothing in particular")), *Activity.choices],
    )
    comment = TextField(
        label=_("Anything else? (optional)"),
        required=False,
        max_length=2000,
        widget=CountedTextarea(attrs={"rows": 3}),
    )

    shared_html = True  # unbound and not yet given, the same for every reader ({% form_fields %})

    def __init__(self, *args: Any, activities: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if activities:
            labels = dict(Activity.choices)
            self.fields["worked"].choices = [  # type: ignore[attr-defined]
                (a, labels[a]) for a in activities
            ]


class DebriefForm(forms.Form):
    logistics = TextField(
        label=_("Logistics"),
        required=False,
        max_length=5000,
        widget=CountedTextarea(attrs={"rows": 4}),
        help_text=_("The room, the link, timing, who came: what to keep or change."),
    )
    common_threads = TextField(
        label=_("Common threads"),
        required=False,
        max_length=5000,
        widget=CountedTextarea(attrs={"rows": 4}),
        help_text=_("Themes that came up in the conversation. No names."),
    )
    wonderings = TextField(
        label=_("Wonderings"),
        required=False,
        max_length=5000,
        widget=CountedTextarea(attrs={"rows": 4}),
        help_text=_("Questions to carry forward, things to try."),
    )


class TopicForm(forms.Form):
    title = TextField(label=_("Topic"), max_length=200)
    details = TextField(
        label=_("Details (optional)"),
        required=False,
        max_length=2000,
        widget=CountedTextarea(attrs={"rows": 3}),
        help_text=_("Why it matters to you, or a question to start with."),
    )


class DebriefCallForm(forms.Form):
    """When and where the facilitators and the mentor talk a gathering over."""

    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("How long (minutes)"),
        initial=30,
        min_value=5,
        max_value=240,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    timezone = forms.ChoiceField(label=_("Time zone"), choices=_zone_choices)
    online_url = TextField(
        label=_("Online link"),
        max_length=500,
        required=False,
        widget=forms.URLInput(attrs={"inputmode": "url"}),
        help_text=_("For a video or phone call. A link, a place, or both."),
    )
    location = TextField(
        label=_("Place"),
        max_length=300,
        required=False,
        help_text=_("If you meet in person: the café, the centre…"),
    )

    def wall_clock(self) -> dt.datetime:
        return dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["start_time"])
