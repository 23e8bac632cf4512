from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.access import get_community_for
from fireside.lib.errors import ActionError, Refused
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.programs.access import get_program_for
from fireside.programs.models import Program
from fireside.surveys import actions, confidence
from fireside.surveys.access import (
    can_see_results,
    get_program_for_participant,
    get_survey_for,
)
from fireside.surveys.forms import AnswerForm, ConfidenceForm
from fireside.surveys.free_text import ORDER_PARAM, PageFreeText
from fireside.surveys.goals import active_goals, goal_results
from fireside.surveys.models import ConfidenceCheck, Occasion, Participation, Round, Survey
from fireside.surveys.report import confidence_change, confidence_overview, results_for


@dataclass(frozen=True)
class Row:
    """A survey as a list shows it: its latest round and where it stands."""

    survey: Survey
    round: Round | None
    state: str  # draft, upcoming, open, between (rounds), closed
    next_opens: dt.date | None = None
    answered: int = 0
    mine: bool = False  # the viewer answered the current round
    results: bool = False  # the viewer may see its results


def _state(survey: Survey, rnd: Round | None, today: dt.date) -> tuple[str, dt.date | None]:
    if survey.is_draft:
        return "draft", None
    if rnd is None:
        return "upcoming", survey.opens_on
    if actions.is_open(survey, rnd, today):
        return "open", None
    if survey.closed_at is None and survey.repeat_every_months:
        upcoming = actions.round_dates(survey, rnd.number + 1)[0]
        if upcoming <= survey.program.ends_on:
            return "between", upcoming
    return "closed", None


def _rows(user: Any, surveys: list[Survey], program: Program) -> list[Row]:
    """Rows for surveys prefetched with their rounds: two more queries (people who
    answered each current round, and whether the viewer did)."""
    today = actions.program_today(program)
    current = {s.pk: actions.current_round(s, today, s.rounds.all()) for s in surveys}
    round_ids = [r.pk for r in current.values() if r is not None]
    answered = dict(
        Participation.objects.filter(round_id__in=round_ids)
        .values_list("round_id")
        .annotate(n=Count("id"))
        .values_list("round_id", "n")
    )
    mine = set(
        Participation.objects.filter(round_id__in=round_ids, user=user).values_list(
            "round_id", flat=True
        )
    )
    rows = []
    for survey in surveys:
        survey.program = program
        rnd = current[survey.pk]
        state, next_opens = _state(survey, rnd, today)
        rows.append(
            Row(
                survey=survey,
                round=rnd,
                state=state,
                next_opens=next_opens,
                answered=answered.get(rnd.pk, 0) if rnd else 0,
                mine=rnd is not None and rnd.pk in mine,
                results=survey.created_by_id == user.pk,
            )
        )
    return rows


def program_surveys(request: HttpRequest, program_id: int) -> HttpResponse:
    """For coordinators: the program-wide surveys, and the group surveys they built."""
    program, standing = get_program_for(request.user, program_id, "manage")
    user = actor(request)
    surveys = list(
        Survey.objects.filter(program=program)
        .filter(Q(community__isnull=True) | Q(created_by=user))
        .filter(Q(published_at__isnull=False) | Q(created_by=user))
        .select_related("community")
        .prefetch_related("rounds")
        .order_by("-opens_on", "-pk")
    )
    return render(
        request,
        "surveys/program.html",
        {
            "program": program,
            "standing": standing,
            "rows": _rows(user, surveys, program),
            "communities": list(program.communities.order_by("name")),
        },
    )


def community_surveys(request: HttpRequest, community_id: int) -> HttpResponse:
    """A group's surveys: the ones open to answer, and for its facilitators, the ones
    they built, with their own confidence figures for the group."""
    community, standing = get_community_for(request.user, community_id, "content")
    user = actor(request)
    program = community.program
    surveys = list(
        actions.surveys_for_community(community)
        .filter(Q(published_at__isnull=False) | Q(created_by=user))
        .select_related("community")
        .prefetch_related("rounds")
        .order_by("-opens_on", "-pk")
    )
    rows = _rows(user, surveys, program)
    ours = [r for r in rows if r.survey.community_id == community.pk]
    context: dict[str, Any] = {
        "community": community,
        "standing": standing,
        "to_answer": [r for r in rows if r.state == "open" and not r.mine],
        "answered": [r for r in rows if r.state == "open" and r.mine],
        "ours": ours if standing.is_facilitator else [],
        "due": confidence.due_for(user, program),
        "program": program,
    }
    if standing.is_facilitator:
        context["group_confidence"] = confidence_change(program, community)
    return render(request, "surveys/community.html", context)


def answer(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Answer a survey (its audience), or look at its questions (its creator)."""
    survey = get_survey_for(request.user, survey_id, "view")
    if survey.is_draft:  # only its builder gets here: its page is the editor
        return redirect("surveys:edit", survey.pk)
    user = actor(request)
    today = actions.program_today(survey.program)
    rnd = actions.current_round(survey, today, list(survey.rounds.all()))
    state, next_opens = _state(survey, rnd, today)
    member = actions.in_audience(user, survey)
    answered = rnd is not None and Participation.objects.filter(round=rnd, user=user).exists()
    questions = list(survey.questions.all())
    form = None
    if member and state == "open" and not answered:
        form = AnswerForm(
            request.POST if request.method == "POST" else None,
            questions=questions,
            program_wide=survey.is_program_wide,
        )
    if request.method == "POST":
        if not member:
            raise Refused(403)
        if form is None:
            messages.error(
                request,
                _("You have already answered this survey. Thank you!")
                if answered
                else _("This survey is not open now."),
            )
            return redirect("surveys:answer", survey.pk)
        if form.is_valid():
            try:
                actions.check_respond(user=user, survey=survey, answers=form.answers())
            except ActionError as exc:
                add_action_error(form, exc)
            else:
                messages.success(request, _("Thank you! Your answers are saved."))
                return redirect("surveys:answer", survey.pk)
    return render(
        request,
        "surveys/answer.html",
        {
            "survey": survey,
            "round": rnd,
            "state": state,
            "next_opens": next_opens,
            "member": member,
            "answered": answered,
            "questions": questions,
            "form": form,
            "results": can_see_results(user, survey),
            "back": _back(user, survey),
            "threshold": actions.threshold(),
        },
    )


def _back(user: Any, survey: Survey) -> str:
    if survey.community_id and actions.in_audience(user, survey):
        return reverse("surveys:community", args=[survey.community_id])
    if can_see_results(user, survey):
        if survey.community_id:
            return reverse("surveys:community", args=[survey.community_id])
        return reverse("surveys:program", args=[survey.program_id])
    return reverse("home")


def results(request: HttpRequest, survey_id: int) -> HttpResponse:
    """For its creator: per-question figures of a round, once enough people answered."""
    survey = get_survey_for(request.user, survey_id, "results")
    if survey.is_draft:
        return redirect("surveys:edit", survey.pk)
    rounds = sorted(survey.rounds.all(), key=lambda r: r.number, reverse=True)
    today = actions.program_today(survey.program)
    chosen = request.GET.get("round", "")
    rnd = next((r for r in rounds if str(r.number) == chosen), None) or actions.current_round(
        survey, today, rounds
    )
    state, next_opens = _state(survey, rnd, today)
    texts = PageFreeText(request.GET.get(ORDER_PARAM, "count"))
    result = results_for(survey, rnd) if rnd else None
    return render(
        request,
        "surveys/results.html",
        {
            "survey": survey,
            "result": texts.in_results(result, survey.program, survey.community),
            "rounds": [r for r in rounds if r.opens_on <= today],
            "round": rnd,
            "state": state,
            "next_opens": next_opens,
            "back": _back(actor(request), survey),
        },
    )


@require_POST
def close(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = get_survey_for(request.user, survey_id, "results")
    try:
        actions.do_close_survey(actor=actor(request), survey=survey)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The survey is closed. No more answers, and no more rounds."))
    return redirect("surveys:results", survey.pk)


def confidence_check(request: HttpRequest, program_id: int) -> HttpResponse:
    """The confidence check, when one is due; and one's own earlier answers."""
    program = get_program_for_participant(request.user, program_id)
    user = actor(request)
    due = confidence.due_for(user, program)
    goals = active_goals(program)
    form = (
        ConfidenceForm(request.POST if request.method == "POST" else None, goals=goals)
        if due
        else None
    )
    if request.method == "POST":
        if form is None:
            messages.error(request, _("There is no confidence check to answer right now."))
            return redirect("surveys:confidence", program.pk)
        if form.is_valid():
            try:
                actions.check_take_confidence(
                    user=user, program=program, answers=form.answers(), goals=form.goal_answers()
                )
            except ActionError as exc:
                add_action_error(form, exc)
            else:
                messages.success(request, _("Thank you! Only you can see your own answers."))
                return redirect("surveys:confidence", program.pk)
    mine = list(
        ConfidenceCheck.objects.filter(user=user, program=program).order_by("taken_on", "pk")
    )
    return render(
        request,
        "surveys/confidence.html",
        {
            "program": program,
            "due": due,
            "form": form,
            "mine": mine,
            "start": Occasion.START,
            "scale": confidence.SCALE,
        },
    )


def confidence_results(request: HttpRequest, program_id: int) -> HttpResponse:
    """For coordinators: confidence now and its change, for the program and each group."""
    program, _standing = get_program_for(request.user, program_id, "manage")
    overall, groups = confidence_overview(program)
    goal_rows = goal_results(program)
    return render(
        request,
        "surveys/confidence_results.html",
        {
            "program": program,
            "overall": overall,
            "groups": groups,
            "areas": confidence.AREAS,
            "goals": goal_rows,
            "threshold": actions.threshold(),
        },
    )
