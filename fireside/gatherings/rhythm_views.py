"""Change the rhythm of a series: the form, the preview of the new dates, then the change
(fireside/gatherings/rhythm.py). Two steps that work without JavaScript."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fireside.communities.access import Standing
from fireside.gatherings import rhythm
from fireside.gatherings.access import gathering_view
from fireside.gatherings.forms import _nth, _weekday_code, describe_repeat
from fireside.gatherings.models import Gathering
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor

REPEATS = ("weekly", "fortnightly", "monthly_weekday", "monthly_date")


class RhythmForm(forms.Form):
    start_from = forms.TypedChoiceField(
        label=gettext_lazy("From which gathering on"), coerce=int, choices=()
    )
    repeat = forms.ChoiceField(
        label=gettext_lazy("How often from then on"),
        widget=forms.RadioSelect,
        choices=[
            ("weekly", gettext_lazy("Every week")),
            ("fortnightly", gettext_lazy("Every second week")),
            ("monthly_weekday", gettext_lazy("Every month, on the same weekday")),
            ("monthly_date", gettext_lazy("Every month, on the same date")),
        ],
    )
    start_time = forms.TimeField(
        label=gettext_lazy("Start time"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("Leave it as it is to keep the time."),
    )
    until = forms.DateField(
        label=gettext_lazy("Last date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=gettext_lazy("The new rhythm stops on or before this date."),
    )

    def __init__(self, *args: Any, coming: list[Gathering], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.coming = {g.pk: g for g in coming}
        field = self.fields["start_from"]
        field.choices = [  # type: ignore[attr-defined]
            (g.pk, f"{date_format(g.local_start, _('l j F Y, H:i'))} — {g.title}") for g in coming
        ]
        start = self.start()
        if start is not None:
            day = start.local_start.date()
            self.fields["repeat"].choices = [  # type: ignore[attr-defined]
                (r, describe_repeat(r, day)) for r in REPEATS
            ]

    def start(self) -> Gathering | None:
        """The gathering the change starts from, as far as the form knows yet."""
        raw = self.data.get("start_from") if self.is_bound else self.initial.get("start_from")
        try:
            return self.coming.get(int(str(raw))) if raw not in (None, "") else None
        except (TypeError, ValueError):
            return None

    def rrule(self) -> str:
        day = self.coming[self.cleaned_data["start_from"]].local_start.date()
        return {
            "weekly": "FREQ=WEEKLY",
            "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
            "monthly_weekday": f"FREQ=MONTHLY;BYDAY={_nth(day)}{_weekday_code(day)}",
            "monthly_date": f"FREQ=MONTHLY;BYMONTHDAY={day.day}",
        }[self.cleaned_data["repeat"]]

    def describe(self) -> str:
        day = self.coming[self.cleaned_data["start_from"]].local_start.date()
        return describe_repeat(self.cleaned_data["repeat"], day)


def _rows(plan: rhythm.RhythmPlan) -> list[dict[str, Any]]:
    """Each date of the new rhythm: new, or a gathering kept (at its time or the new one),
    named when its title is its own."""
    kept = {g.local_start.date(): g for g in plan.keep}
    moved = {g.pk for g in plan.move}
    rows = []
    for start in plan.starts:
        g = kept.get(start.date())
        if g is None:
            rows.append({"start": start, "state": "new", "title": ""})
            continue
        rows.append(
            {
                "start": g.local_start if g.pk not in moved else start,
                "state": "moved" if g.pk in moved else "kept",
                "title": g.title if g.title != plan.start.title else "",
            }
        )
    return rows


@gathering_view("plan")
def change_rhythm(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    """The form, then the new and dropped dates to check, then the change itself."""
    series = gathering.series
    coming: list[Gathering] = (
        list(
            series.gatherings.filter(cancelled_at__isnull=True, starts_at__gt=timezone.now())
            .select_related("community")
            .order_by("starts_at", "pk")
        )
        if series is not None
        else []
    )
    start = gathering if gathering in coming else (coming[0] if coming else None)
    current_time = (start or gathering).local_start.time()
    form = RhythmForm(
        request.POST or None,
        coming=coming,
        initial={
            "start_from": start.pk if start else None,
            "start_time": current_time,
            "until": rhythm.last_date(series) if series else None,
        },
    )
    context: dict[str, Any] = {
        "gathering": gathering,
        "community": gathering.community,
        "standing": standing,
        "form": form,
        "series": series,
        "coming": coming,
    }
    if request.method != "POST" or "back" in request.POST or not form.is_valid():
        return render(request, "gatherings/rhythm.html", context)
    chosen = form.coming[form.cleaned_data["start_from"]]
    wanted: dt.time | None = form.cleaned_data["start_time"]
    if wanted is not None and wanted.replace(second=0) == chosen.local_start.time().replace(
        second=0, microsecond=0
    ):
        wanted = None
    arguments = {
        "gathering": chosen,
        "rule": form.rrule(),
        "start_time": wanted,
        "until": form.cleaned_data["until"],
    }
    try:
        if "confirm" not in request.POST:
            plan = rhythm.plan_rhythm(**arguments)
            context |= {
                "plan": plan,
                "description": form.describe(),
                "rows": _rows(plan),
                "timezone": chosen.timezone,
            }
            return render(request, "gatherings/rhythm_confirm.html", context)
        done = rhythm.check_change_rhythm(actor=actor(request), **arguments)
    except ActionError as exc:
        add_action_error(form, exc)
        return render(request, "gatherings/rhythm.html", context)
    messages.success(
        request,
        _(
            "The rhythm has changed. New gatherings: %(created)s; cancelled: %(cancelled)s; "
            "kept: %(kept)s. The members have the changes by email."
        )
        % {
            "created": len(done.created),
            "cancelled": len(done.cancelled),
            "kept": len(done.kept),
        },
    )
    return redirect("gatherings:community_list", community_id=gathering.community_id)
