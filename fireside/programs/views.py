from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.access import get_program_for, program_standing
from fireside.communities.member_views import pending_offers, waiting_rows
from fireside.communities.models import (
    Community,
    CommunityRole,
    Membership,
)
from fireside.communities.places import places_of
from fireside.gatherings.home import upcoming_for
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.home import Viewer, panels_for, tasks_for
from fireside.lib.http import actor, refusal
from fireside.library.access import library_standing
from fireside.programs import actions, faq
from fireside.programs.forms import ProgramForm, StaffForm
from fireside.programs.models import CommitmentPeriod, Program, ProgramStaff


def home(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return render(request, "home.html", _dashboard(actor(request)))
    programs = Program.objects.order_by("-starts_on")[:5]
    return render(request, "home.html", {"programs": programs})


def _dashboard(user: User) -> dict[str, Any]:
    """A signed-in person's groups, places in queues and what needs them (every app's task
    sources, fireside.lib.home). A fixed number of queries however many groups they are in.
    `places` goes to the other apps' sections of the page too, so they do not read the
    person's groups again."""
    places = places_of(user)
    active = places.active
    roles: dict[int, list[CommunityRole]] = {}
    for role in places.roles_in(p.community_id for p in active):
        roles.setdefault(role.community_id, []).append(role)
    # One query for both staff roles: coordinators run programs, mentors follow their debriefs
    # (none when their groups' rows already say they hold no program role).
    staff = (
        list(
            ProgramStaff.objects.filter(user=user)
            .select_related("program")
            .order_by("program__name")
        )
        if places.may_be_staff
        else []
    )
    viewer = Viewer(user=user, places=places, staff=staff)
    upcoming = upcoming_for(user, places, viewer.now)
    return {
        "places": places,
        "tasks": tasks_for(viewer),
        "panels": panels_for(viewer),  # every app's sections (fireside.lib.home)
        "upcoming": upcoming,
        "groups": [
            (
                p,
                [r.get_role_display() for r in roles.get(p.community_id, [])],
                upcoming.next.get(p.community_id),
            )
            for p in active
        ],
        "waiting": places.waiting,
        "coordinated": viewer.staff_programs.get(ProgramStaff.Role.COORDINATOR, []),
        "mentored": viewer.staff_programs.get(ProgramStaff.Role.MENTOR, []),
        "my_programs": list(places.programs.values()),
    }


def program_list(request: HttpRequest) -> HttpResponse:
    programs = Program.objects.all()
    return render(request, "programs/list.html", {"programs": programs})


def _communities_with_counts() -> Any:
    return Prefetch("communities", queryset=Community.objects.with_counts().order_by("name"))


def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_object_or_404(
        Program.objects.select_related("previous_year").prefetch_related(
            "commitments", "role_types", _communities_with_counts()
        ),
        pk=program_id,
    )
    # The year that continues this one: read only once it was continued.
    later = program.next_years.first() if program.read_only_from else None
    return render(
        request,
        "programs/detail.html",
        {
            "program": program,
            "standing": program_standing(request.user, program),
            "reads_library": library_standing(request.user, program).can_read,
            "later": later,
            "next_year": later if program.is_read_only() else None,
            "faq": faq.published_items(program),
        },
    )


@login_required
def program_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not user.is_staff:
        return refusal(request, 403)
    form = ProgramForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ProgramForm.Meta.fields}
        try:
            program = actions.check_create_program(
                actor=user, commitments=form.commitments(), **fields
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("The program is created. Now name its coordinators."))
            return redirect("programs:staff", program_id=program.pk)
    return render(request, "programs/form.html", {"form": form, "title": _("New program")})


def _commitment_initial(program: Program) -> dict[str, int]:
    initial: dict[str, int] = {}
    for period in CommitmentPeriod.objects.filter(program=program):
        initial[f"{period.role}_start"] = period.start_month
        initial[f"{period.role}_end"] = period.end_month
    return initial


@login_required
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "name_coordinators")
    form = ProgramForm(request.POST or None, instance=program, initial=_commitment_initial(program))
    user = actor(request)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ProgramForm.Meta.fields}
        try:
            actions.check_update_program(
                actor=user, program=Program.objects.get(pk=program.pk), **fields
            )
            for role, (start, end) in form.commitments().items():
                actions.do_set_commitment(
                    actor=user, program=program, role=role, start_month=start, end_month=end
                )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("The program is saved."))
            return redirect("programs:detail", program_id=program.pk)
    return render(
        request,
        "programs/form.html",
        {"form": form, "program": program, "title": _("Edit %(name)s") % {"name": program.name}},
    )


@login_required
def program_staff(request: HttpRequest, program_id: int) -> HttpResponse:
    program, standing = get_program_for(request.user, program_id, "name_coordinators")
    form = StaffForm(request.POST or None)
    user = actor(request)
    if request.method == "POST" and form.is_valid():
        role = form.cleaned_data["role"]
        person = User.objects.filter(
            email__iexact=form.cleaned_data["email"], is_active=True
        ).first()
        if role == ProgramStaff.Role.MENTOR and not standing.can_manage:
            form.add_error("role", _("Only the program's coordinators can name mentors."))
        elif person is None:
            form.add_error(
                "email",
                _("No one has an account with that address yet. Ask them to sign up first."),
            )
        else:
            try:
                actions.do_add_program_staff(actor=user, program=program, user=person, role=role)
            except ActionError as exc:
                add_action_error(form, exc)
            else:
                messages.success(
                    request,
                    _("%(name)s is now a %(role)s.") % {"name": person.display_name, "role": role},
                )
                return redirect("programs:staff", program_id=program.pk)
    staff = ProgramStaff.objects.filter(program=program).select_related("user")
    return render(
        request, "programs/staff.html", {"program": program, "form": form, "staff": staff}
    )


@login_required
def program_waitlists(request: HttpRequest, program_id: int) -> HttpResponse:
    """Every group's waitlist in the program, with the groups that have space, so a
    coordinator can offer a waiting person a seat elsewhere."""
    program, _standing = get_program_for(request.user, program_id, "manage")
    communities = list(Community.objects.with_counts().filter(program=program).order_by("name"))
    for c in communities:
        c.program = program  # one program, its role types read once for every group's label
    waiting: dict[int, list[Membership]] = {}
    for membership in (
        Membership.objects.filter(community__program=program, status=Membership.Status.WAITLISTED)
        .select_related("user", "community")
        .prefetch_related(pending_offers())
        .order_by("requested_at", "pk")
    ):
        waiting.setdefault(membership.community_id, []).append(membership)
    return render(
        request,
        "programs/waitlists.html",
        {
            "program": program,
            "with_space": [c for c in communities if c.open_seats()],
            "queues": [
                (c, waiting_rows(waiting[c.pk], communities))
                for c in communities
                if c.pk in waiting
            ],
        },
    )
