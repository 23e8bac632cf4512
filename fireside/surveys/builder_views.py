"""The survey builder's pages: build (or save as a draft), edit a survey nobody answered
yet, preview as a respondent, publish or delete a draft, duplicate. Thin: the form and its
moves are in fireside/surveys/builder.py, the checks in the actions (editing.py, drafts.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.access import get_community_for
from fireside.communities.models import Community
from fireside.lib.errors import ActionError
from fireside.lib.http import actor
from fireside.programs.access import get_program_for
from fireside.programs.models import Program
from fireside.surveys import actions, builder, drafts, editing
from fireside.surveys.access import get_community_to_survey, get_survey_for
from fireside.surveys.forms import AnswerForm
from fireside.surveys.models import Question, Survey


def _render(
    request: HttpRequest,
    form: builder.SurveyForm,
    *,
    program: Program,
    community: Community | None,
    back: str,
    focus: int | None = None,
    survey: Survey | None = None,
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
            "action": _form_url(program, community, survey),
            "survey": survey,
            "focus": focus,
            "can_add": len(form.slot_numbers) < actions.MAX_QUESTIONS,
            "bank": builder.bank(actor(request), program, query),
            "bank_query": query,
        },
    )


def _form_url(program: Program, community: Community | None, survey: Survey | None) -> str:
    if survey is not None:
        return reverse("surveys:edit", args=[survey.pk])
    if community is not None:
        return reverse("surveys:community_new", args=[community.pk])
    return reverse("surveys:program_new", args=[program.pk])


def _preview(
    request: HttpRequest,
    form: builder.SurveyForm,
    *,
    program: Program,
    community: Community | None,
    survey: Survey | None,
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
            "action": _form_url(program, community, survey),
            "survey": survey,
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


SAVES = {"create", "draft", "save", "publish", "preview", "try"}


def _builder(
    request: HttpRequest,
    *,
    program: Program,
    community: Community | None,
    back: str,
    initial: dict[str, Any] | None = None,
    survey: Survey | None = None,
) -> HttpResponse:
    """The builder, for a new survey, or to change `survey` (its days and anonymity only
    while it is a draft)."""
    today = actions.program_today(program)
    posted = request.POST if request.method == "POST" else None
    default = "create" if survey is None else "save"
    op = str(posted.get("op", default)) if posted is not None else ""
    if "more" in (posted or {}):
        op = "add"
    user = actor(request)
    fixed = survey is not None and not survey.is_draft
    slots = (
        builder.slot_count(posted)
        if posted is not None
        else int((initial or {}).get("slots", builder.FIRST_SLOTS))
    )
    page: dict[str, Any] = {
        "program": program,
        "community": community,
        "back": back,
        "survey": survey,
    }
    if posted is None:
        form = builder.SurveyForm(initial=initial, slots=slots, today=today, fixed=fixed)
        return _render(request, form, **page)
    if op not in SAVES:
        # A move: show the form again as typed and rearranged, nothing checked or saved.
        items, focus = _move(user, program, builder.posted_slots(posted, slots), op)
        data: dict[str, Any] = {
            k: v for k, v in posted.items() if k != "csrfmiddlewaretoken" and not k[1:2].isdigit()
        }
        data.update(builder.flatten(items), anonymous="anonymous" in posted)
        if fixed:
            data.update({k: v for k, v in (initial or {}).items() if k in builder.FIXED})
        form = builder.SurveyForm(initial=data, slots=len(items), today=today, fixed=fixed)
        return _render(request, form, focus=focus, **page)
    form = builder.SurveyForm(posted, slots=slots, today=today, fixed=fixed, initial=initial)
    if not form.is_valid():
        return _render(request, form, **page)
    data = form.cleaned_data
    try:
        if op in {"preview", "try"}:
            actions.clean_questions(form.questions())
            return _preview(request, form, program=program, community=community, survey=survey)
        if survey is not None:
            return _save(request, form, survey=survey, op=op, back=back)
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
            draft=op == "draft",
        )
    except ActionError as exc:
        form.add_error_from(exc)
        return _render(request, form, **page)
    if survey.is_draft:
        messages.success(
            request,
            _("Your draft is saved. Only you can see it: publish it when it is ready."),
        )
        return redirect("surveys:edit", survey.pk)
    messages.success(request, _opened(survey, today))
    return redirect(back)


def _opened(survey: Survey, today: Any) -> str:
    if survey.opens_on <= today:
        return _("Your survey is open now, and we told the people it is for.")
    return _("Your survey is ready. It opens on %(day)s, and we will tell people then.") % {
        "day": date_format(survey.opens_on, "j F")
    }


def _save(
    request: HttpRequest, form: builder.SurveyForm, *, survey: Survey, op: str, back: str
) -> HttpResponse:
    """Save the changes (raises ActionError, nothing changed); publish a draft after."""
    data = form.cleaned_data
    user = actor(request)
    draft = survey.is_draft
    editing.check_edit_survey(
        actor=user,
        survey=survey,
        title=data["title"],
        intro=data["intro"],
        questions=form.questions(),
        anonymous=data["anonymous"] if draft else None,
        schedule={
            "opens_on": data["opens_on"],
            "closes_on": data["closes_on"],
            "repeat_every_months": data["repeat"],
        }
        if draft
        else None,
    )
    if draft and op == "publish":
        drafts.check_publish_survey(actor=user, survey=survey)
        messages.success(request, _opened(survey, actions.program_today(survey.program)))
        return redirect(back)
    messages.success(request, _("Your changes are saved."))
    return redirect("surveys:edit", survey.pk)


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
    back = _survey_back(request, survey)
    return _builder(
        request, program=survey.program, community=survey.community, back=back, initial=initial
    )


def _survey_back(request: HttpRequest, survey: Survey) -> str:
    if survey.community is not None:
        _community, standing = get_community_for(request.user, survey.community.pk, "schedule")
        return _community_back(survey.community, standing.is_member)
    return reverse("surveys:program", args=[survey.program_id])


def edit(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Its builder changes a draft, or a survey nobody has answered yet, in the builder;
    once someone has answered, the page says why it stays as it is and offers a copy."""
    survey = get_survey_for(request.user, survey_id, "results")
    back = _survey_back(request, survey)
    why = editing.why_fixed(survey)
    if why:
        return render(
            request,
            "surveys/edit_fixed.html",
            {"survey": survey, "why": why, "back": back},
            status=409 if request.method == "POST" else 200,
        )
    return _builder(
        request,
        program=survey.program,
        community=survey.community,
        back=back,
        initial=builder.initial_of(survey, actions.program_today(survey.program)),
        survey=survey,
    )


@require_POST
def delete(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Delete a draft (a published survey is closed instead)."""
    survey = get_survey_for(request.user, survey_id, "results")
    back = _survey_back(request, survey)
    try:
        drafts.do_delete_draft(actor=actor(request), survey=survey)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("surveys:edit", survey.pk)
    messages.success(request, _("The draft is deleted."))
    return redirect(back)
