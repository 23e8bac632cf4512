"""Attaching a picture to a reply on a small phone: chosen, one file taken off again, sent,
and the picture shown in the reply, described for those who cannot see it."""

from __future__ import annotations

import io
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from conftest import World
from fireside.conversations import actions
from fireside.conversations.models import Reply
from fireside.demo.factories import PASSWORD
from fireside.lib.tests.browser import check_phone_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _picture() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1200, 800), (40, 110, 70)).save(out, "JPEG")
    return out.getvalue()


def test_a_member_replies_with_a_picture_and_sees_it_inline(
    live_server: Any, phone: Any, world: World, tmp_path: Any, settings: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    page, base = phone, live_server.url
    thread = actions.check_start_thread(
        author=world.facilitator,
        community=world.community,
        title="Reading corners",
        body="Show us yours?",
        kind="question",
    )
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email address").fill(world.member.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(base + thread.get_absolute_url())
    page.get_by_label("Your reply").fill("Ours, after the cushions came.")
    page.get_by_label("Attach pictures or files (optional)").set_input_files(
        [
            {"name": "corner.jpg", "mimeType": "image/jpeg", "buffer": _picture()},
            {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"Cushions\n"},
        ]
    )
    chosen = page.locator(".attachment-chosen li")
    expect(chosen).to_have_count(2)
    page.get_by_role("button", name="Remove notes.txt").click()
    expect(chosen).to_have_count(1)
    page.get_by_label("Describe your pictures (optional)").fill("Two beanbags by the window")
    check_phone_page(page, "phone-attachments-chosen")
    page.get_by_role("button", name="Send reply").click()
    picture = page.get_by_role("img", name="Two beanbags by the window")
    expect(picture).to_be_visible()
    assert picture.evaluate("img => img.naturalWidth") == 480
    reply = Reply.objects.get()
    assert [a.filename for a in reply.attachments.all()] == ["corner.webp"]
    page.locator(f"#reply-{reply.pk}").scroll_into_view_if_needed()
    check_phone_page(page, "phone-attachments-thread")
