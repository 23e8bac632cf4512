"""Changing a survey after it is built: its title, introduction and questions, checked
exactly as when it was built (fireside/surveys/questions.py), and only while nobody has
answered it. Once someone has, its questions stay as they were asked: duplicate it to ask
something else."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, NotAllowed
from fireside.surveys.models import Participation, Survey
from fireside.surveys.questions import clean_questions, clean_title_and_intro, save_questions


def has_answers(survey: Survey) -> bool:
    return Participation.objects.filter(round__survey=survey).exists()


def check_edit_survey(
    *,
    actor: User,
    survey: Survey,
    title: object = None,
    intro: object = None,
    questions: object = None,
) -> Survey:
    """Whatever is given (not None) replaces what the survey had; the questions are the
    whole new list, in order."""
    from fireside.surveys.access import can_see_results

    if not can_see_results(actor, survey):
        raise NotAllowed(_("Only the person who built a survey changes it."))
    if survey.closed_at is not None:
        raise Conflict(_("This survey is closed: it can no longer change."))
    title_text, intro_text = clean_title_and_intro(
        survey.title if title is None else title, survey.intro if intro is None else intro
    )
    specs = None if questions is None else clean_questions(questions)
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
        survey.save(update_fields=["title", "intro"])
        if specs is not None:
            save_questions(survey, specs)
        record(
            actor,
            "surveys.edit",
            survey,
            questions=len(specs) if specs is not None else None,
        )
    return survey
