"""Threads, replies, edits with history, flags, hiding and recognition."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import World
from fireside.communities.actions import do_update_agreement
from fireside.conversations import actions
from fireside.conversations.models import Flag, Recognition, Reply, Revision, Thread
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, Unprocessable

pytestmark = pytest.mark.django_db


@pytest.fixture
def commits(django_capture_on_commit_callbacks: Any) -> Any:
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _thread(world: World, **kwargs: Any) -> Thread:
    fields = {"title": "Rainy-day ideas?", "body": "What works *indoors*?", "kind": "question"}
    return actions.check_start_thread(
        author=world.member, community=world.community, **{**fields, **kwargs}
    )


def test_it_starts_a_thread_with_safe_html(world: World) -> None:
    thread = _thread(world, body="Hi <script>alert(1)</script> [x](javascript:alert(1))")
    assert "<script" not in thread.body_html
    assert 'href="javascript' not in thread.body_html  # left as plain text, not a link
    assert thread.last_activity_at is not None and not thread.is_settled


@pytest.mark.parametrize(
    "fields",
    [
        {"kind": "rant"},
        {"kind": None},
        {"title": " "},
        {"body": ""},
        {"title": "x" * 201},
        {"body": "x" * 20_001},
        {"body": "nul \x00 byte"},
    ],
)
def test_it_refuses_bad_threads_and_writes_nothing(world: World, fields: dict[str, Any]) -> None:
    with pytest.raises(InvalidInput):
        _thread(world, **fields)
    assert not Thread.objects.exists()


def test_only_members_with_the_current_agreement_post(world: World) -> None:
    for outsider in (world.waitlisted, world.outsider, world.coordinator, world.mentor):
        with pytest.raises(NotAllowed):
            actions.check_start_thread(
                author=outsider, community=world.community, title="t", body="b", kind="idea"
            )
    do_update_agreement(actor=world.facilitator, community=world.community, text="New rules.")
    with pytest.raises(NotAllowed, match="agreement has changed"):
        _thread(world)
    assert not Thread.objects.exists()


def test_a_reply_moves_the_thread_up(world: World) -> None:
    old = _thread(world, title="Old")
    new = _thread(world, title="New")
    actions.check_reply(author=world.facilitator, thread=old, body="Try a mud kitchen.")
    order = list(Thread.objects.values_list("title", flat=True))
    assert order == ["Old", "New"]
    assert new.pk  # the newer thread is now second


def test_edits_keep_the_earlier_text_and_close_after_the_window(
    world: World, time_machine: Any, settings: Any
) -> None:
    settings.POST_EDIT_MINUTES = 30
    time_machine.move_to(dt.datetime(2027, 1, 5, 10, 0, tzinfo=dt.UTC), tick=False)
    thread = _thread(world)
    actions.check_edit_post(author=world.member, post=thread, title="Indoor ideas?", body="v2")
    [revision] = Revision.objects.all()
    assert (revision.title, revision.body) == ("Rainy-day ideas?", "What works *indoors*?")
    assert thread.edited_at is not None
    with pytest.raises(NotAllowed):
        actions.check_edit_post(author=world.facilitator, post=thread, title="x", body="y")
    time_machine.move_to(dt.datetime(2027, 1, 5, 10, 31, tzinfo=dt.UTC), tick=False)
    with pytest.raises(NotAllowed, match="30 minutes"):
        actions.check_edit_post(author=world.member, post=thread, title="x", body="late")
    # A hidden post stays editable, so its author can put it right.
    actions.do_hide(actor=world.facilitator, post=thread, reason="Names a child")
    actions.check_edit_post(author=world.member, post=thread, title="Fixed", body="No names")
    assert Revision.objects.count() == 2


def test_flags_reach_the_facilitators_privately(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    thread = _thread(world)
    with commits():
        actions.check_flag(user=world.facilitator, post=thread, reason="Mentions a centre")
    assert [m.to for m in mailoutbox] == [[world.facilitator.email]]
    assert "Mentions a centre" in mailoutbox[0].body
    assert world.member.email not in {m.to[0] for m in mailoutbox}
    with pytest.raises(InvalidInput):
        actions.check_flag(user=world.facilitator, post=thread, reason="  ")
    assert Flag.objects.count() == 1


def test_hiding_tells_the_author_why_and_resolves_flags(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    thread = _thread(world)
    reply = actions.check_reply(author=world.member, thread=thread, body="At Sunny Days…")
    actions.check_flag(user=world.facilitator, post=reply, reason="Names a workplace")
    with commits():
        actions.do_hide(actor=world.facilitator, post=reply, reason="It names a workplace")
    hidden_mail = next(m for m in mailoutbox if m.to == [world.member.email])
    assert "It names a workplace" in hidden_mail.body
    assert not Flag.objects.filter(resolved_at__isnull=True).exists()
    assert Reply.objects.get().is_hidden  # kept, not deleted
    with pytest.raises(Conflict):
        actions.do_hide(actor=world.facilitator, post=reply, reason="again")
    actions.do_unhide(actor=world.facilitator, post=reply)
    assert not Reply.objects.get().is_hidden


def test_only_questions_are_answered(world: World) -> None:
    question = _thread(world)
    actions.do_mark_answered(actor=world.member, thread=question, answered=True)
    assert question.is_settled
    with pytest.raises(Unprocessable):
        actions.do_mark_answered(
            actor=world.member, thread=_thread(world, kind="idea"), answered=True
        )


def test_recognition_is_a_note_between_members(
    world: World, mailoutbox: list[Any], commits: Any
) -> None:
    with commits():
        actions.check_recognise(
            giver=world.member,
            community=world.community,
            receiver=world.facilitator,
            note="Your loose-parts list saved my Monday.",
        )
    assert Recognition.objects.get().to_user == world.facilitator
    assert "saved my Monday" in mailoutbox[0].body
    with pytest.raises(InvalidInput):
        actions.check_recognise(
            giver=world.member, community=world.community, receiver=world.member, note="me!"
        )
    with pytest.raises(Unprocessable):
        actions.check_recognise(
            giver=world.member, community=world.community, receiver=world.outsider, note="hi"
        )


def test_erasure_keeps_posts_under_a_former_member(world: World) -> None:
    from fireside.accounts.actions import do_erase_user, export_user_data

    thread = _thread(world)
    assert export_user_data(user=world.member)["threads"][0]["title"] == "Rainy-day ideas?"
    do_erase_user(user=world.member)
    thread.refresh_from_db()
    assert thread.body == "What works *indoors*?"
    assert thread.author is not None and thread.author.display_name == "A former member"
