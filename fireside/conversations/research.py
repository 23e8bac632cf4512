"""Unpacking research together: sharing a study as a thread with questions, and putting it on
an upcoming gathering's agenda.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.access import resolve_standing
from fireside.communities.models import Community
from fireside.conversations.actions import TITLE_MAX, _check_can_post, _start_thread, _text
from fireside.conversations.models import (
    Kind,
    ResearchItem,
)
from fireside.conversations.resources import _link, _optional_text
from fireside.gatherings.models import Activity, AgendaItem, Gathering
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, Unprocessable

# Unpacking research ----------------------------------------------------------------------

CITATION_MAX = 1000
SUMMARY_MAX = 3000
QUESTION_MAX = 300
QUESTIONS_MAX = 10
AGENDA_MAX = 30


def parse_questions(value: object) -> list[str]:
    """One question a line (or a list of them)."""
    if value is None or value == "":
        return []
    raw = value.splitlines() if isinstance(value, str) else value
    if not isinstance(raw, list) or not all(isinstance(q, str) for q in raw):
        raise InvalidInput(
            _("questions must be text, one a line."), {"questions": [_("Text only.")]}
        )
    questions = [" ".join(q.replace("\x00", "").split()) for q in raw]
    questions = [q for q in questions if q]
    if len(questions) > QUESTIONS_MAX or any(len(q) > QUESTION_MAX for q in questions):
        raise InvalidInput(
            _("At most %(QUESTIONS_MAX)s questions of %(QUESTION_MAX)s characters each.")
            % {"QUESTIONS_MAX": QUESTIONS_MAX, "QUESTION_MAX": QUESTION_MAX},
            {
                "questions": [
                    _("At most %(QUESTIONS_MAX)s questions.") % {"QUESTIONS_MAX": QUESTIONS_MAX}
                ]
            },
        )
    return questions


def upcoming_gatherings(community: Community) -> QuerySet[Gathering]:
    """Where research can go on the agenda: the group's future gatherings not cancelled."""
    return Gathering.objects.filter(
        community=community, cancelled_at__isnull=True, starts_at__gt=timezone.now()
    ).order_by("starts_at", "pk")


def _research_body(summary: str, link: str, citation: str, questions: list[str]) -> str:
    parts = [summary]
    if link:
        parts.append(_("Read it: <%(link)s>") % {"link": link})
    if citation:
        parts.append("> " + "\n> ".join(citation.splitlines()))
    if questions:
        parts.append(
            "**" + _("Questions to talk about") + "**\n\n" + "\n".join(f"1. {q}" for q in questions)
        )
    return "\n\n".join(parts)


def _check_agenda_slot(
    actor: User, community: Community, gathering: Gathering, minutes: object
) -> int:
    if not resolve_standing(actor, community).can_plan:
        raise NotAllowed(_("Facilitators and organisers put things on a gathering's agenda."))
    if not upcoming_gatherings(community).filter(pk=gathering.pk).exists():
        raise Unprocessable(
            _("Choose one of the group's upcoming gatherings."),
            {"gathering": [_("An upcoming gathering of this group.")]},
        )
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 600:
        raise InvalidInput(
            _("minutes must be a whole number from 1 to 600."), {"minutes": [_("From 1 to 600.")]}
        )
    if gathering.agenda.count() >= AGENDA_MAX:
        raise Conflict(
            _("That gathering's agenda already has %(AGENDA_MAX)s items.")
            % {"AGENDA_MAX": AGENDA_MAX}
        )
    return minutes


def _add_to_agenda(item: ResearchItem, gathering: Gathering, minutes: int) -> AgendaItem:
    last = gathering.agenda.aggregate(last=Max("position"))["last"]
    agenda_item = AgendaItem.objects.create(
        gathering=gathering,
        position=0 if last is None else last + 1,
        topic=(_("Unpacking research: %(title)s") % {"title": item.title})[:200],
        activity=Activity.RESEARCH,
        minutes=minutes,
    )
    item.agenda_item = agenda_item
    item.save(update_fields=["agenda_item"])
    return agenda_item


def check_share_research(
    *,
    author: User,
    community: Community,
    title: object,
    summary: object,
    url: object = "",
    citation: object = "",
    questions: object = "",
    gathering: Gathering | None = None,
    minutes: object = 20,
) -> ResearchItem:
    """Share a study or article: it opens a "research" thread for the discussion and,
    when a facilitator or organiser chooses an upcoming gathering, goes on its agenda."""
    title_text = _text(title, "title", TITLE_MAX)
    has_link = isinstance(url, str) and bool(url.strip())
    link = _link(url) if has_link else ""
    citation_text = _optional_text(citation, "citation", CITATION_MAX)
    if not link and not citation_text:
        raise InvalidInput(
            _("Give a link or a citation, so others can find it."),
            {"url": [_("A link or a citation.")]},
        )
    summary_text = _text(summary, "summary", SUMMARY_MAX)
    question_list = parse_questions(questions)
    _check_can_post(author, community)
    slot = _check_agenda_slot(author, community, gathering, minutes) if gathering else 0
    body = _research_body(summary_text, link, citation_text, question_list)
    with transaction.atomic():
        thread = _start_thread(author, community, title_text, body, Kind.RESEARCH)
        item = ResearchItem.objects.create(
            community=community,
            thread=thread,
            shared_by=author,
            title=title_text,
            url=link,
            citation=citation_text,
            summary=summary_text,
            questions=question_list,
        )
        if gathering is not None:
            _add_to_agenda(item, gathering, slot)
        record(author, "conversations.share_research", community, research_id=item.pk)
    return item


def check_put_research_on_agenda(
    *, actor: User, item: ResearchItem, gathering: Gathering, minutes: object = 20
) -> AgendaItem:
    """A facilitator or organiser puts shared research on an upcoming gathering's agenda."""
    slot = _check_agenda_slot(actor, item.community, gathering, minutes)
    if item.agenda_item is not None and item.agenda_item.gathering_id == gathering.pk:
        raise Conflict(_("This research is already on that gathering's agenda."))
    with transaction.atomic():
        agenda_item = _add_to_agenda(item, gathering, slot)
        record(
            actor,
            "conversations.research_on_agenda",
            item.community,
            research_id=item.pk,
            gathering_id=gathering.pk,
        )
    return agenda_item
