"""After a gathering: the attendance checklist, the facilitator's notes, the debrief, and a
mentor's list of the debriefs of their program's groups."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.communities.access import Standing, require, shared_needs
from fireside.communities.models import MentorAssignment
from fireside.gatherings import actions, checkin, scheduling
from fireside.gatherings.access import gathering_view
from fireside.gatherings.feedback import activity_scores
from fireside.gatherings.forms import AttendanceForm, DebriefForm, NotesForm
from fireside.gatherings.models import Debrief, DebriefCall, Gathering
from fireside.lib.errors import ActionError, Refused
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.programs.access import program_standing
from fireside.programs.models import Program


def _posted_people(request: HttpRequest) -> list[int]:
    """Who was on the checklist the facilitator saw; the action checks they are members."""
    ids: list[int] = []
    for raw in request.POST.getlist("person")[:60]:
        if raw.isdigit() and int(raw) not in ids:
            ids.append(int(raw))
    return ids


@gathering_view("facilitate")
def attendance(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    """A checklist for a phone: tick who came; minutes default to the gathering's length."""
    g = gathering
    recorded = {a.user_id: a for a in g.attendance.select_related("user")}
    # The people who were in the group at the time: not who joined since.
    members = actions.attendance_candidates(g).select_related("user").order_by("user__name")
    names = {m.user_id: m.user.display_name for m in members}
    names |= {uid: a.user.display_name for uid, a in recorded.items() if uid not in names}
    needs = shared_needs(standing, (m.user for m in members))
    ids = _posted_people(request) if request.method == "POST" else list(names)
    # Someone not on the group's list gets no name here: the page must not reveal one.
    people = [(uid, names.get(uid) or _("Person number %(id)s") % {"id": uid}) for uid in ids]
    rsvps = dict(g.rsvps.values_list("user_id", "response"))
    initial = checkin.sheet_initial(g, recorded, rsvps)
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        people=people,
        duration=g.duration_minutes,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid() and not people:
        form.add_error(None, _("The list was empty. Reload the page and try again."))
    elif request.method == "POST" and form.is_valid():
        try:
            rows = actions.check_record_attendance(
                actor=actor(request), gathering=g, rows=form.rows()
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request,
                _("Attendance is saved: %(n)s present. Now, the notes?")
                % {"n": sum(r.present for r in rows)},
            )
            return redirect("gatherings:notes", gathering_id=g.pk)
    checked_in = checkin.checked_in(recorded)
    return render(
        request,
        "gatherings/attendance.html",
        {
            "gathering": g,
            "community": g.community,
            "standing": standing,
            "form": form,
            "rows": [
                (uid, present, minutes, rsvps.get(uid), needs.get(uid, ""), uid in checked_in)
                for (present, minutes), (uid, _name) in zip(form.checklist(), people, strict=True)
            ],
            "started": g.starts_at <= timezone.now(),
            "scores": activity_scores(g.community),
            "checkin_open": checkin.is_open(g),
            "invited_guests": list(g.guests.invited()),
        },
    )


@gathering_view("plan")
def notes(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    g = gathering
    form = NotesForm(
        request.POST or None,
        initial={
            "notes": g.notes,
            "action_points": "\n".join(g.action_points),
            "ideas_next_time": g.ideas_next_time,
        },
    )
    if request.method == "POST" and form.is_valid():
        already_sent = g.notes_sent_at is not None
        try:
            scheduling.check_update_gathering(
                actor=actor(request), gathering=g, changes=form.cleaned_data
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            sent_now = not already_sent and g.notes_sent_at is not None
            messages.success(
                request,
                _("The notes are saved, and the members have them by email.")
                if sent_now
                else _("The notes are saved."),
            )
            return redirect("gatherings:detail", gathering_id=g.pk)
    return render(
        request,
        "gatherings/notes.html",
        {
            "gathering": g,
            "community": g.community,
            "standing": standing,
            "form": form,
            "started": g.starts_at <= timezone.now(),
            "scores": activity_scores(g.community),
        },
    )


@gathering_view("read_debrief")
def debrief(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    """Facilitators and mentors write it; coordinators read it; members never see it."""
    g = gathering
    filed = Debrief.objects.filter(gathering=g).select_related("written_by").first()
    form = None
    if standing.can_write_debrief:
        form = DebriefForm(
            request.POST or None,
            initial={
                "logistics": filed.logistics,
                "common_threads": filed.common_threads,
                "wonderings": filed.wonderings,
            }
            if filed
            else None,
        )
    if request.method == "POST":
        require(standing, "debrief")
        assert form is not None  # noqa: S101 - require() refused everyone else
        if form.is_valid():
            try:
                actions.check_file_debrief(actor=actor(request), gathering=g, **form.cleaned_data)
            except ActionError as exc:
                add_action_error(form, exc)
            else:
                messages.success(request, _("The debrief is saved. Thank you."))
                return redirect("gatherings:debrief", gathering_id=g.pk)
    return render(
        request,
        "gatherings/debrief.html",
        {
            "gathering": g,
            "community": g.community,
            "standing": standing,
            "filed": filed,
            "form": form,
            "started": g.starts_at <= timezone.now(),
            "call": DebriefCall.objects.live().filter(gathering=g).first(),
        },
    )


@login_required
def mentor_debriefs(request: HttpRequest, program_id: int) -> HttpResponse:
    """The program's gatherings that took place and still lack a debrief; a mentor's own
    groups (those assigned to them) first."""
    program = get_object_or_404(Program, pk=program_id)
    standing = program_standing(request.user, program)
    if not (standing.is_mentor or standing.is_coordinator):
        raise Refused(403)
    past = Gathering.objects.filter(
        community__program=program, starts_at__lte=timezone.now(), cancelled_at__isnull=True
    )
    mine = MentorAssignment.objects.filter(community=OuterRef("community"), mentor=actor(request))
    missing = (
        past.filter(debrief__isnull=True)
        .select_related("community")
        .annotate(
            attended=Count("attendance", filter=Q(attendance__present=True)),
            mine=Exists(mine),
        )
        .order_by("-mine", "-starts_at")[:200]
    )
    return render(
        request,
        "gatherings/mentor_debriefs.html",
        {
            "program": program,
            "missing": missing,
            "filed": past.filter(debrief__isnull=False).count(),
            "standing": standing,
        },
    )
