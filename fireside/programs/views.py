from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor, refusal
from fireside.programs import actions
from fireside.programs.access import get_program_for
from fireside.programs.forms import ProgramForm, StaffForm
from fireside.programs.models import CommitmentPeriod, Program, ProgramStaff


def program_list(request: HttpRequest) -> HttpResponse:
    programs = Program.objects.all()
    return render(request, "programs/list.html", {"programs": programs})


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
