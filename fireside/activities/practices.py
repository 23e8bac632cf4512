"""Practice and feedback: a member presents a session they plan (its title, what it is, and
the feedback they would like); the group's members answer with what worked and what to try.
Feedback is for the presenter and the group, never the program's staff; it carries its
writer's name unless they chose to leave it off. The presenter marks what helped them (a
thank-you, never a score); the presenter or a facilitator hides feedback that hurts, and
may restore it; its writer may reword or delete it. A "practice and feedback" item on the
gathering's agenda asks for one session, which is linked to it.

Refused, with nothing written: anyone but the group's active members, a cancelled gathering,
feedback with neither part written, text over its limit, feedback on one's own session."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fireside.accounts.models import User
from fireside.activities.models import (
    DESCRIPTION_MAX,
    FEEDBACK_MAX,
    TOPIC_MAX,
    WANTED_MAX,
    Practice,
    PracticeFeedback,
)
from fireside.communities.access import resolve_standing
from fireside.gatherings.models import Activity, AgendaItem, Gathering
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed
from fireside.lib.i18n import lazy_format
from fireside.lib.text import clean_text

FEEDBACK_ARRIVED = gettext_lazy("New feedback on the session you presented: “%(title)s”")


def _member(user: User, gathering: Gathering, refusal: str) -> None:
    if not resolve_standing(user, gathering.community).is_member:
        raise NotAllowed(refusal)


def check_present(
    *,
    user: User,
    gathering: Gathering,
    title: object,
    description: object,
    wanted: object = "",
    agenda_item: AgendaItem | None = None,
) -> Practice:
    """Present a session, for the agenda's "practice and feedback" item when it answers one
    (one session for each such item)."""
    _member(user, gathering, _("Sessions are presented by the group's members."))
    if agenda_item is not None and (
        agenda_item.gathering_id != gathering.pk or agenda_item.activity != Activity.PRACTICE
    ):
        raise InvalidInput(
            _("This agenda item is not a “practice and feedback” item of this gathering."),
            {"agenda_item": [_("Not a practice item of this gathering.")]},
        )
    checked = {
        "title": clean_text(title, "title", TOPIC_MAX, required=True),
        "description": clean_text(description, "description", DESCRIPTION_MAX, required=True),
        "wanted": clean_text(wanted, "wanted", WANTED_MAX),
    }
    if gathering.is_cancelled:
        raise Conflict(_("This gathering was cancelled: present your session at another one."))
    if agenda_item is not None and Practice.objects.filter(agenda_item=agenda_item).exists():
        raise Conflict(
            _("Someone presents a session for this agenda item already."),
            {"agenda_item": [_("Taken already.")]},
        )
    return Practice.objects.create(
        gathering=gathering, presenter=user, agenda_item=agenda_item, **checked
    )


def waiting_items(gathering: Gathering) -> list[AgendaItem]:
    """The agenda's "practice and feedback" items that no session answers yet."""
    taken = set(
        Practice.objects.filter(gathering=gathering, agenda_item__isnull=False).values_list(
            "agenda_item_id", flat=True
        )
    )
    return [
        item
        for item in gathering.agenda.all()
        if item.activity == Activity.PRACTICE and item.pk not in taken
    ]


def check_give_feedback(
    *, user: User, practice: Practice, worked: object, to_try: object, named: object = True
) -> PracticeFeedback:
    """The presenter is told, by their notification settings."""
    _member(user, practice.gathering, _("Feedback is given by the group's members."))
    if practice.presenter_id == user.pk:
        raise NotAllowed(_("This is your own session: the group gives the feedback."))
    good, next_time = _texts(worked, to_try)
    if not isinstance(named, bool):
        raise InvalidInput(_("named must be true or false."), {"named": [_("true or false")]})
    with transaction.atomic():
        feedback = PracticeFeedback.objects.create(
            practice=practice, author=user, worked=good, to_try=next_time, named=named
        )
        _tell_presenter(practice, feedback)
    return feedback


def _texts(worked: object, to_try: object) -> tuple[str, str]:
    good = clean_text(worked, "worked", FEEDBACK_MAX)
    next_time = clean_text(to_try, "to_try", FEEDBACK_MAX)
    if not good and not next_time:
        raise InvalidInput(
            _("Please write what worked, what to try, or both."),
            {"worked": [_("Write at least one of the two.")]},
        )
    return good, next_time


def _tell_presenter(practice: Practice, feedback: PracticeFeedback) -> None:
    from fireside.notifications.actions import notify
    from fireside.notifications.models import Kind

    if practice.presenter is None:
        return
    notify(
        users=[practice.presenter],
        community=practice.gathering.community,
        kind=Kind.PRACTICE_FEEDBACK,
        url=reverse("activities:practice", args=[practice.pk]) + f"#feedback-{feedback.pk}",
        text=lazy_format(FEEDBACK_ARRIVED, title=practice.title),
        # Its writer's name only when they gave it.
        actor=feedback.author if feedback.named else None,
    )


def check_mark_helpful(*, user: User, feedback: PracticeFeedback, helpful: object) -> None:
    if feedback.practice.presenter_id != user.pk:
        raise NotAllowed(_("Only the person who presented the session marks what helped."))
    if not isinstance(helpful, bool):
        raise InvalidInput(_("helpful must be true or false."), {"helpful": [_("true or false")]})
    feedback.helpful = helpful
    feedback.save(update_fields=["helpful"])


def check_edit_feedback(
    *, user: User, feedback: PracticeFeedback, worked: object, to_try: object, named: object
) -> PracticeFeedback:
    """Its writer rewords it (a hidden one stays hidden)."""
    _writer(user, feedback)
    good, next_time = _texts(worked, to_try)
    if not isinstance(named, bool):
        raise InvalidInput(_("named must be true or false."), {"named": [_("true or false")]})
    feedback.worked, feedback.to_try, feedback.named = good, next_time, named
    feedback.save(update_fields=["worked", "to_try", "named"])
    return feedback


def check_delete_feedback(*, user: User, feedback: PracticeFeedback) -> None:
    _writer(user, feedback)
    feedback.delete()


def _writer(user: User, feedback: PracticeFeedback) -> None:
    _member(user, feedback.practice.gathering, _("Feedback is given by the group's members."))
    if feedback.author_id != user.pk:
        raise NotAllowed(_("Only the person who wrote this feedback can change it."))


def may_hide(user: User, feedback: PracticeFeedback) -> bool:
    """The group's facilitators, and the presenter on their own session."""
    practice = feedback.practice
    standing = resolve_standing(user, practice.gathering.community)
    return standing.is_facilitator or (standing.is_member and practice.presenter_id == user.pk)


def check_hide(*, actor: User, feedback: PracticeFeedback, hide: object) -> None:
    """Hide feedback that hurts (or restore it): the group's facilitators, or the presenter
    of the session."""
    community = feedback.practice.gathering.community
    if not may_hide(actor, feedback):
        raise NotAllowed(
            _("Feedback is hidden by the person who presented or the group's facilitators.")
        )
    if not isinstance(hide, bool):
        raise InvalidInput(_("hide must be true or false."), {"hide": [_("true or false")]})
    if hide == feedback.is_hidden:
        return
    feedback.hidden_at = timezone.now() if hide else None
    feedback.hidden_by = actor if hide else None
    feedback.save(update_fields=["hidden_at", "hidden_by"])
    verb = "activities.hide_feedback" if hide else "activities.restore_feedback"
    record(actor, verb, community, feedback=feedback.pk)


def feedback_for(user: User, practice: Practice, *, moderator: bool) -> QuerySet[PracticeFeedback]:
    """What this reader sees: the visible feedback, and hidden feedback they wrote; the
    group's facilitators see the hidden too (marked)."""
    found = practice.feedback.select_related("author")
    if moderator:
        return found
    return found.filter(Q(hidden_at__isnull=True) | Q(author=user))


def practices_of(gathering: Gathering) -> QuerySet[Practice]:
    return Practice.objects.filter(gathering=gathering).select_related("presenter")
