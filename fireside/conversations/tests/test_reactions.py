"""Reactions on threads and replies: toggled by members, counted, named for members only,
gone with a hidden post or an erased person, and a thread page that stays flat."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import PERSONAS, World
from fireside.accounts.personal_data import erase, export
from fireside.communities.actions import check_leave
from fireside.conversations import actions, reactions
from fireside.conversations.models import Reaction, ReactionKind, Reply, Thread
from fireside.demo.factories import UserFactory, make_member
from fireside.lib.errors import InvalidInput, NotAllowed, TooMany
from fireside.lib.tests.leaks import marker

pytestmark = pytest.mark.django_db


def _thread(world: World) -> tuple[Thread, Reply]:
    thread = actions.check_start_thread(
        author=world.facilitator,
        community=world.community,
        title="Nap time",
        body="The little ones would not settle today.",
        kind="challenge",
    )
    reply = actions.check_reply(author=world.facilitator, thread=thread, body="Same here.")
    return thread, reply


def _tally(post: Thread | Reply, kind: str, reader: Any) -> reactions.Tally:
    key = ("thread" if isinstance(post, Thread) else "reply", post.pk)
    return next(t for t in reactions.tallies_for([post], reader)[key] if t.kind == kind)


def test_it_toggles_a_reaction_on_and_off(world: World) -> None:
    thread, reply = _thread(world)
    assert reactions.check_toggle_reaction(user=world.member, post=reply, kind="me_too")
    tally = _tally(reply, "me_too", world.member)
    assert (tally.count, tally.mine, tally.names) == (1, True, ["Mina Member"])
    assert not reactions.check_toggle_reaction(user=world.member, post=reply, kind="me_too")
    assert _tally(reply, "me_too", world.member).count == 0
    assert not Reaction.objects.exists()
    # One of each kind is fine: they answer different things.
    reactions.check_toggle_reaction(user=world.member, post=thread, kind="me_too")
    reactions.check_toggle_reaction(user=world.member, post=thread, kind="thank_you")
    assert Reaction.objects.filter(thread=thread).count() == 2


def test_it_refuses_unknown_kinds_outsiders_and_hidden_posts(world: World) -> None:
    thread, reply = _thread(world)
    with pytest.raises(InvalidInput):
        reactions.check_toggle_reaction(user=world.member, post=reply, kind="points")
    for person in (world.outsider, world.waitlisted, world.coordinator, world.mentor):
        with pytest.raises(NotAllowed):
            reactions.check_toggle_reaction(user=person, post=reply, kind="me_too")
    reactions.check_toggle_reaction(user=world.member, post=reply, kind="helpful")
    actions.do_hide(actor=world.facilitator, post=reply, reason="Names a family")
    with pytest.raises(NotAllowed):
        reactions.check_toggle_reaction(user=world.member, post=reply, kind="me_too")
    # A hidden post shows no reactions at all; they come back with it.
    assert reactions.tallies_for([reply], world.member) == {}
    actions.do_unhide(actor=world.facilitator, post=reply)
    assert _tally(reply, "helpful", world.member).count == 1
    actions.do_hide(actor=world.facilitator, post=thread, reason="Too personal")
    with pytest.raises(NotAllowed):
        reactions.check_toggle_reaction(user=world.member, post=reply, kind="idea")
    assert Reaction.objects.count() == 1


def test_it_slows_down_a_loop_of_reactions(world: World) -> None:
    cache.clear()
    reply = _thread(world)[1]
    for _ in range(reactions.RATE_LIMIT):
        reactions.check_toggle_reaction(user=world.member, post=reply, kind="idea")
    with pytest.raises(TooMany):
        reactions.check_toggle_reaction(user=world.member, post=reply, kind="idea")
    cache.clear()


def test_someone_who_left_still_counts_but_is_not_named(world: World) -> None:
    reply = _thread(world)[1]
    leaver = make_member(world.community, UserFactory(name="Lee Leaving"))
    reactions.check_toggle_reaction(user=leaver, post=reply, kind="support")
    reactions.check_toggle_reaction(user=world.member, post=reply, kind="support")
    check_leave(user=leaver, community=world.community)
    tally = _tally(reply, "support", world.member)
    assert (tally.count, tally.names, tally.unnamed) == (2, ["Mina Member"], 1)


def test_export_shows_and_erasure_removes_a_persons_reactions(world: World) -> None:
    thread, reply = _thread(world)
    reactions.check_toggle_reaction(user=world.member, post=reply, kind="me_too")
    reactions.check_toggle_reaction(user=world.member, post=thread, kind="thank_you")
    reactions.check_toggle_reaction(user=world.facilitator, post=thread, kind="thank_you")
    exported = export(world.member)["reactions"]
    assert [(r["reply_id"], r["thread_id"], r["kind"]) for r in exported] == [
        (reply.pk, None, "me_too"),
        (None, thread.pk, "thank_you"),
    ]
    erase(world.member)
    assert list(Reaction.objects.values_list("user_id", flat=True)) == [world.facilitator.pk]


# The world is shared by the examples on purpose: each one starts by clearing reactions.
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(clicks=st.lists(st.sampled_from(ReactionKind.values), max_size=12))
def test_toggling_leaves_exactly_the_kinds_clicked_an_odd_number_of_times(
    world: World, clicks: list[str]
) -> None:
    cache.clear()
    Reaction.objects.all().delete()
    reply = Reply.objects.first() or _thread(world)[1]
    for kind in clicks:
        reactions.check_toggle_reaction(user=world.member, post=reply, kind=kind)
    odd = {k for k in ReactionKind.values if clicks.count(k) % 2}
    assert set(Reaction.objects.values_list("kind", flat=True)) == odd
    tallies = reactions.tallies_for([reply], world.member)[("reply", reply.pk)]
    assert {t.kind for t in tallies if t.mine} == odd
    assert all(t.count == (t.kind in odd) for t in tallies)


# The web page ------------------------------------------------------------------------


def test_a_member_reacts_without_script_and_sees_count_and_who(
    client: Client, world: World
) -> None:
    thread, reply = _thread(world)
    client.force_login(world.member)
    url = reverse("conversations:react", args=["reply", reply.pk])
    response = client.post(url, {"reaction": "me_too"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#reply-{reply.pk}")
    html = client.get(thread.get_absolute_url()).content.decode()
    assert f'id="reply-{reply.pk}-react-me_too" class="reaction mine" aria-pressed="true"' in html
    assert '<span class="reaction-count">1</span>' in html
    assert "Who reacted" in html and "Mina Member" in html
    # Nobody's own total anywhere: only per post and kind.
    assert "points" not in html.lower()


def test_with_htmx_the_reactions_come_back_in_place(client: Client, world: World) -> None:
    thread, _reply = _thread(world)
    client.force_login(world.facilitator)
    url = reverse("conversations:react", args=["thread", thread.pk])
    response = client.post(url, {"reaction": "thank_you"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<div class="reactions" id="thread-{thread.pk}-reactions"')
    assert "<html" not in html and "Fay Facilitator" in html
    bad = client.post(url, {"reaction": "nope"}, headers={"HX-Request": "true"})
    assert "Choose one of the reactions offered." in bad.content.decode()
    assert Reaction.objects.count() == 1


def test_non_members_can_neither_react_nor_see_who(client: Client, world: World) -> None:
    thread, reply = _thread(world)
    reactions.check_toggle_reaction(user=world.member, post=reply, kind="me_too")
    url = reverse("conversations:react", args=["reply", reply.pk])
    for person in (world.outsider, world.coordinator, world.mentor, world.staff):
        client.force_login(person)
        assert client.post(url, {"reaction": "me_too"}).status_code in (403, 404)
        assert client.get(thread.get_absolute_url()).status_code in (403, 404)
        api = client.get(f"/api/v1/replies/{reply.pk}/reactions")
        assert api.status_code in (401, 403, 404)
    assert Reaction.objects.count() == 1


def test_the_api_lists_and_toggles_reactions(client: Client, world: World) -> None:
    thread, reply = _thread(world)
    client.force_login(world.member)
    url = f"/api/v1/replies/{reply.pk}/reactions"
    made = client.post(url, {"kind": "me_too"}, content_type="application/json")
    assert made.status_code == 200, made.content
    body = made.json()
    assert body["reacted"] is True
    me_too = next(r for r in body["reactions"] if r["kind"] == "me_too")
    assert me_too == {
        "kind": "me_too",
        "label": "Me too",
        "emoji": "🙋",
        "count": 1,
        "mine": True,
        "names": ["Mina Member"],
        "unnamed": 0,
    }
    bad = client.post(url, {"kind": "gold_star"}, content_type="application/json")
    assert bad.status_code == 400
    listed = client.get(f"/api/v1/threads/{thread.pk}/reactions").json()["reactions"]
    assert [r["kind"] for r in listed] == ReactionKind.values
    assert all(r["count"] == 0 for r in listed)


def test_a_thread_of_200_replies_with_reactions_and_mentions_stays_flat(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    thread, _reply = _thread(world)
    people = [world.member, world.facilitator, make_member(world.community)]
    replies = [
        Reply(
            thread=thread,
            author=people[i % 3],
            body=f"@Mina Member reply {i}",
            body_html=f"<p>@Mina Member reply {i}</p>",
        )
        for i in range(200)
    ]
    Reply.objects.bulk_create(replies)
    Reaction.objects.bulk_create(
        Reaction(reply=r, user=people[j], kind=kind)
        for r in Reply.objects.filter(thread=thread)
        for j, kind in enumerate(["me_too", "helpful", "support"])
    )
    client.force_login(world.member)
    client.get(thread.get_absolute_url())
    # session, user, thread (author, community, program), replies with their authors,
    # membership, agreement, roles, program staff, unread notifications, the visit, the
    # group's active members (names for reactions and mentions), the reactions with their
    # people.
    with django_assert_max_num_queries(16):
        html = client.get(thread.get_absolute_url()).content.decode()
    assert html.count('class="reactions"') == 202
    assert html.count('<strong class="mention">@Mina Member</strong>') == 200


def test_who_reacted_reaches_the_groups_members_only(client: Client, world: World) -> None:
    """A leak marker for who reacted. Not in the shared leak test: a reactor is named by
    their name, which a coordinator legitimately reads on the group's roster and staff in
    the admin's accounts, so here every route that shows reactions or suggests names is
    read as each persona, and the marker must appear for the group's members only."""
    thread, reply = _thread(world)
    name = marker("conversations.reaction_by")
    reactor = make_member(world.community, UserFactory(name=name))
    reactions.check_toggle_reaction(user=reactor, post=reply, kind="me_too")
    reactions.check_toggle_reaction(user=reactor, post=thread, kind="helpful")
    reads = [
        ("get", thread.get_absolute_url(), {}),
        ("get", f"/api/v1/threads/{thread.pk}/reactions", {}),
        ("get", f"/api/v1/replies/{reply.pk}/reactions", {}),
        ("get", reverse("conversations:mention_suggestions", args=[world.community.pk]), {}),
        ("get", f"/api/v1/communities/{world.community.pk}/mention-suggestions", {}),
    ]
    for persona in PERSONAS:
        user = world.persona(persona)
        client.logout()
        if user is not None:
            client.force_login(user)
        seen = [
            url
            for method, url, data in reads
            if name in getattr(client, method)(url, data).content.decode()
        ]
        # The React button's answer, as htmx asks for it (toggled twice: nothing changes).
        react = reverse("conversations:react", args=["reply", reply.pk])
        for _ in range(2):
            answer = client.post(react, {"reaction": "idea"}, headers={"HX-Request": "true"})
            if name in answer.content.decode():
                seen.append(react)
        if persona in {"member", "facilitator"}:
            assert len(seen) == len(reads) + 2, (persona, seen)
        else:
            assert seen == [], (persona, seen)
    assert Reaction not in admin.site._registry
