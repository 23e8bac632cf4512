"""The pair's space on its page: set, move or cancel the next catch-up (and download it for
a calendar), and keep shared goals. Plain POST forms that come back to the pair's page:
no JavaScript needed."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.lib.errors import ActionError, Refused
from fireside.lib.http import actor
from fireside.mentoring import catch_up_ics, pair_space
from fireside.mentoring.access import get_pairing_for
from fireside.mentoring.models import CatchUp, PairGoal, Pairing
from fireside.mentoring.pair_space_forms import CatchUpForm, GoalForm


def _back(pairing_id: int, anchor: str) -> HttpResponse:
    return redirect(reverse("mentoring:pair", args=[pairing_id]) + f"#{anchor}")


def _form_errors(form: CatchUpForm | GoalForm) -> str:
    return " ".join(
        f"{form.fields[name].label}: {' '.join(str(e) for e in errors)}"
        for name, errors in form.errors.items()
    )


@require_POST
def set_catch_up(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing, _standing = get_pairing_for(request.user, pairing_id)
    user = actor(request)
    program = pairing.community.program
    form = CatchUpForm.for_catch_up(
        None, pair_space.zone_for(user, program), program, data=request.POST
    )
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(pairing.pk, "catch-up")
    try:
        pair_space.check_set_catch_up(
            user=user,
            pairing=pairing,
            starts_at=form.wall_clock(),
            minutes=form.cleaned_data["minutes"],
            where=form.cleaned_data["where"],
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Saved. Your partner has been told."))
    return _back(pairing.pk, "catch-up")


@require_POST
def cancel_catch_up(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing, _standing = get_pairing_for(request.user, pairing_id)
    try:
        pair_space.check_cancel_catch_up(user=actor(request), pairing=pairing)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Cancelled. Your partner has been told."))
    return _back(pairing.pk, "catch-up")


def catch_up_calendar(request: HttpRequest, pairing_id: int) -> HttpResponse:
    """The catch-up to come, to open in a calendar app (or, once cancelled, its
    cancellation, so a calendar that has it can drop it)."""
    pairing, _standing = get_pairing_for(request.user, pairing_id)
    catch_up = pair_space.upcoming(pairing.pk) or (
        CatchUp.objects.filter(pairing=pairing, cancelled_at__isnull=False)
        .order_by("-cancelled_at", "-pk")
        .first()
    )
    if catch_up is None:
        raise Refused(404)
    response = HttpResponse(
        catch_up_ics.one(catch_up, pairing, actor(request)),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="catch-up-{pairing.pk}.ics"'
    response["Cache-Control"] = "private, no-cache"
    return response


@require_POST
def add_goal(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing, _standing = get_pairing_for(request.user, pairing_id)
    form = GoalForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(pairing.pk, "goals")
    try:
        pair_space.check_add_goal(
            user=actor(request), pairing=pairing, text=form.cleaned_data["text"]
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Goal added."))
    return _back(pairing.pk, "goals")


@require_POST
def update_goal(request: HttpRequest, pairing_id: int, goal_id: int) -> HttpResponse:
    """Tick it done or open it again (`done`: "1" or "0"), or change its words (`text`)."""
    pairing, _standing = get_pairing_for(request.user, pairing_id)
    goal = _goal(pairing, goal_id)
    done = {"1": True, "0": False}.get(request.POST.get("done", ""))
    text = request.POST.get("text")
    try:
        pair_space.check_update_goal(
            user=actor(request), pairing=pairing, goal=goal, text=text, done=done
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    return _back(pairing.pk, f"goal-{goal.pk}")


@require_POST
def delete_goal(request: HttpRequest, pairing_id: int, goal_id: int) -> HttpResponse:
    pairing, _standing = get_pairing_for(request.user, pairing_id)
    goal = _goal(pairing, goal_id)
    try:
        pair_space.check_delete_goal(user=actor(request), pairing=pairing, goal=goal)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Goal removed."))
    return _back(pairing.pk, "goals")


def _goal(pairing: Pairing, goal_id: int) -> PairGoal:
    try:
        return pair_space.get_goal(pairing, goal_id)
    except ActionError as exc:
        raise Refused(404) from exc
