"""A program's own words: what it calls a group and its role types (the changes of role
waiting for its coordinators are in fireside/communities/program_views.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.programs import vocabulary
from fireside.programs.access import get_program_for
from fireside.programs.forms import GroupWordsForm, NewRoleTypeForm, RoleTypeForm
from fireside.programs.models import Program
from fireside.programs.words import role_type_choices


def _words_page(
    request: HttpRequest,
    program: Program,
    words_form: GroupWordsForm | None = None,
    new_form: NewRoleTypeForm | None = None,
    status: int = 200,
) -> HttpResponse:
    own = list(program.role_types.all())
    return render(
        request,
        "programs/words.html",
        {
            "program": program,
            "words_form": words_form
            or GroupWordsForm(
                initial={f: getattr(program, f) for f in vocabulary.GROUP_WORD_FIELDS}
            ),
            "new_form": new_form or NewRoleTypeForm(),
            "own": [
                (
                    row,
                    RoleTypeForm(
                        initial={"name": row.name, "name_fr": row.name_fr}, prefix=row.code
                    ),
                )
                for row in own
            ],
            "builtin": [] if own else role_type_choices(program),
        },
        status=status,
    )


@login_required
def program_words(request: HttpRequest, program_id: int) -> HttpResponse:
    """GET: the page; POST: what the program calls a group."""
    program, _standing = get_program_for(request.user, program_id, "name_coordinators")
    if request.method != "POST":
        return _words_page(request, program)
    form = GroupWordsForm(request.POST)
    if form.is_valid():
        try:
            vocabulary.check_set_group_words(
                actor=actor(request), program=program, **form.cleaned_data
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("The program's words are saved."))
            return redirect("programs:words", program_id=program.pk)
    return _words_page(request, program, words_form=form, status=400)


@login_required
@require_POST
def role_type_add(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "name_coordinators")
    form = NewRoleTypeForm(request.POST)
    if form.is_valid():
        try:
            row = vocabulary.check_add_role_type(
                actor=actor(request), program=program, **form.cleaned_data
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("“%(name)s” is added.") % {"name": row.name})
            return redirect(reverse("programs:words", args=[program.pk]) + "#role-types")
    return _words_page(request, program, new_form=form, status=400)


@login_required
@require_POST
def role_type_change(request: HttpRequest, program_id: int, role_code: str) -> HttpResponse:
    """Rename, move up or down, or remove one of the program's role types."""
    program, _standing = get_program_for(request.user, program_id, "name_coordinators")
    user, what = actor(request), request.POST.get("do", "")
    back = redirect(reverse("programs:words", args=[program.pk]) + "#role-types")
    try:
        if what == "rename":
            form = RoleTypeForm(request.POST, prefix=role_code)
            if not form.is_valid():
                messages.error(request, _("Give the role type a name of at most 100 characters."))
                return back
            vocabulary.check_rename_role_type(
                actor=user, program=program, code=role_code, **form.cleaned_data
            )
            messages.success(request, _("The role type is renamed."))
        elif what in ("up", "down"):
            vocabulary.do_move_role_type(
                actor=user, program=program, code=role_code, up=what == "up"
            )
        elif what == "remove":
            vocabulary.check_remove_role_type(actor=user, program=program, code=role_code)
            messages.success(request, _("The role type is removed."))
        else:
            messages.error(request, _("Choose what to do with the role type."))
    except ActionError as exc:  # unknown, or already decided by someone else: said, not 404
        messages.error(request, exc.message)
    return back
