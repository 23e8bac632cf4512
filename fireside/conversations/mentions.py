"""@mentions: "@Ana Lopez" (or "@Ana" when only one Ana is in the group) names a member.

The syntax is the plain name, the same typed by hand or inserted by the suggestion list
(static/js/mentions.js), so it reads well in an email, a search result or the Markdown
source, and it cannot become a link to anything: it is only ever matched against the
names of the group's active members (actions.mentioned). A name that is not a member's
stays plain text and notifies nobody. On the page, members' names are highlighted after
the Markdown is sanitised, in text only (never inside a link, code or a tag).

A mention notifies once per post: a new post names its people (actions._notify_mentions);
an edit notifies only the people it newly names; a hidden post notifies nobody."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.conversations.models import Reply, Thread
from fireside.notifications.actions import notify
from fireside.notifications.models import Kind as NotifyKind

Post = Thread | Reply
SUGGESTIONS_MAX = 8
# Inside these, text is code or already a link: a name there is left as written.
_SKIP = {"a", "code", "pre"}
_TAG = re.compile(r"(<[^>]*>)")
_TAG_NAME = re.compile(r"<\s*(/?)\s*([a-zA-Z0-9]+)")


def active_members(community: Community) -> list[User]:
    return [
        m.user
        for m in Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)
        .select_related("user")
        .order_by("user__name", "user__pk")
    ]


def mentionable_names(people: Iterable[User]) -> list[str]:
    """Every way a member can be named: their full name, and their first name when no other
    member shares it. Longest first, so "@Ana Lopez" wins over "@Ana"."""
    people = list(people)
    firsts: dict[str, int] = {}
    for person in people:
        first = person.display_name.split(" ")[0].lower()
        firsts[first] = firsts.get(first, 0) + 1
    names = set()
    for person in people:
        names.add(person.display_name)
        first = person.display_name.split(" ")[0]
        if firsts[first.lower()] == 1:
            names.add(first)
    return sorted(names, key=lambda n: (-len(n), n))


def highlight(body_html: str, names: list[str]) -> str:
    """Wrap each "@Name" of a member in the sanitised HTML in a highlighted span."""
    if not names or "@" not in body_html:
        return body_html
    pattern = re.compile(
        r"@(?:" + "|".join(re.escape(html.escape(n, quote=False)) for n in names) + r")(?![\w-])",
        re.IGNORECASE,
    )
    depth = 0
    parts = _TAG.split(body_html)
    for i, part in enumerate(parts):
        if i % 2:  # a tag
            match = _TAG_NAME.match(part)
            if match and match.group(2).lower() in _SKIP and not part.endswith("/>"):
                depth = max(0, depth + (-1 if match.group(1) else 1))
            continue
        if depth == 0 and "@" in part:
            parts[i] = pattern.sub(lambda m: f'<strong class="mention">{m.group(0)}</strong>', part)
    return "".join(parts)


def suggestions(community: Community, asker: User, query: str) -> list[dict[str, object]]:
    """Members of this group whose name starts with (or has a word starting with) the
    query, for the suggestion list: never the asker, never anyone outside the group."""
    query = query.strip().lstrip("@").lower()[:60]
    found = []
    for person in active_members(community):
        name = person.display_name
        if person.pk == asker.pk or not person.is_active:
            continue
        words = name.lower().split()
        if query and not (
            name.lower().startswith(query) or any(w.startswith(query) for w in words)
        ):
            continue
        found.append({"id": person.pk, "name": name, "handle": f"@{name}"})
        if len(found) == SUGGESTIONS_MAX:
            break
    return found


def mentioned(text: str, people: list[User]) -> list[User]:
    """Members named with @ in a post: "@Mina Member", or "@Mina" when only one Mina."""
    lowered = text.lower()
    first_names: dict[str, list[User]] = {}
    for person in people:
        first_names.setdefault(person.display_name.split(" ")[0].lower(), []).append(person)
    found = []
    for person in people:
        names = [person.display_name.lower()]
        first = person.display_name.split(" ")[0].lower()
        if len(first_names[first]) == 1:
            names.append(first)
        if any(re.search(rf"@{re.escape(n)}(?![\w-])", lowered) for n in names):
            found.append(person)
    return found


def _community_of(post: Post) -> Community:
    return post.community if isinstance(post, Thread) else post.thread.community


def _is_hidden(post: Post) -> bool:
    return post.is_hidden or (isinstance(post, Reply) and post.thread.is_hidden)


def notify_mentions(
    author: User, community: Community, text: str, post: Post, members: list[User]
) -> None:
    """A new post tells the members it names (a reply under a hidden thread tells nobody)."""
    named = mentioned(text, members)
    if named and not _is_hidden(post):
        _notify(author, community, post, named)


def notify_new_mentions(*, author: User, post: Post, earlier_body: str) -> None:
    """After an edit: tell only the people the new text names and the earlier did not."""
    if _is_hidden(post):
        return
    community = _community_of(post)
    members = active_members(community)
    before = {p.pk for p in mentioned(earlier_body, members)}
    newly = [p for p in mentioned(post.body, members) if p.pk not in before]
    if newly:
        _notify(author, community, post, newly)


def _notify(author: User, community: Community, post: Post, people: list[User]) -> None:
    notify(
        users=people,
        community=community,
        kind=NotifyKind.MENTION,
        subject=(post._meta.model_name or "", post.pk),
        url=post.get_absolute_url(),
        actor=author,
    )
