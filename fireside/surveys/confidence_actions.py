"""Taking the confidence check, and the reminders at the end of each term. A check
belongs to its person (fireside/surveys/models.py)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, Unprocessable
from fireside.lib.i18n import lazy_format
from fireside.notifications.actions import notify
from fireside.notifications.models import Kind as NotifyKind
from fireside.programs.models import Program
from fireside.surveys import confidence
from fireside.surveys import goals as goal_actions
from fireside.surveys.models import (
    LIKERT_MAX,
    LIKERT_MIN,
    ConfidenceAnswer,
    ConfidenceCheck,
    ConfidenceReminder,
)
from fireside.surveys.rounds import program_today


def _score(values: list[int]) -> Decimal:
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def clean_confidence(answers: object) -> list[int]:
    items = confidence.ITEMS
    if not isinstance(answers, list):
        raise InvalidInput(
            _("answers must be a list of %(n)s whole numbers from 1 to 5, in order.")
            % {"n": len(items)},
            {"answers": [_("A list.")]},
        )
    if len(answers) != len(items):
        raise InvalidInput(
            _("The confidence check has %(n)s statements: send %(n)s answers, not %(sent)s.")
            % {"n": len(items), "sent": len(answers)},
            {"answers": [_("%(n)s answers.") % {"n": len(items)}]},
        )
    for n, (item, value) in enumerate(zip(items, answers, strict=True), start=1):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(
                _("Answer %(n)s must be a whole number from 1 to 5.") % {"n": n},
                {item.key: [_("Choose one.")]},
            )
        if not LIKERT_MIN <= value <= LIKERT_MAX:
            raise Unprocessable(
                _("Answer %(n)s must be from 1 to 5, not %(value)s.") % {"n": n, "value": value},
                {item.key: [_("Choose one.")]},
            )
    return list(answers)


def _their_group(user: User, program: Program) -> Community | None:
    membership = (
        Membership.objects.filter(
            user=user, community__program=program, status=Membership.Status.ACTIVE
        )
        .select_related("community")
        .order_by("joined_on", "pk")
        .first()
    )
    return membership.community if membership else None


def check_take_confidence(
    *, user: User, program: Program, answers: object, goals: object = None
) -> ConfidenceCheck:
    """Take the check that is due now (the baseline, or an end-of-term check); `goals`:
    the answers to the program's own goals (fireside/surveys/goals.py), when sent."""
    values = clean_confidence(answers)
    asked = goal_actions.active_goals(program)
    goal_values = goal_actions.clean_goal_answers(asked, goals)
    community = _their_group(user, program)
    if community is None:
        raise NotAllowed(_("The confidence check is for the members of this program's groups."))
    today = program_today(program)
    due = confidence.due_for(user, program, today)
    if due is None:
        raise Conflict(
            _(
                "You have no confidence check to answer right now. We will let you know when "
                "the next one opens, at the end of your term."
            )
        )
    try:
        with transaction.atomic():
            check = ConfidenceCheck.objects.create(
                user=user,
                program=program,
                community=community,
                occasion=due.occasion,
                term_ends_on=due.term_ends_on,
                taken_on=today,
                score=_score(values),
                **confidence.area_scores(
                    {item.key: v for item, v in zip(confidence.ITEMS, values, strict=True)}
                ),
            )
            ConfidenceAnswer.objects.bulk_create(
                ConfidenceAnswer(confidence_check=check, item=item.key, value=value)
                for item, value in zip(confidence.ITEMS, values, strict=True)
            )
            if goal_values:
                goal_actions.save_goal_answers(check, asked, goal_values)
            record(user, "surveys.confidence", program, occasion=due.occasion)
    except IntegrityError as exc:
        raise Conflict(_("You have already answered this confidence check. Thank you!")) from exc
    return check


def send_confidence_reminders(*, today: dt.date | None = None) -> int:
    """Tell each participant, once per term, that their end-of-term check is open."""
    sent = 0
    for program in Program.objects.prefetch_related("commitments"):
        day = today or program_today(program)
        periods = list(program.commitments.all())
        open_ends = {
            role: [
                end
                for end in confidence.term_ends(program, role, periods)
                if confidence.window(end)[0] <= day <= confidence.window(end)[1]
            ]
            for role in ("facilitator", "peer_mentor")
        }
        if not any(open_ends.values()):
            continue
        places = list(
            Membership.objects.filter(community__program=program, status=Membership.Status.ACTIVE)
            .select_related("user", "community")
            .order_by("joined_on", "pk")
        )
        user_ids = {m.user_id for m in places}
        checks: dict[int, list[ConfidenceCheck]] = defaultdict(list)
        for c in ConfidenceCheck.objects.filter(program=program, user_id__in=user_ids):
            checks[c.user_id].append(c)
        reminded = set(
            ConfidenceReminder.objects.filter(program=program, user_id__in=user_ids).values_list(
                "user_id", "term_ends_on"
            )
        )
        facilitating = confidence.facilitators_in(program)
        seen: set[int] = set()
        for place in places:
            if place.user_id in seen or not place.user.is_active:
                continue
            seen.add(place.user_id)
            role = "facilitator" if place.user_id in facilitating else "peer_mentor"
            due = confidence.due_from(checks=checks[place.user_id], ends=open_ends[role], today=day)
            if due is None or due.is_start or (place.user_id, due.term_ends_on) in reminded:
                continue
            with transaction.atomic():
                _reminder, created = ConfidenceReminder.objects.get_or_create(
                    user=place.user, program=program, term_ends_on=due.term_ends_on
                )
                if not created:
                    continue
                notify(
                    users=[place.user],
                    community=place.community,
                    kind=NotifyKind.SURVEY,
                    text=lazy_format(
                        gettext_lazy(
                            "Your end-of-term confidence check is open: eight quick statements "
                            "about how you feel in your work now."
                        )
                    ),
                    url=reverse("surveys:confidence", args=[program.pk]),
                )
            sent += 1
    return sent
