"""Pictures and files attached to posts: the uploads' checks, pictures written again without
their metadata, members-only serving, edits, erasure, the API and the thread page's cost."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from PIL import Image, PngImagePlugin

from conftest import World
from fireside.accounts import personal_data
from fireside.accounts.models import ApiToken
from fireside.communities.models import Membership
from fireside.conversations import actions, attachments
from fireside.conversations.models import Attachment, Reply, Thread
from fireside.conversations.tests import files
from fireside.lib import uploads
from fireside.lib.errors import InvalidInput, NotAllowed

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def photo_with_gps(size: tuple[int, int] = (2400, 1600)) -> bytes:
    """A JPEG as a phone writes it: the camera's make and where it was taken."""
    image = Image.new("RGB", size, (200, 120, 40))
    exif = Image.Exif()
    exif[0x010F] = "SecretCamera"
    exif[GPS_IFD] = {1: "N", 2: (49.0, 15.0, 30.0), 3: "W", 4: (123.0, 6.0, 50.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "Our home is 12 Elm Street")
    out = io.BytesIO()
    Image.new("RGB", (80, 60), (20, 90, 160)).save(out, "PNG", pnginfo=info)
    return out.getvalue()


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def start(world: World, *chosen: SimpleUploadedFile, captions: str = "") -> Thread:
    return attachments.check_start_thread(
        author=world.member,
        community=world.community,
        title="Our reading corner",
        body="How it looks now.",
        kind="update",
        files=chosen,
        captions=captions,
    )


def body_of(response: Any) -> bytes:
    return b"".join(response.streaming_content)


# Pictures are written again from their pixels ---------------------------------------------


def test_a_photo_loses_its_gps_position_and_camera(world: World, media: Path) -> None:
    original = photo_with_gps()
    before = Image.open(io.BytesIO(original)).getexif()
    assert before.get_ifd(GPS_IFD) and b"SecretCamera" in original
    thread = start(world, upload("corner.jpg", original), captions="Cushions by the window")
    item = thread.attachments.get()
    assert item.filename == "corner.webp" and item.content_type == "image/webp"
    assert item.caption == "Cushions by the window" and item.alt == "Cushions by the window"
    assert (item.width, item.height) == (2048, 1365)  # scaled down to its longest side
    for name in item.stored_names():
        data = (media / name).read_bytes()
        written = Image.open(io.BytesIO(data))
        assert written.format == "WEBP"
        assert not written.getexif() and not written.getexif().get_ifd(GPS_IFD)
        assert b"SecretCamera" not in data and b"Exif" not in data
    with Image.open(media / item.thumbnail) as thumb:
        assert thumb.size == item.thumb_size == (480, 320)


def test_a_png_text_chunk_and_trailing_script_are_gone(world: World, media: Path) -> None:
    polyglot = png_with_text() + b"<script>alert('hi')</script>"
    assert b"12 Elm Street" in polyglot
    item = start(world, upload("map.png", polyglot)).attachments.get()
    for name in item.stored_names():
        data = (media / name).read_bytes()
        assert b"Elm Street" not in data and b"<script>" not in data
    assert item.alt == "map.webp"  # no description: the file's name is read out


def test_files_other_than_pictures_are_kept_as_they_came(world: World, media: Path) -> None:
    content = files.pdf()
    item = start(world, upload("plan.pdf", content)).attachments.get()
    assert (item.filename, item.content_type, item.size) == (
        "plan.pdf",
        "application/pdf",
        len(content),
    )
    assert not item.is_image and item.thumbnail == ""
    assert (media / item.file.name).read_bytes() == content


# Refusals: nothing is written -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "status", "words"),
    [
        (
            "x.png",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>x()</script></svg>',
            415,
            "plain text",
        ),
        ("x.jpg", b"<!doctype html><html><script>x()</script></html>", 415, "plain text"),
        ("x.svg", b'<svg xmlns="http://www.w3.org/2000/svg"></svg>', 415, "plain text"),
        ("x.exe", b"MZ\x90\x00\x03\x00\x00\x00", 415, "none of those"),
        ("x.jpg", files.jpeg(), 400, "could not be read"),
        ("x.png", files.pdf(), 415, "it is a PDF"),
    ],
)
def test_disguised_and_broken_files_are_refused(
    world: World, media: Path, name: str, content: bytes, status: int, words: str
) -> None:
    with pytest.raises((InvalidInput, uploads.UnsupportedType)) as refused:
        start(world, upload("fine.pdf", files.pdf()), upload(name, content))
    assert refused.value.status == status
    assert refused.value.message.startswith(f"{name}: ") and words in refused.value.message
    assert list(refused.value.errors) == ["attachments"]
    assert not Thread.objects.exists() and not Attachment.objects.exists()
    assert stored(media) == []


def test_at_most_five_files_on_a_post(world: World, media: Path) -> None:
    with pytest.raises(InvalidInput) as refused:
        start(world, *[upload(f"p{i}.pdf", files.pdf()) for i in range(6)])
    assert "at most 5 files" in refused.value.message
    assert not Thread.objects.exists() and stored(media) == []


def test_a_failed_post_leaves_no_file(world: World, media: Path) -> None:
    with pytest.raises(InvalidInput):
        attachments.check_start_thread(
            author=world.member,
            community=world.community,
            title="",  # refused after the files were checked, before anything is written
            body="b",
            kind="update",
            files=[upload("plan.pdf", files.pdf())],
        )
    Membership.objects.filter(user=world.member).update(status="left")
    with pytest.raises(NotAllowed):  # no longer a member
        start(world, upload("plan.pdf", files.pdf()))
    assert not Thread.objects.exists() and stored(media) == []


# The web: posting, the page, serving ------------------------------------------------------


def _reply(client: Client, thread: Thread, data: dict[str, Any]) -> Any:
    return client.post(
        reverse("conversations:thread", args=[thread.pk]), {"editor": "post", **data}
    )


def test_a_reply_with_a_picture_and_a_file_shows_them_to_members(
    client: Client, world: World
) -> None:
    thread = start(world)
    client.force_login(world.facilitator)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file"' in page and "multiple" in page
    response = _reply(
        client,
        thread,
        {
            "body": "Here is ours.",
            "attachments": [upload("ours.png", png_with_text()), upload("list.txt", b"Cushions\n")],
            "captions": "Our corner, with two beanbags",
        },
    )
    reply = Reply.objects.get()
    assert response.status_code == 302 and response["Location"] == reply.get_absolute_url()
    picture, text = reply.attachments.all()
    client.force_login(world.member)
    page = client.get(thread.get_absolute_url()).content.decode()
    assert (
        f'<a href="{picture.get_absolute_url()}"><img src="{picture.get_thumbnail_url()}"' in page
    )
    assert 'alt="Our corner, with two beanbags"' in page
    assert (
        f'href="{text.get_absolute_url()}" download>list.txt</a>' in page and "(9\xa0bytes)" in page
    )
    full = client.get(picture.get_absolute_url())
    assert full.status_code == 200 and full["Content-Type"] == "image/webp"
    assert (
        full["Content-Disposition"].startswith("inline")
        and full["X-Content-Type-Options"] == "nosniff"
    )
    thumb = client.get(picture.get_thumbnail_url())
    assert Image.open(io.BytesIO(body_of(thumb))).size == picture.thumb_size
    download = client.get(text.get_absolute_url())
    assert body_of(download) == b"Cushions\n"
    assert download["Content-Disposition"] == 'attachment; filename="list.txt"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == "text/plain; charset=utf-8"


def test_a_bad_file_comes_back_by_the_field_and_nothing_is_posted(
    client: Client, world: World, media: Path
) -> None:
    thread = start(world)
    client.force_login(world.member)
    response = _reply(
        client, thread, {"body": "See this", "attachments": [upload("x.png", b"<svg></svg>")]}
    )
    assert response.status_code == 415
    html = response.content.decode()
    assert 'href="#id_attachments"' in html and "x.png: The file&#x27;s name ends in .png" in html
    assert "See this" in html  # the text is still in the form
    assert not Reply.objects.exists() and stored(media) == []


def test_a_30_mb_file_is_refused_with_413(client: Client, world: World, media: Path) -> None:
    thread = start(world)
    client.force_login(world.member)
    big = upload("big.pdf", b"%PDF-1.4\n" + b"x" * (30 * 1024 * 1024))
    response = _reply(client, thread, {"body": "Big one", "attachments": [big]})
    assert response.status_code == 413
    assert "larger than 20 MB" in response.content.decode()
    assert not Reply.objects.exists() and stored(media) == []


def test_a_body_far_over_the_limit_is_refused_unread(
    client: Client, world: World, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 4096
    thread = start(world)
    client.force_login(world.member)
    response = _reply(
        client, thread, {"body": "x", "attachments": [upload("b.txt", b"x" * 200_000)]}
    )
    assert response.status_code == 413 and "larger than 4 KB" in response.content.decode()
    assert not Reply.objects.exists()


def test_the_csrf_check_still_runs(world: World) -> None:
    thread = start(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    assert _reply(client, thread, {"body": "Hello"}).status_code == 403
    assert not Reply.objects.exists()


def test_attachments_are_served_only_to_those_who_see_the_post(
    client: Client, world: World
) -> None:
    item = start(world, upload("plan.txt", b"The plan\n")).attachments.get()
    url = item.get_absolute_url()
    for person in (world.outsider, world.coordinator, world.mentor, world.staff, world.waitlisted):
        client.force_login(person)
        assert client.get(url).status_code in {403, 404}, person
    client.force_login(world.facilitator)
    assert client.get(url).status_code == 200
    actions.do_hide(actor=world.facilitator, post=item.thread, reason="Names a child")
    assert client.get(url).status_code == 200  # the facilitators still see a hidden post
    client.force_login(world.member)
    assert client.get(url).status_code == 200  # and so does its author
    other = make_second_member(world)
    client.force_login(other)
    assert client.get(url).status_code == 404
    Membership.objects.filter(user=world.member).update(status="left")
    client.force_login(world.member)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # sign in first


def make_second_member(world: World) -> Any:
    from fireside.demo.factories import UserFactory, make_member

    return make_member(world.community, UserFactory(email="sam@example.org", name="Sam Second"))


def test_a_hidden_reply_hides_its_attachments(client: Client, world: World) -> None:
    thread = start(world)
    reply = attachments.check_reply(
        author=world.facilitator, thread=thread, body="b", files=[upload("a.txt", b"a\n")]
    )
    actions.do_hide(actor=world.facilitator, post=reply, reason="Off topic")
    item = reply.attachments.get()
    client.force_login(world.member)
    assert client.get(item.get_absolute_url()).status_code == 404
    assert item.get_absolute_url() not in client.get(thread.get_absolute_url()).content.decode()


# Editing, deleting, erasing ---------------------------------------------------------------


def test_editing_keeps_removes_and_adds(
    client: Client, world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    thread = start(world, upload("a.txt", b"a\n"), upload("b.png", files.png()))
    _first, picture = thread.attachments.all()
    client.force_login(world.member)
    url = reverse("conversations:edit", args=["thread", thread.pk])
    page = client.get(url).content.decode()
    assert 'name="remove"' in page and "b.webp" in page and 'type="file"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "editor": "post",
                "title": thread.title,
                "body": "Now with the list.",
                "remove": [picture.pk],
                "attachments": [upload("c.txt", b"c\n")],
            },
        )
    assert response.status_code == 302
    assert [a.filename for a in thread.attachments.all()] == ["a.txt", "c.txt"]
    assert not (media / picture.file.name).exists() and not (media / picture.thumbnail).exists()
    assert len(stored(media)) == 2


def test_an_edit_cannot_go_past_five_or_remove_anothers(world: World) -> None:
    thread = start(world, *[upload(f"{i}.txt", b"x\n") for i in range(4)])
    with pytest.raises(InvalidInput) as refused:
        attachments.check_edit_post(
            author=world.member,
            post=thread,
            body="b",
            title="t",
            files=[upload("e.txt", b"e\n"), upload("f.txt", b"f\n")],
        )
    assert "It has 4 already" in refused.value.message
    other = start(world, upload("o.txt", b"o\n")).attachments.get()
    with pytest.raises(InvalidInput):
        attachments.check_edit_post(
            author=world.member, post=thread, body="b", title="t", remove=[other.pk]
        )
    assert thread.attachments.count() == 4


def test_deleting_a_post_deletes_its_files(
    world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    thread = start(world, upload("a.png", files.png()), upload("b.txt", b"b\n"))
    assert len(stored(media)) == 3
    with django_capture_on_commit_callbacks(execute=True):
        thread.delete()
    assert stored(media) == [] and not Attachment.objects.exists()


def test_erasing_a_person_deletes_their_attachments_and_export_lists_them(
    world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    thread = start(world, upload("a.png", files.png()), captions="Our corner")
    exported = personal_data.export(world.member)["post_attachments"]
    assert [(r["filename"], r["caption"], r["thread_id"]) for r in exported] == [
        ("a.webp", "Our corner", thread.pk)
    ]
    with django_capture_on_commit_callbacks(execute=True):
        personal_data.erase(world.member)
    assert not Attachment.objects.exists() and stored(media) == []
    assert Thread.objects.filter(pk=thread.pk).exists()  # the post stays, without them


# The API ----------------------------------------------------------------------------------


def test_the_api_lists_attachments_and_serves_them_to_members(client: Client, world: World) -> None:
    thread = start(world, upload("plan.txt", b"The plan\n"))
    item = thread.attachments.get()
    token = ApiToken.issue(world.facilitator, name="t")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    data = client.get(f"/api/v1/threads/{thread.pk}", **auth).json()
    url = f"/api/v1/attachments/{item.pk}"
    assert data["attachments"] == [
        {
            "id": item.pk,
            "filename": "plan.txt",
            "content_type": "text/plain; charset=utf-8",
            "size": 9,
            "caption": "",
            "url": url,
        }
    ]
    assert data["replies"] == []
    download = client.get(url, **auth)
    assert body_of(download) == b"The plan\n" and download["X-Content-Type-Options"] == "nosniff"
    outsider = ApiToken.issue(world.outsider, name="o")
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {outsider}").status_code == 404


# The thread page's cost -------------------------------------------------------------------


def test_two_hundred_replies_with_attachments_cost_no_more_queries(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    thread = start(world, upload("a.png", files.png()))
    now = timezone.now()
    replies = Reply.objects.bulk_create(
        Reply(thread=thread, author=world.facilitator, body=f"r{i}", body_html=f"<p>r{i}</p>")
        for i in range(200)
    )
    made = Attachment.objects.bulk_create(
        Attachment(
            reply=r,
            uploader=world.facilitator,
            file=f"attachments/r{r.pk}.txt",
            filename=f"notes-{r.pk}.txt",
            content_type="text/plain; charset=utf-8",
            size=3,
            created_at=now,
        )
        for r in replies
    )
    for reply, item in zip(replies, made, strict=True):
        reply.attached = [attachments.shown(item)]
    Reply.objects.bulk_update(replies, ["attached"])
    client.force_login(world.member)
    client.get(thread.get_absolute_url())
    with django_assert_max_num_queries(15):
        page = client.get(thread.get_absolute_url()).content.decode()
    assert page.count('class="attachment-file"') == 200
