"""Writing comfortably: preview, drafts and quoting, without JavaScript (the forms' own
buttons) and with it (the editor's small endpoints)."""

from __future__ import annotations

import datetime as dt
import html
import io
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import World
from fireside.communities.actions import check_leave
from fireside.communities.models import Think
from fireside.conversations import actions, drafts
from fireside.conversations.models import Draft, Reply, Thread
from fireside.lib.editor import PER_MINUTE
from fireside.lib.markdown import render_markdown

pytestmark = pytest.mark.django_db


def _thread(world: World) -> Thread:
    return actions.check_start_thread(
        author=world.facilitator,
        community=world.community,
        title="Rainy days",
        body="Puddles are *fine*.\n\nBring boots.",
        kind="idea",
    )


def test_preview_shows_the_page_rendering_and_posts_nothing(client: Client, world: World) -> None:
    client.force_login(world.member)
    page = client.post(
        reverse("conversations:new", args=[world.community.pk]),
        {
            "editor": "preview",
            "kind": "idea",
            "title": "Sand",
            "body": "**Wet** sand <script>alert(1)</script> [x](javascript:alert(1))",
        },
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "<strong>Wet</strong> sand" in text
    assert "<script>alert" not in text and 'href="javascript' not in text
    assert "Nothing is posted yet" in text
    # The text is still in the form, ready to post.
    assert "**Wet** sand" in html.unescape(text)
    assert not Thread.objects.exists()


def test_preview_on_the_edit_form(client: Client, world: World) -> None:
    thread = actions.check_start_thread(
        author=world.member, community=world.community, title="T", body="b", kind="idea"
    )
    client.force_login(world.member)
    url = reverse("conversations:edit", args=["thread", thread.pk])
    page = client.post(url, {"editor": "preview", "title": "T", "body": "_changed_"})
    assert "<em>changed</em>" in page.content.decode()
    thread.refresh_from_db()
    assert thread.body == "b"


def test_a_saved_draft_comes_back_and_goes_when_posted(client: Client, world: World) -> None:
    thread = _thread(world)
    client.force_login(world.member)
    url = thread.get_absolute_url()
    response = client.post(url, {"editor": "save", "body": "Half a thought"})
    assert response.status_code == 302 and response["Location"].endswith("#reply-title")
    assert Draft.objects.get(user=world.member, thread=thread).body == "Half a thought"
    # Another device: the same account opens the thread.
    other = Client()
    other.force_login(world.member)
    text = other.get(url).content.decode()
    assert "Your draft from" in text, text[:300]
    assert ">\nHalf a thought</textarea>" in text
    # Nobody else sees it, the group's facilitator included.
    client.force_login(world.facilitator)
    assert "Half a thought" not in client.get(url).content.decode()
    other.post(url, {"body": "Half a thought, finished."})
    assert Reply.objects.get().body == "Half a thought, finished."
    assert not Draft.objects.exists()


def test_a_new_thread_draft_keeps_its_title_and_can_be_discarded(
    client: Client, world: World
) -> None:
    client.force_login(world.member)
    url = reverse("conversations:new", args=[world.community.pk])
    client.post(url, {"editor": "save", "kind": "idea", "title": "Loose parts", "body": ""})
    draft = Draft.objects.get()
    assert (draft.title, draft.thread) == ("Loose parts", None)
    assert 'value="Loose parts"' in client.get(url).content.decode()
    response = client.post(url, {"editor": "discard"})
    assert response.status_code == 302
    assert not Draft.objects.exists()


def test_a_draft_over_the_limit_is_refused_with_the_text_kept(client: Client, world: World) -> None:
    thread = _thread(world)
    client.force_login(world.member)
    page = client.post(thread.get_absolute_url(), {"editor": "save", "body": "x" * 20_001})
    assert page.status_code == 200
    assert "the limit is 20,000" in page.content.decode()
    assert not Draft.objects.exists() and not Reply.objects.exists()


def test_the_editor_endpoints_preview_and_save(client: Client, world: World) -> None:
    thread = _thread(world)
    client.force_login(world.member)
    preview = reverse("conversations:preview", args=[world.community.pk])
    response = client.post(preview, {"body": "- one\n- <b>two</b>"})
    assert response.status_code == 200
    assert response.content.decode().startswith("<ul>")
    assert "<b>" not in response.content.decode()
    save = reverse("conversations:reply_draft", args=[thread.pk])
    response = client.post(save, {"body": "Typing…"})
    assert response.json()["saved"] is True
    assert response.json()["message"].startswith("Draft saved at")
    assert client.post(save, {"body": "x" * 20_001}).status_code == 422
    assert client.post(save, {"body": "x" * 50_000}).status_code == 413
    assert client.post(preview, {"body": "x" * 200_000}).status_code == 413
    assert Draft.objects.get().body == "Typing…"
    # Emptied: no draft left.
    assert client.post(save, {"body": "  "}).json()["saved"] is False
    assert not Draft.objects.exists()
    new = reverse("conversations:thread_draft", args=[world.community.pk])
    assert client.post(new, {"title": "Idea", "body": ""}).status_code == 200
    assert Draft.objects.get().title == "Idea"


@pytest.mark.parametrize("persona", ["outsider", "mentor", "coordinator", "staff", "waitlisted"])
def test_the_editor_endpoints_are_for_members_only(
    client: Client, world: World, persona: str
) -> None:
    thread = _thread(world)
    client.force_login(world.persona(persona))
    for url in [
        reverse("conversations:preview", args=[world.community.pk]),
        reverse("conversations:reply_draft", args=[thread.pk]),
        reverse("conversations:thread_draft", args=[world.community.pk]),
    ]:
        assert client.post(url, {"body": "Hello"}).status_code in (403, 404)
    assert not Draft.objects.exists()


def test_previews_are_rate_limited(client: Client, world: World) -> None:
    client.force_login(world.member)
    url = reverse("conversations:preview", args=[world.community.pk])
    codes = [client.post(url, {"body": "hi"}).status_code for _ in range(PER_MINUTE + 1)]
    assert codes[:-1] == [200] * PER_MINUTE and codes[-1] == 429


def test_quote_prefills_the_reply_with_the_post(client: Client, world: World) -> None:
    thread = _thread(world)
    client.force_login(world.member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert f'?quote=thread-{thread.pk}#reply-title"' in page
    text = client.get(f"{thread.get_absolute_url()}?quote=thread-{thread.pk}").content.decode()
    expected = "Fay Facilitator wrote:\n> Puddles are *fine*.\n>\n> Bring boots.\n\n"
    assert f">\n{expected}</textarea>" in html.unescape(text).replace("\r\n", "\n")


def test_quote_refuses_hidden_posts_and_other_threads(client: Client, world: World) -> None:
    thread, elsewhere = _thread(world), _thread(world)
    reply = actions.check_reply(author=world.facilitator, thread=thread, body="Secret-ish")
    actions.do_hide(actor=world.facilitator, post=reply, reason="Names")
    client.force_login(world.member)
    for quote in [f"reply-{reply.pk}", f"thread-{elsewhere.pk}", "reply-x", "user-1"]:
        text = client.get(f"{thread.get_absolute_url()}?quote={quote}").content.decode()
        assert "</textarea>" in text and "wrote:\n" not in html.unescape(text), quote


def test_leaving_the_group_and_time_take_drafts_away(world: World) -> None:
    thread = _thread(world)
    drafts.check_save_draft(
        user=world.member, community=world.community, thread=thread, title="", body="Mine"
    )
    drafts.check_save_draft(
        user=world.facilitator, community=world.community, thread=None, title="Old", body=""
    )
    check_leave(user=world.member, community=world.community)
    assert list(Draft.objects.values_list("title", flat=True)) == ["Old"]
    with time_machine.travel(timezone.now() + dt.timedelta(days=drafts.DRAFT_DAYS - 1)):
        call_command("forget_old_drafts", stdout=io.StringIO())
        assert Draft.objects.count() == 1
    with time_machine.travel(timezone.now() + dt.timedelta(days=drafts.DRAFT_DAYS + 1)):
        assert drafts.forget_old_drafts() == 1
    assert not Draft.objects.exists()


def test_the_api_keeps_my_drafts_and_previews(client: Client, world: World) -> None:
    from fireside.api.tests.test_conversations_api import call

    thread = _thread(world)
    mine = f"/api/v1/threads/{thread.pk}/draft"
    assert call(client, "GET", mine, world.member).json() == {
        "title": "",
        "body": "",
        "updated_at": None,
    }
    response = call(client, "PUT", mine, world.member, {"body": "Soon"})
    assert response.status_code == 200 and response.json()["body"] == "Soon"
    assert call(client, "GET", mine, world.facilitator).json()["body"] == ""
    assert call(client, "PUT", mine, world.member, {"body": "x" * 20_001}).status_code == 422
    assert call(client, "DELETE", mine, world.member).status_code == 204
    assert not Draft.objects.exists()
    group = f"/api/v1/communities/{world.community.pk}/draft"
    call(client, "PUT", group, world.member, {"title": "Hi", "body": "There"})
    assert call(client, "GET", group, world.member).json()["title"] == "Hi"
    assert call(client, "GET", group, world.outsider).status_code == 404
    preview = call(
        client,
        "POST",
        f"/api/v1/communities/{world.community.pk}/preview",
        world.member,
        {"body": "> quoted"},
    )
    assert preview.json() == {"body_html": "<blockquote>\n<p>quoted</p>\n</blockquote>\n"}


def test_draft_rows_are_in_the_export(world: World) -> None:
    from fireside.accounts.personal_data import sections

    drafts.check_save_draft(
        user=world.member, community=world.community, thread=None, title="T", body="B"
    )
    section = next(s for s in sections() if s.name == "drafts")
    assert [r["title"] for r in section.export(world.member)] == ["T"]


@given(body=st.text(max_size=300), name=st.text(min_size=1, max_size=40).filter(str.strip))
@settings(max_examples=150, deadline=None)
def test_a_quote_is_always_a_blockquote_under_its_intro(body: str, name: str) -> None:
    """Whatever the post says (stray `>`, HTML, blank lines), quoting it keeps every line
    inside the quote, and the rendering stays the sanitised one."""
    from types import SimpleNamespace

    post: Any = SimpleNamespace(author=SimpleNamespace(display_name=name), body=body)
    text = drafts.quoted(post)
    intro, *lines = text.rstrip("\n").split("\n")
    assert intro == f"{' '.join(name.split())} wrote:"
    assert all(line.startswith(">") for line in lines)
    assert text.endswith("\n\n")
    rendered = render_markdown(text)
    assert "<script" not in rendered and "onerror" not in rendered.replace("&", "")


@pytest.mark.parametrize(
    ("at", "language", "said"),
    [
        ("16:22", "en", "Draft saved at 4:22 p.m."),
        ("09:05", "en", "Draft saved at 9:05 a.m."),
        ("12:00", "en", "Draft saved at noon."),
        ("16:22", "fr-ca", "Brouillon enregistré à 16\xa0h\xa022."),
    ],
)
def test_the_saved_line_ends_with_one_full_stop_in_both_languages(
    client: Client, world: World, at: str, language: str, said: str
) -> None:
    thread = _thread(world)
    world.member.language, world.member.timezone = language, "UTC"
    world.member.save(update_fields=["language", "timezone"])
    client.force_login(world.member)
    save = reverse("conversations:reply_draft", args=[thread.pk])
    with time_machine.travel(f"2026-11-18 {at}:05+00:00", tick=False):
        assert client.post(save, {"body": "Typing…"}).json()["message"] == said


def test_the_cached_reply_form_never_carries_anyones_text(client: Client, world: World) -> None:
    """The empty reply form is kept in the fragments cache and shared: a draft, a quote or a
    refused post's errors are each reader's own, and come with the cache warm."""
    world.community.think = Think.EVERYWHERE
    world.community.save()
    thread = _thread(world)
    url = thread.get_absolute_url()
    client.force_login(world.facilitator)
    empty = client.get(url).content.decode()  # warms the cache
    assert 'name="think"' in empty  # the group asks for the THINK check
    client.force_login(world.member)
    client.post(url, {"editor": "save", "body": "Half a thought"})
    assert ">\nHalf a thought</textarea>" in client.get(url).content.decode()
    client.force_login(world.facilitator)
    assert "Half a thought" not in client.get(url).content.decode()
    quoted = client.get(f"{url}?quote=thread-{thread.pk}").content.decode()
    assert "Puddles" in quoted.split('id="reply-title"')[1]
    assert "Puddles" not in client.get(url).content.decode().split('id="reply-title"')[1]
    refused = client.post(url, {"body": ""}).content.decode()
    assert "error-summary" in refused
    assert "error-summary" not in client.get(url).content.decode()
    world.community.think = Think.OFF
    world.community.save()
    assert 'name="think"' not in client.get(url).content.decode()
