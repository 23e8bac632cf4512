"""Reactions: a member answers a thread or a reply lightly ("Me too", "Thank you", …).

The group sees how many of each and, when it asks, who: only the names of people who are
still active members (someone who left still counts, unnamed). Nobody's own total is ever
shown or computed: no points, no badges, no leaderboards. A hidden post shows none, and
nobody can react to it. Erasure removes a person's reactions (personal_data.py)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.access import resolve_standing
from fireside.communities.models import Membership
from fireside.conversations.models import Reaction, ReactionKind, Reply, Thread
from fireside.lib import ratelimit
from fireside.lib.errors import InvalidInput, NotAllowed, TooMany

Post = Thread | Reply

# Shown beside the words, never instead of them (aria-hidden in the page).
EMOJI = {
    ReactionKind.ME_TOO: "🙋",
    ReactionKind.THANK_YOU: "🙏",
    ReactionKind.HELPFUL: "💡",
    ReactionKind.SUPPORT: "🤗",
    ReactionKind.IDEA: "🌱",
}
# Enough for anyone reacting by hand; a script toggling in a loop is slowed down.
RATE_LIMIT = 60
RATE_WINDOW = 60


@dataclass
class Tally:
    """One kind of reaction on one post, as a reader sees it."""

    kind: str
    label: str
    emoji: str
    count: int = 0
    mine: bool = False
    names: list[str] = field(default_factory=list)
    unnamed: int = 0  # reactions of people who have left the group since


def _post_key(post: Post) -> tuple[str, int]:
    return ("thread" if isinstance(post, Thread) else "reply", post.pk)


def _community_id(post: Post) -> int:
    return post.community_id if isinstance(post, Thread) else post.thread.community_id


def check_toggle_reaction(*, user: User, post: Post, kind: object) -> bool:
    """Add the reaction, or take it back if it is there; True when it is now there."""
    if not isinstance(kind, str) or kind not in ReactionKind.values:
        raise InvalidInput(
            _("Choose one of the reactions offered."),
            {"kind": [_("Choose one of the reactions offered.")]},
        )
    thread = post if isinstance(post, Thread) else post.thread
    standing = resolve_standing(user, thread.community)
    if not standing.is_member or standing.needs_to_accept_agreement:
        raise NotAllowed(_("Only members of the group can react to its posts."))
    if post.is_hidden or thread.is_hidden:
        raise NotAllowed(_("The facilitators have hidden this post: it takes no reactions."))
    # Counted outside the transaction, so a refusal below does not undo the count.
    if not ratelimit.attempt("react", str(user.pk), RATE_LIMIT, RATE_WINDOW):
        raise TooMany(_("That is a lot of reactions at once. Please wait a minute."))
    target: dict[str, Post] = {"thread": post} if isinstance(post, Thread) else {"reply": post}
    with transaction.atomic():
        deleted, _rows = Reaction.objects.filter(user=user, kind=kind, **target).delete()
        if deleted:
            return False
        try:
            with transaction.atomic():
                Reaction.objects.create(user=user, kind=kind, **target)
        except IntegrityError:  # the same click twice at once: it is there, as asked
            pass
    return True


def tallies_for(
    posts: Iterable[Post], reader: Any, member_ids: set[int] | None = None
) -> dict[tuple[str, int], list[Tally]]:
    """Every kind's tally for each post, keyed by ("thread"|"reply", pk): one query for the
    reactions with their people, and one for the group's active members unless given.
    Hidden posts get no tallies."""
    posts = [p for p in posts if not p.is_hidden]
    if not posts:
        return {}
    thread_ids = [p.pk for p in posts if isinstance(p, Thread)]
    reply_ids = [p.pk for p in posts if isinstance(p, Reply)]
    if member_ids is None:
        member_ids = set(
            Membership.objects.filter(
                community_id=_community_id(posts[0]), status=Membership.Status.ACTIVE
            ).values_list("user_id", flat=True)
        )
    result = {
        _post_key(p): [
            Tally(kind=value, label=str(label), emoji=EMOJI[ReactionKind(value)])
            for value, label in ReactionKind.choices
        ]
        for p in posts
    }
    reactions = (
        Reaction.objects.filter(Q(thread_id__in=thread_ids) | Q(reply_id__in=reply_ids))
        .select_related("user")
        .only("thread_id", "reply_id", "kind", "user__id", "user__name", "user__email")
    )
    order = {value: i for i, value in enumerate(ReactionKind.values)}
    for reaction in reactions:
        key = ("thread", reaction.thread_id) if reaction.thread_id else ("reply", reaction.reply_id)
        tallies = result.get(key)  # type: ignore[arg-type]
        if tallies is None or reaction.kind not in order:
            continue
        tally = tallies[order[reaction.kind]]
        tally.count += 1
        if reaction.user_id == getattr(reader, "pk", None):
            tally.mine = True
        if reaction.user_id in member_ids:
            tally.names.append(reaction.user.display_name)
        else:
            tally.unnamed += 1
    return result


def attach_tallies(posts: list[Post], reader: Any, member_ids: set[int] | None = None) -> None:
    """Give each post its `reaction_tallies` (every kind), `reacted` (the kinds someone
    chose) and `unreacted` (the others, offered under "React") for the page's template."""
    tallies = tallies_for(posts, reader, member_ids)
    for post in posts:
        mine = tallies.get(_post_key(post), [])
        post.reaction_tallies = mine  # type: ignore[union-attr]
        post.reacted = [t for t in mine if t.count]  # type: ignore[union-attr]
        post.unreacted = [t for t in mine if not t.count]  # type: ignore[union-attr]
