"""The coordinator's page of a program's mentors: each group with its mentors, and a form
to assign or take off one (plain forms: it works without JavaScript)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fireside.accounts.models import User
from fireside.communities import mentors
from fireside.communities.models import Community
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.programs.access import get_program_for
from fireside.programs.models import Program


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return obj.display_name


class AssignForm(forms.Form):
    community = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        label=gettext_lazy("Group"),
        error_messages={"invalid_choice": gettext_lazy("Choose one of this program's groups.")},
    )
    mentor = PersonChoiceField(
        queryset=User.objects.none(),
        label=gettext_lazy("Mentor"),
        error_messages={"invalid_choice": gettext_lazy("Choose one of this program's mentors.")},
    )

    def __init__(self, *args: object, program: Program, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        group_field = self.fields["community"]
        mentor_field = self.fields["mentor"]
        assert isinstance(group_field, forms.ModelChoiceField)  # noqa: S101 - declared above
        assert isinstance(mentor_field, forms.ModelChoiceField)  # noqa: S101
        group_field.queryset = Community.objects.filter(program=program).order_by("name")
        mentor_field.queryset = mentors.program_mentors(program)


def _page(
    request: HttpRequest, program: Program, form: AssignForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "communities/mentors.html",
        {
            "program": program,
            "form": form,
            "groups": mentors.program_assignments(program),
            "has_mentors": mentors.program_mentors(program).exists(),
        },
        status=status,
    )


@login_required
def program_mentors(request: HttpRequest, program_id: int) -> HttpResponse:
    """GET: the page; POST: assign a mentor to a group."""
    program, _standing = get_program_for(request.user, program_id, "name_coordinators")
    form = AssignForm(request.POST or None, program=program)
    if request.method == "POST":
        if not form.is_valid():
            return _page(request, program, form, status=400)
        community, mentor = form.cleaned_data["community"], form.cleaned_data["mentor"]
        try:
            mentors.check_assign_mentor(actor=actor(request), community=community, mentor=mentor)
        except ActionError as exc:
            add_action_error(form, exc)
            return _page(request, program, form, status=exc.status)
        messages.success(
            request,
            _("%(name)s now mentors %(group)s.")
            % {"name": mentor.display_name, "group": community.name},
        )
        return redirect("programs:mentors", program_id=program.pk)
    return _page(request, program, form)


@require_POST
@login_required
def unassign_mentor(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "name_coordinators")
    form = AssignForm(request.POST, program=program)
    if not form.is_valid():
        messages.error(request, _("That mentor or group is not in this program."))
        return redirect("programs:mentors", program_id=program.pk)
    community, mentor = form.cleaned_data["community"], form.cleaned_data["mentor"]
    try:
        mentors.check_unassign_mentor(actor=actor(request), community=community, mentor=mentor)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(name)s no longer mentors %(group)s.")
            % {"name": mentor.display_name, "group": community.name},
        )
    return redirect("programs:mentors", program_id=program.pk)
