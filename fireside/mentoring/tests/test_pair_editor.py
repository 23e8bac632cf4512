"""A peer pair's message editor (issue 21, part 7): preview, drafts kept on the server and
restored on another device, quoting, all without JavaScript too; and the unread markers (the
"New" divider, "new since your last visit", "Mark as read", counts where pairs are listed)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.actions import do_erase_user
from fireside.accounts.personal_data import export
from fireside.demo.factories import UserFactory, make_member
from fireside.lib.editor import PER_MINUTE
from fireside.mentoring import pair_drafts, pair_messages
from fireside.mentoring.actions import do_end_pairing
from fireside.mentoring.message_models import BODY_MAX, PairDraft
from fireside.mentoring.models import Pairing
from fireside.mentoring.tests.factories import make_pairing

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world: World) -> Pairing:
    return make_pairing(world.community, world.member, world.facilitator)


def client_for(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def url(name: str, pair: Pairing) -> str:
    return reverse(f"mentoring:{name}", args=[pair.pk])


def text_of(response: Any) -> str:
    return str(response.content.decode())


# --- Without JavaScript ---------------------------------------------------------------------


def test_preview_shows_the_sanitised_markdown_and_sends_nothing(
    world: World, pair: Pairing
) -> None:
    mina = client_for(world.member)
    body = "See you **Thursday** <script>alert(1)</script>"
    response = mina.post(url("messages", pair), {"body": body, "editor": "preview"})
    html = text_of(response)
    assert response.status_code == 200
    assert "<strong>Thursday</strong>" in html and "<script>alert(1)" not in html
    assert "Nothing is posted yet." in html
    assert "See you **Thursday**" in html  # the form comes back as typed
    assert not pair.messages.exists()


def test_a_saved_draft_comes_back_on_another_device_and_goes_when_sent(
    world: World, pair: Pairing
) -> None:
    response = client_for(world.member).post(
        url("messages", pair), {"body": "Half a thought", "editor": "save"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#latest")
    elsewhere = client_for(world.member)  # another device: another session
    html = text_of(elsewhere.get(url("messages", pair)))
    assert "Half a thought</textarea>" in html and "Your draft from" in html
    # Never the partner's.
    assert "Half a thought" not in text_of(client_for(world.facilitator).get(url("messages", pair)))
    response = elsewhere.post(url("messages", pair), {"body": "Half a thought, finished."})
    assert response.status_code == 302
    assert not PairDraft.objects.exists()
    assert pair.messages.get().body == "Half a thought, finished."


def test_discard_drops_the_draft(world: World, pair: Pairing) -> None:
    pair_drafts.check_save_draft(user=world.member, pairing=pair, body="Never mind")
    response = client_for(world.member).post(
        url("messages", pair), {"body": "Never mind", "editor": "discard"}
    )
    assert response.status_code == 302 and not PairDraft.objects.exists()


def test_quote_opens_the_form_with_the_message_quoted(world: World, pair: Pairing) -> None:
    m = pair_messages.check_send_message(
        author=world.facilitator, pairing=pair, body="Coffee?\nOr a walk?"
    )
    mina = client_for(world.member)
    html = text_of(mina.get(url("messages", pair) + f"?quote=message-{m.pk}"))
    name = world.facilitator.display_name
    assert f"{name} wrote:\n&gt; Coffee?\n&gt; Or a walk?" in html
    assert f'href="?quote=message-{m.pk}#latest"' in html
    # A message of another pair is not quoted, not even its existence.
    someone = make_member(world.community, UserFactory())
    other = make_pairing(world.community, someone, make_member(world.community, UserFactory()))
    theirs = pair_messages.check_send_message(author=someone, pairing=other, body="Ours")
    html = text_of(mina.get(url("messages", pair) + f"?quote=message-{theirs.pk}"))
    assert "Ours" not in html


# --- With JavaScript: the small endpoints -------------------------------------------------


def test_the_endpoints_preview_and_save_for_the_pair_only(world: World, pair: Pairing) -> None:
    mina = client_for(world.member)
    response = mina.post(url("message_preview", pair), {"body": "_hi_"})
    assert response.status_code == 200 and "<em>hi</em>" in text_of(response)
    response = mina.post(url("message_draft", pair), {"body": "typing…"})
    assert response.status_code == 200 and response.json()["saved"] is True
    assert PairDraft.objects.get().body == "typing…"
    response = mina.post(url("message_draft", pair), {"body": "   "})
    assert response.json() == {"saved": False, "message": ""}
    assert not PairDraft.objects.exists()
    for who in (world.outsider, world.staff, world.coordinator, world.mentor):
        c = client_for(who)
        assert c.post(url("message_preview", pair), {"body": "x"}).status_code in {403, 404}
        assert c.post(url("message_draft", pair), {"body": "x"}).status_code in {403, 404}
    assert not PairDraft.objects.exists()


@pytest.mark.parametrize(
    ("body", "status"),
    [("x" * (BODY_MAX + 1), 422), ("x" * (2 * BODY_MAX + 1), 413), ("a\x00b", 422)],
)
def test_bad_drafts_are_refused_and_nothing_is_kept(
    world: World, pair: Pairing, body: str, status: int
) -> None:
    response = client_for(world.member).post(url("message_draft", pair), {"body": body})
    assert response.status_code == status and response.json()["detail"]
    assert not PairDraft.objects.exists()


def test_saves_are_rate_limited(world: World, pair: Pairing) -> None:
    mina = client_for(world.member)
    codes = [
        mina.post(url("message_draft", pair), {"body": "hi"}).status_code
        for _ in range(PER_MINUTE + 1)
    ]
    assert codes[-1] == 429 and set(codes[:-1]) == {200}


def test_an_ended_pair_keeps_no_draft_and_takes_none(world: World, pair: Pairing) -> None:
    pair_drafts.check_save_draft(user=world.member, pairing=pair, body="Unsent")
    do_end_pairing(actor=world.facilitator, pairing=pair)
    assert not PairDraft.objects.exists()
    response = client_for(world.member).post(url("message_draft", pair), {"body": "Again"})
    assert response.status_code == 422 and not PairDraft.objects.exists()
    html = text_of(client_for(world.member).get(url("messages", pair)))
    assert "data-editor" not in html


def test_drafts_are_exported_and_erased(world: World, pair: Pairing) -> None:
    pair_drafts.check_save_draft(user=world.member, pairing=pair, body="Mine to keep")
    data = export(world.member)
    [row] = data["peer_message_drafts"]
    assert row["body"] == "Mine to keep" and row["pairing_id"] == pair.pk
    assert "Mine to keep" not in str(export(world.facilitator))
    do_erase_user(user=world.member)
    assert not PairDraft.objects.exists()


# --- Unread -----------------------------------------------------------------------------------


def test_the_partner_sees_the_divider_at_the_first_new_message(world: World, pair: Pairing) -> None:
    pair_messages.check_send_message(author=world.facilitator, pairing=pair, body="Old news")
    mina = client_for(world.member)
    mina.get(url("messages", pair))
    pair_messages.check_send_message(author=world.facilitator, pairing=pair, body="Fresh one")
    pair_messages.check_send_message(author=world.facilitator, pairing=pair, body="Fresh two")
    html = text_of(mina.get(url("messages", pair)))
    assert "New since your last visit:" in html and 'href="#first-unread"' in html
    assert html.count('id="first-unread"') == 1
    assert html.index("Old news") < html.index('id="first-unread"') < html.index("Fresh one")
    # Opened: nothing is new any more.
    assert 'id="first-unread"' not in text_of(mina.get(url("messages", pair)))


def test_mark_as_read_from_the_pair_page_and_the_list(world: World, pair: Pairing) -> None:
    mina = client_for(world.member)
    pair_messages.check_send_message(author=world.facilitator, pairing=pair, body="One")
    for page, back in ((url("pair", pair), ""), (reverse("mentoring:mine"), "mine")):
        html = text_of(mina.get(page))
        assert "1 new message" in html and url("mark_messages_read", pair) in html
        assert f"{url('messages', pair)}#first-unread" in html
        response = mina.post(url("mark_messages_read", pair), {"back": back})
        assert response.status_code == 302 and response["Location"] == page
        assert pair_messages.unread_count(world.member, pair) == 0
        assert "new message" not in text_of(mina.get(page))
        pair_messages.check_send_message(author=world.facilitator, pairing=pair, body="Two")


def test_the_member_home_counts_new_messages_within_its_budget(
    world: World, pair: Pairing, django_assert_max_num_queries: Any
) -> None:
    for body in ("a", "b", "c"):
        pair_messages.check_send_message(author=world.facilitator, pairing=pair, body=body)
    mina = client_for(world.member)
    with django_assert_max_num_queries(16):
        html = text_of(mina.get("/"))
    assert "3 new messages" in html and f"{url('messages', pair)}#first-unread" in html


def test_the_pair_page_stays_within_its_budget_with_new_messages_and_a_draft(
    world: World, pair: Pairing, django_assert_max_num_queries: Any
) -> None:
    pair_messages.check_send_message(author=world.facilitator, pairing=pair, body="a")
    pair_drafts.check_save_draft(user=world.member, pairing=pair, body="draft")
    mina = client_for(world.member)
    with django_assert_max_num_queries(13):
        html = text_of(mina.get(url("pair", pair)))
    assert "1 new message" in html


@pytest.mark.parametrize(
    ("language", "said"),
    [("en", "Draft saved at 4:22 p.m."), ("fr-ca", "Brouillon enregistré à 16\xa0h\xa022.")],
)
def test_the_saved_line_ends_with_one_full_stop(
    world: World, pair: Pairing, time_machine: Any, language: str, said: str
) -> None:
    time_machine.move_to("2026-11-18 16:22:05+00:00", tick=False)
    world.member.language, world.member.timezone = language, "UTC"
    world.member.save(update_fields=["language", "timezone"])
    mina = client_for(world.member)
    response = mina.post(url("message_draft", pair), {"body": "typing…"})
    assert response.json()["message"] == said
