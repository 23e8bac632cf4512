"""A gathering's agenda and the topics members propose and vote on for it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.models import Community
from fireside.gatherings import agenda_rows
from fireside.gatherings.checks import ID_MAX, TOPIC_MAX, _shown, _text
from fireside.gatherings.models import (
    Activity,
    AgendaItem,
    Gathering,
    Topic,
    TopicVote,
)
from fireside.lib.audit import record
from fireside.lib.errors import InvalidInput


@dataclass(frozen=True)
class AgendaLine:
    topic: str
    activity: str
    minutes: int
    from_topic_id: int | None = None
    shared_with_guests: bool = False


AGENDA_MAX = 30


def check_agenda(items: object, *, community: Community) -> list[AgendaLine]:
    """Agenda rows, each with a topic, an activity and minutes. A row may say which of the
    group's proposed topics it comes from; a topic of another group counts as unknown, and
    the refusal never says whether such a topic exists."""
    if items is None:
        items = []
    if not isinstance(items, list | tuple):
        raise InvalidInput(
            _("The agenda must be a list of items, each with a topic, an activity and minutes."),
            {"agenda": [_("A list of items.")]},
        )
    if len(items) > AGENDA_MAX:
        raise InvalidInput(
            _("An agenda can have at most %(AGENDA_MAX)s items; this one has %(count)s.")
            % {"AGENDA_MAX": AGENDA_MAX, "count": len(items)},
            {"agenda": [_("At most %(AGENDA_MAX)s items.") % {"AGENDA_MAX": AGENDA_MAX}]},
        )
    lines = [
        _agenda_line(_("Agenda item %(n)s") % {"n": i + 1}, item) for i, item in enumerate(items)
    ]
    _check_proposed_topics(lines, community)
    return lines


def _agenda_line(where: str, item: object) -> AgendaLine:
    if not isinstance(item, dict):
        raise InvalidInput(
            _("%(where)s must have a topic, an activity and minutes.") % {"where": where},
            {"agenda": [_("Each item needs a topic, an activity and minutes.")]},
        )
    activity = item.get("activity")
    if not isinstance(activity, str) or activity not in Activity.values:
        raise InvalidInput(
            _("%(where)s: “%(shown)s” is not one of the activities. Choose one of: %(values)s.")
            % {"where": where, "shown": _shown(activity), "values": ", ".join(Activity.values)},
            {"agenda": [_("Unknown activity.")]},
        )
    minutes = item.get("minutes")
    if not isinstance(minutes, int) or isinstance(minutes, bool) or not 1 <= minutes <= 600:
        raise InvalidInput(
            _("%(where)s: the minutes must be a whole number from 1 to 600 (10 hours).")
            % {"where": where},
            {"agenda": [_("Minutes from 1 to 600.")]},
        )
    topic = item.get("topic")
    if not isinstance(topic, str) or not topic.strip():
        raise InvalidInput(
            _("%(where)s: please write a topic.") % {"where": where},
            {"agenda": [_("Each item needs a topic.")]},
        )
    if len(topic.strip()) > TOPIC_MAX:
        raise InvalidInput(
            _("%(where)s: the topic is too long; please keep it to %(TOPIC_MAX)s characters.")
            % {"where": where, "TOPIC_MAX": TOPIC_MAX},
            {
                "agenda": [
                    _("Topics of at most %(TOPIC_MAX)s characters.") % {"TOPIC_MAX": TOPIC_MAX}
                ]
            },
        )
    from_topic = item.get("from_topic_id")
    if from_topic is not None and (not isinstance(from_topic, int) or isinstance(from_topic, bool)):
        raise InvalidInput(
            _(
                "%(where)s: from_topic_id must be the number of one of the group's proposed "
                "topics, or left out."
            )
            % {"where": where},
            {"agenda": [_("from_topic_id must be a whole number.")]},
        )
    shared = item.get("shared_with_guests", False)
    if not isinstance(shared, bool):
        raise InvalidInput(
            _("%(where)s: shared_with_guests must be true or false.") % {"where": where},
            {"agenda": [_("shared_with_guests must be true or false.")]},
        )
    return AgendaLine(
        topic=topic.strip(),
        activity=activity,
        minutes=minutes,
        from_topic_id=from_topic,
        shared_with_guests=shared,
    )


def _check_proposed_topics(lines: list[AgendaLine], community: Community) -> None:
    asked = {line.from_topic_id for line in lines if line.from_topic_id is not None}
    if not asked:
        return
    known = set(
        Topic.objects.filter(
            community=community, pk__in=[pk for pk in asked if 0 < pk <= ID_MAX]
        ).values_list("pk", flat=True)
    )
    for i, line in enumerate(lines):
        if line.from_topic_id is not None and line.from_topic_id not in known:
            raise InvalidInput(
                _(
                    "Agenda item %(value)s comes from a proposed topic that is not on this "
                    "group's list (it may have been removed). Take the item out, or add it again "
                    "from the list of topics."
                )
                % {"value": i + 1},
                {"agenda": [_("Not one of this group's proposed topics.")]},
            )


def _replace_agenda(gathering: Gathering, lines: list[AgendaLine]) -> None:
    """The lines were checked by check_agenda. A proposed topic on the agenda is marked as
    used there; one taken off it goes back on the group's list."""
    topics = {
        t.pk: t
        for t in Topic.objects.filter(
            community=gathering.community,
            pk__in=[x.from_topic_id for x in lines if x.from_topic_id],
        )
    }
    # An item that stays is updated in place, keeping what hangs on it (agenda_rows.py).
    old = list(gathering.agenda.all())
    kept = agenda_rows.match(old, lines)
    gathering.agenda.exclude(pk__in=[item.pk for item in kept if item]).delete()
    items = [
        AgendaItem(
            pk=item.pk if item else None,
            gathering=gathering,
            position=i,
            topic=line.topic,
            activity=line.activity,
            minutes=line.minutes,
            from_topic=topics.get(line.from_topic_id or 0),
            shared_with_guests=line.shared_with_guests,
        )
        for i, (line, item) in enumerate(zip(lines, kept, strict=True))
    ]
    fields = ["position", "topic", "activity", "minutes", "from_topic", "shared_with_guests"]
    AgendaItem.objects.bulk_update([a for a in items if a.pk], fields)
    AgendaItem.objects.bulk_create([a for a in items if not a.pk])
    Topic.objects.filter(used_in=gathering).exclude(pk__in=list(topics)).update(used_in=None)
    Topic.objects.filter(pk__in=list(topics)).update(used_in=gathering)


def do_propose_topic(*, user: User, community: Community, title: object, details: object) -> Topic:
    """A member suggests a topic; it comes with their own vote."""
    title_text = _text(title, "title", TOPIC_MAX, required=True)
    details_text = _text(details, "details", 2000)
    with transaction.atomic():
        topic = Topic.objects.create(
            community=community, proposed_by=user, title=title_text, details=details_text
        )
        TopicVote.objects.create(topic=topic, user=user)
        record(user, "gatherings.propose_topic", community, topic_id=topic.pk)
    return topic


def do_toggle_vote(*, user: User, topic: Topic) -> bool:
    """Vote for a topic, or take the vote back. Returns whether the vote now stands."""
    deleted, _by_model = TopicVote.objects.filter(topic=topic, user=user).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            TopicVote.objects.create(topic=topic, user=user)
    except IntegrityError:
        pass
    return True
