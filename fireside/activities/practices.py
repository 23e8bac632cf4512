"""Practice and feedback: a member presents a session they plan (its title, what it is, and
the feedback they would like); the group's members answer with what worked and what to try.
Feedback is for the presenter and the group, never the program's staff; it carries its
writer's name unless they chose to leave it off. The presenter marks what helped them (a
thank-you, never a score); a facilitator hides feedback that hurts, and may restore it.

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
from fireside.gatherings.models import Gathering
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed
from fireside.lib.i18n import lazy_format
from fireside.lib.text import clean_text

FEEDBACK_ARRIVED = gettext_lazy("New feedback on the session you presented: “%(title)s”")


def _member(user: User, gathering: Gathering, refusal: str) -> None:
    if not resolve_standing(user, gathering.community).is_member:
        raise NotAllowed(refusal)


def check_present(
    *, user: User, gathering: Gathering, title: object, description: object, wanted: object = ""
) -> Practice:
    _member(user, gathering, _("Sessions are presented by the group's members."))
    checked = {
        "title": clean_text(title, "title", TOPIC_MAX, required=True),
        "description": clean_text(description, "description", DESCRIPTION_MAX, required=True),
        "wanted": clean_text(wanted, "wanted", WANTED_MAX),
    }
    if gathering.is_cancelled:
        raise Conflict(_("This gathering was cancelled: present your session at another one."))
    return Practice.objects.create(gathering=gathering, presenter=user, **checked)


def check_give_feedback(
    *, user: User, practice: Practice, worked: object, to_try: object, named: object = True
) -> PracticeFeedback:
    """The presenter is told, by their notification settings."""
    _member(user, practice.gathering, _("Feedback is given by the group's members."))
    if practice.presenter_id == user.pk:
        raise NotAllowed(_("This is your own session: the group gives the feedback."))
    good = clean_text(worked, "worked", FEEDBACK_MAX)
    next_time = clean_text(to_try, "to_try", FEEDBACK_MAX)
    if not good and not next_time:
        raise InvalidInput(
            _("Please write what worked, what to try, or both."),
            {"worked": [_("Write at least one of the two.")]},
        )
    if not isinstance(named, bool):
        raise InvalidInput(_("named must be true or false."), {"named": [_("true or false")]})
    with transaction.atomic():
        feedback = PracticeFeedback.objects.create(
            practice=practice, author=user, worked=good, to_try=next_time, named=named
        )
        _tell_presenter(practice, feedback)
    return feedback


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


def check_hide(*, actor: User, feedback: PracticeFeedback, hide: object) -> None:
    """Hide feedback that hurts (or restore it): the group's facilitators."""
    community = feedback.practice.gathering.community
    if not resolve_standing(actor, community).is_facilitator:
        raise NotAllowed(_("Feedback is hidden by the group's facilitators."))
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
