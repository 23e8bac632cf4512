"""The coordinators' page for the program's own goals in the confidence check."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fireside.lib.errors import ActionError
from fireside.lib.forms import TextField, add_action_error
from fireside.lib.http import actor
from fireside.programs.access import get_program_for
from fireside.surveys import goals as goal_actions
from fireside.surveys.models import ConfidenceGoal


class GoalForm(forms.Form):
    text_en = TextField(
        label=gettext_lazy("Statement in English"), max_length=goal_actions.GOAL_MAX
    )
    text_fr = TextField(label=gettext_lazy("Statement in French"), max_length=goal_actions.GOAL_MAX)


def goals(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "manage")
    user = actor(request)
    all_goals = list(ConfidenceGoal.objects.filter(program=program))
    by_id = {str(g.pk): g for g in all_goals}
    new_form = GoalForm(prefix="new")
    editing: dict[int, GoalForm] = {}
    status = 200
    if request.method == "POST":
        op, _sep, arg = str(request.POST.get("op", "")).partition("-")
        goal = by_id.get(arg)
        try:
            if op == "add":
                new_form = GoalForm(request.POST, prefix="new")
                if new_form.is_valid():
                    goal_actions.check_add_goal(
                        actor=user, program=program, **new_form.cleaned_data
                    )
                    messages.success(request, _("The goal is added to the confidence check."))
                    return redirect("surveys:goals", program.pk)
            elif goal is not None and op == "save":
                form = GoalForm(request.POST, prefix=f"g{goal.pk}")
                editing[goal.pk] = form
                if form.is_valid():
                    goal_actions.check_edit_goal(actor=user, goal=goal, **form.cleaned_data)
                    messages.success(request, _("The goal is reworded; its answers are kept."))
                    return redirect("surveys:goals", program.pk)
            elif goal is not None and op in {"up", "down"}:
                goal_actions.do_move_goal(actor=user, goal=goal, by=-1 if op == "up" else 1)
                return redirect("surveys:goals", program.pk)
            elif goal is not None and op == "remove":
                goal_actions.do_remove_goal(actor=user, goal=goal)
                messages.success(request, _("The goal is removed from new checks."))
                return redirect("surveys:goals", program.pk)
        except ActionError as exc:
            target = editing.get(goal.pk) if goal is not None else None
            add_action_error(target or new_form, exc)
        status = 400
    active = [g for g in all_goals if g.active]
    rows = [
        (
            g,
            editing.get(g.pk)
            or GoalForm(prefix=f"g{g.pk}", initial={"text_en": g.text_en, "text_fr": g.text_fr}),
        )
        for g in active
    ]
    return render(
        request,
        "surveys/goals.html",
        {
            "program": program,
            "rows": rows,
            "removed": [g for g in all_goals if not g.active],
            "new_form": new_form,
            "can_add": len(active) < goal_actions.MAX_GOALS,
        },
        status=status,
    )
