"""The "more or less" round: a facilitator opens it on a topic (or from the agenda item that
asks for one); each member adds cards, "I'd like more of …" or "less of …", from before the
gathering until the facilitator closes the round. The group sees the cards without names,
grouped by side and with alike cards counted once; each author alone sees, edits and
deletes their own cards while the round is open. A closed round feeds the next agenda: the
facilitator puts a group of cards on the group's next gathering as a topic.

Refused, with nothing written: a round of a cancelled gathering, cards from anyone but the
group's active members, cards after the round closed, another's card, empty or too long
text."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.activities.models import CARD_MAX, TOPIC_MAX, Card, Round
from fireside.communities.access import resolve_standing
from fireside.gatherings import scheduling
from fireside.gatherings.models import Activity, AgendaItem, Gathering
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed
from fireside.lib.text import clean_text
from fireside.lib.words import words_of

AGENDA_MINUTES = 20


def _planner(actor: User, gathering: Gathering, refusal: str) -> None:
    if not resolve_standing(actor, gathering.community).can_plan:
        raise NotAllowed(refusal)


def check_open_round(
    *, actor: User, gathering: Gathering, topic: object, agenda_item: AgendaItem | None = None
) -> Round:
    """Open a round on `topic` (an agenda item's topic when it comes from one)."""
    _planner(actor, gathering, _("A “more or less” round is started by the group's facilitators."))
    if agenda_item is not None:
        if agenda_item.gathering_id != gathering.pk:
            raise InvalidInput(_("This agenda item is not on this gathering's agenda."))
        topic = topic or agenda_item.topic
    text = clean_text(topic, "topic", TOPIC_MAX, required=True)
    if gathering.is_cancelled:
        raise Conflict(_("This gathering was cancelled: there is no round to run."))
    if agenda_item is not None and Round.objects.filter(agenda_item=agenda_item).exists():
        raise Conflict(_("This agenda item has its round already."))
    with transaction.atomic():
        found = Round.objects.create(
            gathering=gathering, agenda_item=agenda_item, topic=text, opened_by=actor
        )
        record(actor, "activities.open_round", gathering.community, round=found.pk)
    return found


def check_close_round(*, actor: User, round: Round) -> Round:
    _planner(actor, round.gathering, _("A round is closed by the group's facilitators."))
    if not round.is_open:
        raise Conflict(_("This round is closed already."))
    round.closed_at = timezone.now()
    round.save(update_fields=["closed_at"])
    record(actor, "activities.close_round", round.gathering.community, round=round.pk)
    return round


def _side(value: object) -> str:
    if value not in Card.Side.values:
        raise InvalidInput(
            _("Say whether you would like more or less of it."),
            {"side": [_("“more” or “less”.")]},
        )
    return str(value)


def _still_open(round: Round) -> None:
    if not round.is_open:
        raise Conflict(
            _("This round is closed: its cards no longer change."),
            {"text": [_("The round is closed.")]},
        )


def check_add_card(*, user: User, round: Round, side: object, text: object) -> Card:
    if not resolve_standing(user, round.gathering.community).is_member:
        raise NotAllowed(_("Cards are added by the group's members."))
    chosen = _side(side)
    words = clean_text(text, "text", CARD_MAX, required=True)
    _still_open(round)
    return Card.objects.create(round=round, author=user, side=chosen, text=words)


def _own(user: User, card: Card) -> None:
    if card.author_id != user.pk:
        raise NotAllowed(_("Only the person who wrote a card can change it."))
    _still_open(card.round)


def check_edit_card(*, user: User, card: Card, side: object, text: object) -> Card:
    _own(user, card)
    card.side = _side(side)
    card.text = clean_text(text, "text", CARD_MAX, required=True)
    card.save(update_fields=["side", "text", "updated_at"])
    return card


def check_delete_card(*, user: User, card: Card) -> None:
    _own(user, card)
    card.delete()


# --- What the group sees ---------------------------------------------------------------------


def key_of(text: str) -> str:
    """Cards that say the same thing in other case, spacing or punctuation share a key."""
    return " ".join(words_of(text)) or text.casefold().strip()


@dataclass
class Group:
    side: str
    key: str
    text: str  # the words of its first card
    count: int = 0
    texts: list[str] = field(default_factory=list)  # each other wording, once

    @property
    def agenda_topic(self) -> str:
        if self.side == Card.Side.MORE:
            return _("More of: %(text)s") % {"text": self.text}
        return _("Less of: %(text)s") % {"text": self.text}


@dataclass
class Grouped:
    more: list[Group]
    less: list[Group]
    cards: int

    def find(self, side: str, key: str) -> Group | None:
        return next((g for g in (*self.more, *self.less) if g.side == side and g.key == key), None)


def grouped(round: Round) -> Grouped:
    """The round's cards without names: more, then less; alike cards counted once, the most
    shared first (then in the order they came)."""
    groups: dict[tuple[str, str], Group] = {}
    cards = list(round.cards.values_list("side", "text"))
    for side, text in cards:
        key = key_of(text)
        group = groups.setdefault((side, key), Group(side, key, text))
        group.count += 1
        if text != group.text and text not in group.texts:
            group.texts.append(text)
    ordered = sorted(groups.values(), key=lambda g: -g.count)
    return Grouped(
        more=[g for g in ordered if g.side == Card.Side.MORE],
        less=[g for g in ordered if g.side == Card.Side.LESS],
        cards=len(cards),
    )


def cards_of(user: User, round: Round) -> list[Card]:
    return list(round.cards.filter(author=user))


# --- Feeding the next agenda -----------------------------------------------------------------


def next_gathering(round: Round) -> Gathering | None:
    """The group's next gathering after the round's, still to come and not cancelled."""
    g = round.gathering
    return (
        Gathering.objects.filter(
            community_id=g.community_id,
            cancelled_at__isnull=True,
            starts_at__gt=max(g.starts_at, timezone.now()),
        )
        .order_by("starts_at", "pk")
        .first()
    )


SUGGESTED = 3  # of each side


@dataclass
class Suggestions:
    round: Round
    groups: list[Group]


def suggestions_for(gathering: Gathering) -> Suggestions | None:
    """What the group's last closed round, from a gathering before this one, asks for most:
    the top groups of each side not on this agenda yet, for the facilitator planning it."""
    if gathering.is_cancelled or gathering.starts_at <= timezone.now():
        return None
    last = (
        Round.objects.filter(
            gathering__community_id=gathering.community_id,
            gathering__starts_at__lt=gathering.starts_at,
            closed_at__isnull=False,
        )
        .order_by("-closed_at", "-pk")
        .first()
    )
    if last is None:
        return None
    found = grouped(last)
    planned = set(gathering.agenda.values_list("topic", flat=True))
    groups = [
        g
        for side in (found.more, found.less)
        for g in [g for g in side if g.agenda_topic not in planned][:SUGGESTED]
    ]
    return Suggestions(last, groups) if groups else None


def check_to_agenda(
    *,
    actor: User,
    round: Round,
    side: object,
    key: object,
    topic: object,
    gathering: Gathering | None = None,
) -> Gathering:
    """One action: a group of the round's cards goes at the end of an agenda, as an open
    discussion, in the words the facilitator chose (prefilled): the group's next gathering,
    or `gathering`, one of the group's still to come after the round's."""
    _planner(actor, round.gathering, _("The agenda is built by the group's facilitators."))
    if gathering is not None and (
        gathering.community_id != round.gathering.community_id
        or gathering.is_cancelled
        or gathering.starts_at <= max(round.gathering.starts_at, timezone.now())
    ):
        raise Conflict(
            _("This round's cards go on the agenda of a gathering still to come after it."),
            {"topic": [_("Not a later gathering of the group.")]},
        )
    group = grouped(round).find(str(side), str(key))
    if group is None:
        raise InvalidInput(
            _("These cards are no longer in the round. Reload the page and choose again."),
            {"topic": [_("Unknown cards.")]},
        )
    text = clean_text(topic, "topic", TOPIC_MAX, required=True)
    coming = gathering or next_gathering(round)
    if coming is None:
        raise Conflict(
            _("The group has no gathering planned after this one. Plan one, then come back."),
            {"topic": [_("No next gathering.")]},
        )
    lines = [
        {
            "topic": a.topic,
            "activity": a.activity,
            "minutes": a.minutes,
            "from_topic_id": a.from_topic_id,
            "shared_with_guests": a.shared_with_guests,
        }
        for a in coming.agenda.all()
    ]
    if any(line["topic"] == text for line in lines):
        raise Conflict(
            _("“%(topic)s” is on the next gathering's agenda already.") % {"topic": text},
            {"topic": [_("On the agenda already.")]},
        )
    lines.append({"topic": text, "activity": Activity.OPEN_DISCUSSION, "minutes": AGENDA_MINUTES})
    return scheduling.check_update_gathering(
        actor=actor, gathering=coming, changes={"agenda": lines}
    )
