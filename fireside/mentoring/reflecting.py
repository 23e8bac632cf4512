"""Reflections the way each program runs them: its own monthly prompts (in English and
French), its policy (private, or shared with its coordinators, named), the coordinators'
reading of the shared ones, and the reminder a few days before month end.

The rule that makes a policy change safe: a reflection keeps the policy it was written under
(`Reflection.shared_with_program`, set once, on writing) and who may read it is decided by
that alone. Changing the program's policy changes only the reflections written afterwards.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.models import Membership
from fireside.communities.zones import people_in_zone
from fireside.lib.audit import record
from fireside.lib.errors import InvalidInput
from fireside.lib.mail import send_templated
from fireside.lib.text import clean_text
from fireside.mentoring.models import (
    PROMPTS,
    Reflection,
    ReflectionPrompt,
    ReflectionReminder,
    ReflectionReminderStop,
)
from fireside.notifications.settings_parts import register_settings_part
from fireside.programs.models import Program, ReflectionPolicy

PROMPT_MAX = 300
MOST_PROMPTS = 12  # one a month for a year
REMIND_DAYS_BEFORE_END = 3
STOP_SALT = "fireside.mentoring.reflection_reminders.stop"


# --- Prompts -------------------------------------------------------------------------------


def _month_index(month: dt.date) -> int:
    return month.year * 12 + month.month - 1


def built_in_prompts() -> list[tuple[str, str]]:
    """Fireside's own prompts, in English and in French (from the catalog)."""
    english = [str(p) for p in _in_language("en", PROMPTS)]
    french = [str(p) for p in _in_language("fr-ca", PROMPTS)]
    return list(zip(english, french, strict=True))


def _in_language(language: str, texts: Sequence[Any]) -> list[str]:
    with translation.override(language):
        return [str(t) for t in texts]


def prompts_of(program: Program) -> list[tuple[str, str]]:
    """The program's prompts as (English, French), in their order; the built-ins when the
    program has none of its own."""
    rows = [(p.text, p.text_fr) for p in ReflectionPrompt.objects.filter(program=program)]
    return rows or built_in_prompts()


def prompt_of(program: Program, month: dt.date) -> str:
    """The prompt for `month`, in the active language (French when the program wrote one,
    else its English)."""
    rows = list(ReflectionPrompt.objects.filter(program=program))
    if not rows:
        return str(PROMPTS[_month_index(month) % len(PROMPTS)])
    row = rows[_month_index(month) % len(rows)]
    french = (translation.get_language() or "").startswith("fr")
    return row.text_fr if french and row.text_fr else row.text


lazy_prompt_of = lazy(prompt_of, str)


def check_set_prompts(
    *, actor: User, program: Program, prompts: Sequence[tuple[object, object]]
) -> list[ReflectionPrompt]:
    """Replace the program's prompts: one to MOST_PROMPTS, each with its English text (the
    French is optional). Reflections already written keep the prompt they answered."""
    cleaned = []
    for english, french in prompts:
        text = clean_text(english, "text", PROMPT_MAX)
        text_fr = clean_text(french, "text_fr", PROMPT_MAX)
        if not text and not text_fr:
            continue
        if not text:
            raise InvalidInput(
                _("Each prompt needs its English words; the French is optional."),
                {"text": [_("Write the prompt in English too.")]},
            )
        cleaned.append((text, text_fr))
    if not cleaned:
        raise InvalidInput(
            _("Keep at least one prompt: members answer one each month."),
            {"text": [_("At least one prompt.")]},
        )
    if len(cleaned) > MOST_PROMPTS:
        raise InvalidInput(
            _("At most %(n)s prompts: one a month for a year.") % {"n": MOST_PROMPTS},
            {"text": [_("At most %(n)s.") % {"n": MOST_PROMPTS}]},
        )
    with transaction.atomic():
        ReflectionPrompt.objects.filter(program=program).delete()
        rows = ReflectionPrompt.objects.bulk_create(
            [
                ReflectionPrompt(program=program, position=i, text=text, text_fr=text_fr)
                for i, (text, text_fr) in enumerate(cleaned, start=1)
            ]
        )
        record(actor, "mentoring.set_prompts", program, count=len(rows))
    return rows


# --- The policy ------------------------------------------------------------------------------


def check_set_policy(*, actor: User, program: Program, policy: object) -> Program:
    """Choose who reads the reflections written from now on. Earlier ones keep theirs."""
    if not isinstance(policy, str) or policy not in ReflectionPolicy.values:
        raise InvalidInput(
            _("policy must be one of: %(values)s.")
            % {"values": ", ".join(ReflectionPolicy.values)},
            {"reflection_policy": [_("Choose one.")]},
        )
    with transaction.atomic():
        locked = Program.objects.select_for_update().get(pk=program.pk)
        if locked.reflection_policy != policy:
            before = locked.reflection_policy
            locked.reflection_policy = policy
            locked.save(update_fields=["reflection_policy"])
            record(actor, "mentoring.set_reflection_policy", locked, before=before, after=policy)
    program.reflection_policy = policy
    return program


def shared_reflections(program: Program, community_id: int | None = None) -> QuerySet[Reflection]:
    """What a program's coordinators read: the reflections written as shared with it, and
    only those. `community_id`: only the authors who are (or were) in that group."""
    rows = Reflection.objects.filter(program=program, shared_with_program=True)
    if community_id is not None:
        rows = rows.filter(
            Exists(
                Membership.objects.filter(
                    user=OuterRef("author_id"),
                    community_id=community_id,
                    community__program=program,
                )
            )
        )
    return rows.select_related("author").order_by("-month", "author__name", "pk")


# --- Reminders -------------------------------------------------------------------------------


def reminders_on(user: User) -> bool:
    return not ReflectionReminderStop.objects.filter(user=user).exists()


def do_set_reminders(*, user: User, on: bool) -> None:
    if on:
        if ReflectionReminderStop.objects.filter(user=user).delete()[0]:
            record(user, "mentoring.reflection_reminders_on", user)
    else:
        _, created = ReflectionReminderStop.objects.get_or_create(user=user)
        if created:
            record(user, "mentoring.reflection_reminders_off", user)


def stop_token(user_id: int) -> str:
    return signing.dumps(user_id, salt=STOP_SALT)


def stop_url(user_id: int) -> str:
    return reverse("mentoring:stop_reminders", kwargs={"stop_token": stop_token(user_id)})


def user_for_stop_token(token: str) -> User:
    """The person a stop link was made for; InvalidInput when the link is not valid."""
    try:
        user_id = signing.loads(token, salt=STOP_SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidInput(_("This link is not valid.")) from exc
    user = User.objects.filter(pk=user_id).first() if isinstance(user_id, int) else None
    if user is None:
        raise InvalidInput(_("This link is not valid."))
    return user


def do_stop_reminders(*, token: str) -> User:
    user = user_for_stop_token(token)
    do_set_reminders(user=user, on=False)
    return user


def _reminding(today: dt.date) -> bool:
    last_day = calendar.monthrange(today.year, today.month)[1]
    return today.day >= last_day - REMIND_DAYS_BEFORE_END


def send_reflection_reminders(*, today: dt.date | None = None, zone: str | None = None) -> int:
    """From REMIND_DAYS_BEFORE_END days before a month ends, one email to each active member
    of a running program who has not written that month's reflection, has not stopped these
    reminders and was not reminded yet this month. Everyone, or only the people in `zone`
    (by that zone's date): the worker runs it in each zone at 10:00 there. Safe to run
    twice: a row per person, program and month claims each email. Returns the emails sent."""
    today = today or timezone.localdate(timezone=ZoneInfo(zone) if zone else None)
    if not _reminding(today):
        return 0
    month = today.replace(day=1)
    programs = Program.objects.filter(starts_on__lte=today, ends_on__gte=month)
    members = (
        Membership.objects.filter(
            community__program__in=programs,
            status=Membership.Status.ACTIVE,
            user__is_active=True,
        )
        .exclude(user__in=ReflectionReminderStop.objects.values("user"))
        .exclude(
            Exists(
                Reflection.objects.filter(
                    author=OuterRef("user_id"), program=OuterRef("community__program"), month=month
                )
            )
        )
        .exclude(
            Exists(
                ReflectionReminder.objects.filter(
                    user=OuterRef("user_id"), program=OuterRef("community__program"), month=month
                )
            )
        )
        .select_related("user", "community__program")
        .order_by("user_id", "community__program_id", "pk")
    )
    if zone is not None:
        members = members.filter(user__in=people_in_zone(zone))
    sent = 0
    seen: set[tuple[int, int]] = set()
    for membership in members:
        user, program = membership.user, membership.community.program
        if (user.pk, program.pk) in seen:
            continue  # in two groups of one program: one email
        seen.add((user.pk, program.pk))
        try:
            with transaction.atomic():
                ReflectionReminder.objects.create(user=user, program=program, month=month)
                send_templated(
                    "reflection_reminder",
                    {
                        "user": user,
                        "program": program,
                        "month": month,
                        "prompt": lazy_prompt_of(program, month),
                        "shared": program.reflections_shared,
                        "stop_url": stop_url(user.pk),
                    },
                    user.email,
                )
        except IntegrityError:
            continue  # another run reminded them first
        sent += 1
    return sent


def register_all() -> None:
    # The email settings page offers the monthly reminders (one query).
    register_settings_part("mentoring/_reminders.html", reminders_on)
