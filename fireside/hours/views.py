from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from fireside.communities.models import Community
from fireside.hours.access import (
    get_program_for_participant,
    get_program_to_coordinate,
    programs_taken_part_in,
)
from fireside.hours.counting import SOURCES, Tally, month_key, today_in
from fireside.hours.forms import PeriodForm
from fireside.hours.ledger import ledger_for
from fireside.hours.ledger_parts import ledger_parts
from fireside.hours.totals import PersonHours, program_hours
from fireside.lib.audit import record
from fireside.lib.csv_export import csv_response
from fireside.lib.http import actor
from fireside.mentoring import review
from fireside.programs.models import Program


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The programs whose hours you can see: your own, and those you coordinate."""
    user = actor(request)
    return render(
        request,
        "hours/index.html",
        {
            "programs": programs_taken_part_in(user),
            "coordinated": list(Program.objects.coordinated_by(user).order_by("name")),
        },
    )


def ledger(request: HttpRequest, program_id: int) -> HttpResponse:
    """Your hours in a program: by source, month by month against the target, each entry
    linked to what produced it, and the corrections made to your attendance."""
    program, places = get_program_for_participant(request.user, program_id)
    user = actor(request)
    return render(
        request,
        "hours/ledger.html",
        {
            **ledger_parts(user, program),  # the latest certificate (certificates)
            "program": program,
            "ledger": ledger_for(user, program, memberships=places),
        },
    )


@dataclass(frozen=True)
class Row:
    person: PersonHours
    last_month: Decimal
    this_month: Decimal
    target: Decimal

    @property
    def last_met(self) -> bool:
        return bool(self.target) and self.last_month >= self.target

    @property
    def this_met(self) -> bool:
        return bool(self.target) and self.this_month >= self.target


@dataclass
class CommunityHours:
    community: Community
    people: list[PersonHours] = field(default_factory=list)
    tally: Tally = field(default_factory=Tally)
    rows: list[Row] = field(default_factory=list)


def _months_now(program: Program) -> tuple[dt.date, dt.date]:
    this = today_in(program).replace(day=1)
    last = (this - dt.timedelta(days=1)).replace(day=1)
    return last, this


def _by_community(program: Program, people: dict[int, PersonHours]) -> list[CommunityHours]:
    groups = {c.pk: CommunityHours(c) for c in Community.objects.filter(program=program)}
    for person in sorted(people.values(), key=lambda p: (p.user.display_name.lower(), p.user.pk)):
        group = groups.setdefault(person.community.pk, CommunityHours(person.community))
        group.people.append(person)
        for source in SOURCES:
            group.tally.add(source, getattr(person.tally, source))
    return sorted(groups.values(), key=lambda g: (g.community.name.lower(), g.community.pk))


def for_program(request: HttpRequest, program_id: int) -> HttpResponse:
    """For coordinators: hours per community and per person, numbers only."""
    program = get_program_to_coordinate(request.user, program_id)
    form = PeriodForm(request.GET if request.GET else None)
    people = program_hours(program, form.period())
    last, this = _months_now(program)
    target = Decimal(program.monthly_hours_target)
    groups = _by_community(program, people)
    total = Tally()
    for group in groups:
        group.rows = [Row(p, p.hours_in(last), p.hours_in(this), target) for p in group.people]
        for source in SOURCES:
            total.add(source, getattr(group.tally, source))
    return render(
        request,
        "hours/program.html",
        {
            "program": program,
            "form": form,
            "groups": groups,
            "total": total,
            "people_count": len(people),
            "last_month": last,
            "this_month": this,
            "whole": form.period().is_open,
            "query": request.GET.urlencode(),
            "connection_review": review.counts_for_program(program.pk, timezone.now()),
        },
    )


def for_program_csv(request: HttpRequest, program_id: int) -> HttpResponse:
    """The same numbers, one row per person, with a column per month."""
    program = get_program_to_coordinate(request.user, program_id)
    form = PeriodForm(request.GET if request.GET else None)
    people = program_hours(program, form.period())
    record(request.user, "hours.export_csv", program)
    months = sorted({m for p in people.values() for m in p.months})
    header = [
        "community",
        "person",
        "user_id",
        "status",
        "gatherings_hours",
        "connections_hours",
        "reflections_hours",
        "total_hours",
        "gatherings_attended",
        "connections_logged",
        "reflections_written",
        "online_conversations_hours",
        "preparation_hours",
        *[month_key(m) for m in months],
    ]
    rows = [
        [
            group.community.name,
            person.user.display_name,
            person.user.pk,
            "active" if person.active else "left",
            person.tally.gathering_hours,
            person.tally.connection_hours,
            person.tally.reflection_hours,
            person.tally.hours,
            person.counts["gatherings"],
            person.counts["connections"],
            person.counts["reflections"],
            person.tally.online_hours,
            person.tally.preparation_hours,
            *[person.hours_in(m) for m in months],
        ]
        for group in _by_community(program, people)
        for person in group.people
    ]
    filename = f"hours-{slugify(program.name) or program.pk}.csv"
    return csv_response([header, *rows], filename)
