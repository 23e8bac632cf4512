"""Survey actions: building a survey (or a draft of one, published later), announcing its
rounds, and the daily job. The rest lives by concern, and is re-exported here for callers:
fireside/surveys/rounds.py (schedule, audience, threshold), answering.py (answering, mixing,
closing), confidence_actions.py (the confidence check), your_data.py (export, erasure).

Audit events and notifications never carry an answer.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from fireside.accounts.models import User
from fireside.communities.access import resolve_standing
from fireside.communities.models import Community
from fireside.lib.audit import record
from fireside.lib.errors import InvalidInput, NotAllowed, Unprocessable
from fireside.lib.i18n import lazy_format
from fireside.notifications.actions import notify
from fireside.notifications.models import Kind as NotifyKind
from fireside.programs.access import program_standing
from fireside.programs.models import Program

# Re-exported for callers: `name as name` marks the re-export for mypy --strict.
from fireside.surveys.answering import check_respond as check_respond
from fireside.surveys.answering import do_close_survey as do_close_survey
from fireside.surveys.answering import mix_closed_rounds as mix_closed_rounds
from fireside.surveys.answering import mix_round as mix_round
from fireside.surveys.confidence_actions import check_take_confidence as check_take_confidence
from fireside.surveys.confidence_actions import clean_confidence as clean_confidence
from fireside.surveys.confidence_actions import (
    send_confidence_reminders as send_confidence_reminders,
)
from fireside.surveys.models import Round, Survey
from fireside.surveys.questions import (  # noqa: F401 (the builder's limits, used by others)
    CHOICE_KINDS,
    INTRO_MAX,
    MAX_OPTIONS,
    MIN_OPTIONS,
    OPTION_MAX,
    QUESTION_MAX,
    TEXT_ANSWER_MAX,
    TITLE_MAX,
    QuestionSpec,
    _words,
    clean_title_and_intro,
    save_questions,
)
from fireside.surveys.questions import MAX_QUESTIONS as MAX_QUESTIONS
from fireside.surveys.questions import clean_answers as clean_answers
from fireside.surveys.questions import clean_questions as clean_questions
from fireside.surveys.rounds import add_months as add_months
from fireside.surveys.rounds import audience as audience
from fireside.surveys.rounds import audience_size as audience_size
from fireside.surveys.rounds import current_round as current_round
from fireside.surveys.rounds import in_audience as in_audience
from fireside.surveys.rounds import is_open as is_open
from fireside.surveys.rounds import program_today as program_today
from fireside.surveys.rounds import round_dates as round_dates
from fireside.surveys.rounds import surveys_for_community as surveys_for_community
from fireside.surveys.rounds import threshold as threshold
from fireside.surveys.your_data import do_erase_for as do_erase_for
from fireside.surveys.your_data import export_for as export_for

DEFAULT_DAYS_OPEN = 14
MAX_DAYS_OPEN = 92
_lazy_day = lazy(date_format, str)


# --- Building a survey --------------------------------------------------------------------


def clean_schedule(
    *, program: Program, opens_on: object, closes_on: object, repeat: object, today: dt.date
) -> tuple[dt.date, dt.date, int | None]:
    """Opening day (today by default), closing day (two weeks on by default) and repeat.
    A survey may open after its program ends (a follow-up); repeats stop at the end."""
    for key, value in (("opens_on", opens_on), ("closes_on", closes_on)):
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise InvalidInput(
                _("%(field)s must be a date (YYYY-MM-DD).") % {"field": key},
                {key: [_("Enter a date.")]},
            )
    opens: dt.date = opens_on or today  # type: ignore[assignment]
    if opens < today:
        raise InvalidInput(
            _("A survey cannot open in the past: choose today or a later day."),
            {"opens_on": [_("Today or later.")]},
        )
    closes: dt.date = closes_on or opens + dt.timedelta(days=DEFAULT_DAYS_OPEN - 1)  # type: ignore[assignment]
    if closes < opens:
        raise InvalidInput(
            _("The survey must close on or after the day it opens."),
            {"closes_on": [_("On or after the opening day.")]},
        )
    if (closes - opens).days + 1 > MAX_DAYS_OPEN:
        raise InvalidInput(
            _("A round stays open at most %(n)s days.") % {"n": MAX_DAYS_OPEN},
            {"closes_on": [_("At most %(n)s days after it opens.") % {"n": MAX_DAYS_OPEN}]},
        )
    if repeat in (None, 0):
        return opens, closes, None
    if isinstance(repeat, bool) or not isinstance(repeat, int) or not 1 <= repeat <= 12:
        raise InvalidInput(
            _(
                "repeat_every_months must be a whole number of months from 1 to 12 (or empty "
                "for a survey that runs once)."
            ),
            {"repeat_every_months": [_("From 1 to 12.")]},
        )
    if add_months(opens, repeat) <= closes:
        raise Unprocessable(
            _(
                "Each round must close before the next one opens, %(n)s month(s) later: "
                "shorten the time it stays open, or repeat less often."
            )
            % {"n": repeat},
            {"closes_on": [_("Before the next round opens.")]},
        )
    return opens, closes, repeat


def may_create(user: User, program: Program, community: Community | None) -> bool:
    """Coordinators survey their program (or any of its groups); facilitators their group."""
    if program_standing(user, program).is_coordinator:
        return True
    return community is not None and resolve_standing(user, community).is_facilitator


def check_create_survey(
    *,
    actor: User,
    program: Program,
    community: Community | None,
    title: object,
    questions: object,
    intro: object = "",
    anonymous: object = True,
    opens_on: object = None,
    closes_on: object = None,
    repeat_every_months: object = None,
    draft: object = False,
) -> Survey:
    """Build a survey. A `draft` is kept for its builder only: no round, nobody told,
    until it is published (fireside/surveys/drafts.py)."""
    if community is not None and community.program_id != program.pk:
        raise Unprocessable(
            _("%(group)s is not one of %(program)s's groups.")
            % {"group": community.name, "program": program.name},
            {"community": [_("A group of this program.")]},
        )
    if not may_create(actor, program, community):
        raise NotAllowed(
            _("Coordinators survey their program; facilitators survey their own group.")
        )
    title_text, intro_text = clean_title_and_intro(title, intro)
    if not isinstance(anonymous, bool):
        raise InvalidInput(
            _("anonymous must be true or false."), {"anonymous": [_("true or false.")]}
        )
    if not isinstance(draft, bool):
        raise InvalidInput(_("draft must be true or false."), {"draft": [_("true or false.")]})
    specs = clean_questions(questions)
    today = program_today(program)
    opens, closes, repeat = clean_schedule(
        program=program,
        opens_on=opens_on,
        closes_on=closes_on,
        repeat=repeat_every_months,
        today=today,
    )
    with transaction.atomic():
        survey = Survey.objects.create(
            program=program,
            community=community,
            title=title_text,
            intro=intro_text,
            anonymous=anonymous,
            created_by=actor,
            opens_on=opens,
            closes_on=closes,
            repeat_every_months=repeat,
            published_at=None if draft else timezone.now(),
        )
        save_questions(survey, specs)
        if draft:
            record(
                actor,
                "surveys.draft",
                survey,
                community_id=community.pk if community else None,
                questions=len(specs),
            )
            return survey
        first = Round.objects.create(survey=survey, number=1, opens_on=opens, closes_on=closes)
        record(
            actor,
            "surveys.create",
            survey,
            community_id=community.pk if community else None,
            questions=len(specs),
            anonymous=anonymous,
            repeat_every_months=repeat,
        )
        if opens <= today:
            round_id = first.pk
            transaction.on_commit(lambda: announce_round.enqueue(round_id=round_id))
    return survey


# --- Rounds -------------------------------------------------------------------------------


@task()
def announce_round(*, round_id: int) -> int:
    """Tell a round's audience that it opened, once (the first run claims it)."""
    rnd = (
        Round.objects.select_related("survey__program", "survey__community")
        .filter(pk=round_id)
        .first()
    )
    if rnd is None:
        return 0
    survey = rnd.survey
    today = program_today(survey.program)
    if not is_open(survey, rnd, today):
        return 0
    claimed = Round.objects.filter(pk=rnd.pk, announced_at__isnull=True).update(
        announced_at=timezone.now()
    )
    if not claimed:
        return 0
    # One notification per person, in one of their groups, even in a program-wide survey.
    first_group: dict[int, int] = {}
    users: dict[int, User] = {}
    for m in audience(survey).select_related("user").order_by("joined_on", "pk"):
        first_group.setdefault(m.user_id, m.community_id)
        users[m.user_id] = m.user
    by_group: dict[int, list[User]] = defaultdict(list)
    for user_id, community_id in first_group.items():
        by_group[community_id].append(users[user_id])
    communities = Community.objects.in_bulk(list(by_group))
    text = lazy_format(
        gettext_lazy(
            "A survey is open for you: “%(title)s”. It takes a few minutes, and your answers "
            "are anonymous. Open until %(day)s."
        )
        if survey.anonymous
        else gettext_lazy(
            "A survey is open for you: “%(title)s”. It takes a few minutes. Open until %(day)s."
        ),
        title=survey.title,
        day=_lazy_day(rnd.closes_on, "j F"),  # in each reader's language
    )
    url = reverse("surveys:answer", args=[survey.pk])
    told = 0
    for community_id, people in by_group.items():
        told += len(
            notify(
                users=people,
                community=communities[community_id],
                kind=NotifyKind.SURVEY,
                text=text,
                url=url,
                actor=survey.created_by,
            )
        )
    record(None, "surveys.announce", survey, round=rnd.number, told=told)
    return told


def open_due_rounds(*, today: dt.date | None = None) -> tuple[int, int]:
    """Open the next round of each repeating survey once its day has come, and tell the
    audience of every round that opened and was not yet announced. Safe to run twice.
    Returns (rounds opened, rounds announced)."""
    opened = 0
    repeating = (
        Survey.objects.filter(
            repeat_every_months__isnull=False, closed_at__isnull=True, published_at__isnull=False
        )
        .select_related("program")
        .prefetch_related("rounds")
    )
    for survey in repeating:
        day = today or program_today(survey.program)
        latest = max(survey.rounds.all(), key=lambda r: r.number, default=None)
        number = (latest.number if latest else 0) + 1
        while True:
            opens, closes = round_dates(survey, number)
            if opens > day or opens > survey.program.ends_on:
                break
            if closes >= day:  # rounds whose time passed while nobody ran this are skipped
                _round, created = Round.objects.get_or_create(
                    survey=survey, number=number, defaults={"opens_on": opens, "closes_on": closes}
                )
                opened += int(created)
                break
            number += 1
    announced = 0
    due = Round.objects.filter(
        announced_at__isnull=True, survey__closed_at__isnull=True
    ).select_related("survey__program")
    for rnd in due:
        day = today or program_today(rnd.survey.program)
        if rnd.opens_on <= day <= rnd.closes_on:
            announce_round.call(round_id=rnd.pk)
            announced += 1
    return opened, announced


def run_daily(*, today: dt.date | None = None) -> dict[str, int]:
    opened, announced = open_due_rounds(today=today)
    return {
        "rounds_opened": opened,
        "rounds_announced": announced,
        "responses_mixed": mix_closed_rounds(today=today),
        "confidence_reminders": send_confidence_reminders(today=today),
    }
