"""The survey builder's pages: build, preview as a respondent, duplicate. Thin: the form
and its moves are in fireside/surveys/builder.py, the checks in the actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from fireside.communities.access import get_community_for, get_program_for
from fireside.communities.models import Community
from fireside.lib.errors import ActionError
from fireside.lib.http import actor
from fireside.programs.models import Program
from fireside.surveys import actions, builder
from fireside.surveys.access import get_community_to_survey, get_survey_for
from fireside.surveys.forms import AnswerForm
from fireside.surveys.models import Question


def _render(
    request: HttpRequest,
    form: builder.SurveyForm,
    *,
    program: Program,
    community: Community | None,
    back: str,
    focus: int | None = None,
) -> HttpResponse:
    query = str(form["bank_q"].value() or "").strip()
    if focus is not None and f"q{focus}_text" in form.fields:  # straight to it, without script
        form.fields[f"q{focus}_text"].widget.attrs["autofocus"] = True
    return render(
        request,
        "surveys/builder.html",
        {
            "form": form,
            "program": program,
            "community": community,
            "back": back,
            "action": _new_url(program, community),
            "focus": focus,
            "can_add": len(form.slot_numbers) < actions.MAX_QUESTIONS,
            "bank": builder.bank(actor(request), program, query),
            "bank_query": query,
        },
    )


def _new_url(program: Program, community: Community | None) -> str:
    if community is not None:
        return reverse("surveys:community_new", args=[community.pk])
    return reverse("surveys:program_new", args=[program.pk])


def _preview(
    request: HttpRequest,
    form: builder.SurveyForm,
    *,
    program: Program,
    community: Community | None,
) -> HttpResponse:
    """The answer page as its audience will see it, with the builder's fields kept hidden
    so that "Back to editing" returns to them. Trying answers checks them, saves nothing."""
    questions = [Question(position=n, **q) for n, q in enumerate(form.questions(), start=1)]
    trying = request.POST.get("op") == "try"
    answer_form = AnswerForm(
        request.POST if trying else None,
        questions=questions,
        program_wide=community is None,
    )
    checked = trying and answer_form.is_valid()
    return render(
        request,
        "surveys/preview.html",
        {
            "builder_form": form,
            "form": answer_form,
            "checked": checked,
            "title": form.cleaned_data.get("title") or "",
            "intro": form.cleaned_data.get("intro") or "",
            "anonymous": form.cleaned_data.get("anonymous"),
            "program": program,
            "community": community,
            "action": _new_url(program, community),
            "threshold": actions.threshold(),
        },
    )


def _move(
    user: Any, program: Program, items: list[dict[str, Any]], op: str
) -> tuple[list[dict[str, Any]], int | None]:
    if not op.startswith("bank-"):
        return builder.rearrange(items, op)
    found = builder.from_bank(user, program, op.removeprefix("bank-"))
    if found is None or len(items) >= actions.MAX_QUESTIONS:
        return items, None
    if items and not items[-1]["text"].strip():
        items[-1] = builder.slot_of(found)  # into the empty last slot
    else:
        items.append(builder.slot_of(found))
    return items, len(items)


def _builder(
    request: HttpRequest,
    *,
    program: Program,
    community: Community | None,
    back: str,
    initial: dict[str, Any] | None = None,
) -> HttpResponse:
    today = actions.program_today(program)
    posted = request.POST if request.method == "POST" else None
    op = str(posted.get("op", "create")) if posted is not None else ""
    if "more" in (posted or {}):
        op = "add"
    user = actor(request)
    slots = (
        builder.slot_count(posted)
        if posted is not None
        else int((initial or {}).get("slots", builder.FIRST_SLOTS))
    )
    if posted is None:
        form = builder.SurveyForm(initial=initial, slots=slots, today=today)
        return _render(request, form, program=program, community=community, back=back)
    if op not in {"create", "preview", "try"}:
        # A move: show the form again as typed and rearranged, nothing checked or saved.
        items, focus = _move(user, program, builder.posted_slots(posted, slots), op)
        data: dict[str, Any] = {
            k: v for k, v in posted.items() if k != "csrfmiddlewaretoken" and not k[1:2].isdigit()
        }
        data.update(builder.flatten(items), anonymous="anonymous" in posted)
        form = builder.SurveyForm(initial=data, slots=len(items), today=today)
        return _render(request, form, program=program, community=community, back=back, focus=focus)
    form = builder.SurveyForm(posted, slots=slots, today=today)
    if not form.is_valid():
        return _render(request, form, program=program, community=community, back=back)
    data = form.cleaned_data
    try:
        if op in {"preview", "try"}:
            actions.clean_questions(form.questions())
            return _preview(request, form, program=program, community=community)
        survey = actions.check_create_survey(
            actor=user,
            program=program,
            community=community,
            title=data["title"],
            intro=data["intro"],
            anonymous=data["anonymous"],
            questions=form.questions(),
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            repeat_every_months=data["repeat"],
        )
    except ActionError as exc:
        form.add_error_from(exc)
        return _render(request, form, program=program, community=community, back=back)
    if survey.opens_on <= today:
        note = _("Your survey is open now, and we told the people it is for.")
    else:
        note = _("Your survey is ready. It opens on %(day)s, and we will tell people then.") % {
            "day": date_format(survey.opens_on, "j F")
        }
    messages.success(request, note)
    return redirect(back)


def program_new(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "manage")
    back = reverse("surveys:program", args=[program.pk])
    return _builder(request, program=program, community=None, back=back)


def _community_back(community: Community, is_member: bool) -> str:
    if is_member:
        return reverse("surveys:community", args=[community.pk])
    return reverse("surveys:program", args=[community.program_id])


def community_new(request: HttpRequest, community_id: int) -> HttpResponse:
    community, standing = get_community_to_survey(request.user, community_id)
    back = _community_back(community, standing.is_member)
    return _builder(request, program=community.program, community=community, back=back)


def duplicate(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Its creator starts a new survey from a copy: the builder, filled in, saving nothing
    until they create it."""
    survey = get_survey_for(request.user, survey_id, "results")
    initial = builder.copy_of(survey)
    if survey.community is not None:
        _community, standing = get_community_for(request.user, survey.community.pk, "schedule")
        back = _community_back(survey.community, standing.is_member)
    else:
        back = reverse("surveys:program", args=[survey.program_id])
    return _builder(
        request, program=survey.program, community=survey.community, back=back, initial=initial
    )
