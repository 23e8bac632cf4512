"""Changing a survey after it is built: its title, introduction and questions, checked
exactly as when it was built (fireside/surveys/questions.py), and only while nobody has
answered it. Once someone has, its questions stay as they were asked: duplicate it to ask
something else. A draft (fireside/surveys/drafts.py) may also change its days, its repeat
and whether it is anonymous: nobody has been told about it yet."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed
from fireside.surveys.drafts import fresh_dates
from fireside.surveys.models import Participation, Survey
from fireside.surveys.questions import clean_questions, clean_title_and_intro, save_questions

SCHEDULE = ("opens_on", "closes_on", "repeat_every_months")


def has_answers(survey: Survey) -> bool:
    return Participation.objects.filter(round__survey=survey).exists()


def why_fixed(survey: Survey) -> str:
    """Why this survey can no longer change ("" while it can)."""
    if survey.closed_at is not None:
        return _("This survey is closed: it can no longer change.")
    if not survey.is_draft and has_answers(survey):
        return _(
            "People have started answering this survey, so its questions stay as they were "
            "asked. Duplicate it to ask something else."
        )
    return ""


def _clean_draft_settings(
    survey: Survey, anonymous: object, schedule: dict[str, Any] | None
) -> dict[str, Any]:
    """The draft's new anonymity and days, checked as when it was built."""
    from fireside.surveys.actions import clean_schedule, program_today

    changes: dict[str, Any] = {}
    if anonymous is not None:
        if not isinstance(anonymous, bool):
            raise InvalidInput(
                _("anonymous must be true or false."), {"anonymous": [_("true or false.")]}
            )
        changes["anonymous"] = anonymous
    if schedule:
        today = program_today(survey.program)
        opens, closes = fresh_dates(survey, today)
        given: dict[str, object] = {"opens_on": opens, "closes_on": closes}
        given["repeat_every_months"] = survey.repeat_every_months
        given.update({k: v for k, v in schedule.items() if k in SCHEDULE})
        changes["opens_on"], changes["closes_on"], changes["repeat_every_months"] = clean_schedule(
            program=survey.program,
            opens_on=given["opens_on"],
            closes_on=given["closes_on"],
            repeat=given["repeat_every_months"],
            today=today,
        )
    return changes


def check_edit_survey(
    *,
    actor: User,
    survey: Survey,
    title: object = None,
    intro: object = None,
    questions: object = None,
    anonymous: object = None,
    schedule: dict[str, Any] | None = None,
) -> Survey:
    """Whatever is given (not None) replaces what the survey had; the questions are the
    whole new list, in order. `anonymous` and `schedule` (opens_on, closes_on,
    repeat_every_months: those given) change only a draft."""
    from fireside.surveys.access import can_see_results

    if not can_see_results(actor, survey):
        raise NotAllowed(_("Only the person who built a survey changes it."))
    if survey.closed_at is not None:
        raise Conflict(_("This survey is closed: it can no longer change."))
    if not survey.is_draft and (anonymous is not None or schedule):
        raise Conflict(
            _(
                "Once a survey is published, its days and whether it is anonymous stay as "
                "its audience was told. Close it and duplicate it to change them."
            )
        )
    title_text, intro_text = clean_title_and_intro(
        survey.title if title is None else title, survey.intro if intro is None else intro
    )
    specs = None if questions is None else clean_questions(questions)
    changes = _clean_draft_settings(survey, anonymous, schedule) if survey.is_draft else {}
    with transaction.atomic():
        Survey.objects.select_for_update().filter(pk=survey.pk).first()
        if has_answers(survey):
            raise Conflict(
                _(
                    "People have started answering this survey, so its questions stay as "
                    "they were asked. Duplicate it to ask something else."
                )
            )
        survey.title, survey.intro = title_text, intro_text
        for key, value in changes.items():
            setattr(survey, key, value)
        survey.save(update_fields=["title", "intro", *changes])
        if specs is not None:
            save_questions(survey, specs)
        record(
            actor,
            "surveys.edit",
            survey,
            questions=len(specs) if specs is not None else None,
            draft=survey.is_draft,
        )
    return survey
