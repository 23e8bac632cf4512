"""Home tasks that make suggestions better: say when you are usually free, and answer the
program's matching questions."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from fireside.communities import next_steps
from fireside.lib.home import Task, Urgency, Viewer, register_tasks
from fireside.mentoring import questionnaire
from fireside.mentoring.models import Pairing
from fireside.programs.models import Program


def availability_missing(viewer: Viewer) -> list[Task]:
    """For someone in a group that pairs people, while their availability grid is empty."""
    if viewer.user.availability_slots or not viewer.places.active:
        return []
    groups = [m.community_id for m in viewer.places.active]
    if not Pairing.objects.filter(community_id__in=groups).exists():
        return []
    return [
        Task(
            kind="availability-missing",
            urgency=Urgency.WHEN_YOU_CAN,
            title=_("Say when you are usually free"),
            detail=_(
                "Tick a few times in a week, so a peer partner who is free then is suggested."
            ),
            action=_("Fill in my times"),
            url=reverse("accounts:profile") + "#id_availability_slots",
        )
    ]


def questions_unanswered(viewer: Viewer) -> list[Task]:
    """For each program of theirs with matching questions they have not answered yet."""
    if not viewer.places.active:
        return []
    program_ids = {m.community.program_id for m in viewer.places.active}
    waiting = (
        Program.objects.filter(pk__in=program_ids, matching_questions__isnull=False)
        .exclude(matching_questions__answers__user=viewer.user)
        .distinct()
        .order_by("name")
    )
    return [
        Task(
            kind="matching-questions",
            urgency=Urgency.WHEN_YOU_CAN,
            title=_("Questions for finding a partner"),
            detail=_("%(program)s · a few choices, so the partner suggested to you fits you.")
            % {"program": program.name},
            action=_("Answer them"),
            url=reverse("mentoring:matching_answers", args=[program.pk]),
        )
        for program in waiting
    ]


def after_joining(user: Any, community: Any) -> tuple[str, str] | None:
    """Right after joining, to the program's matching questions if they are unanswered."""
    program_id = community.program_id
    if not questionnaire.has_questions(program_id) or questionnaire.has_answered(user, program_id):
        return None
    return (
        reverse("mentoring:matching_answers", args=[program_id]),
        _("One more step: a few questions, so the partner suggested to you fits you."),
    )


def register_all() -> None:
    next_steps.register(after_joining)
    register_tasks(availability_missing, order=43)
    register_tasks(questions_unanswered, order=44)
