"""The program library: who publishes and reads, what it takes (files by their bytes,
http(s) links only), the pages, search, and the group's resources page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.conversations.tests import files
from fireside.demo.factories import CommunityFactory, ProgramFactory, UserFactory, make_member
from fireside.lib import uploads
from fireside.lib.errors import InvalidInput, NotAllowed
from fireside.library import actions
from fireside.library.access import library_standing
from fireside.library.models import ProgramResource
from fireside.library.tests.factories import make_item, text_file
from fireside.search.models import Entry
from fireside.search.query import search

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def publish(world: World, **kw: Any) -> ProgramResource:
    fields: dict[str, Any] = {"title": "Loose parts, big ideas", "kind": "podcast", **kw}
    fields.setdefault("actor", world.coordinator)
    if "upload" not in fields:
        fields.setdefault("url", "https://example.org/episode-7")
    return actions.check_publish(program=world.program, **fields)


def stranger_of_another_program() -> Any:
    other = CommunityFactory(program=ProgramFactory(name="Elsewhere"))
    return make_member(other)


# Who reads, who publishes ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "reads", "publishes"),
    [
        ("member", True, False),
        ("facilitator", True, False),
        ("outsider", True, False),  # active in a sibling group of the same program
        ("waitlisted", False, False),  # a seat makes a participant
        ("mentor", True, True),
        ("coordinator", True, True),
        ("staff", True, True),
    ],
)
def test_it_says_who_reads_and_who_publishes(
    world: World, persona: str, reads: bool, publishes: bool
) -> None:
    standing = library_standing(world.persona(persona), world.program)
    assert (standing.can_read, standing.can_publish) == (reads, publishes)


def test_nobody_of_another_program_reads_it(world: World) -> None:
    assert not library_standing(stranger_of_another_program(), world.program).can_read


@pytest.mark.parametrize("persona", ["mentor", "coordinator", "staff"])
def test_the_programs_staff_publish(world: World, persona: str) -> None:
    item = publish(world, actor=world.persona(persona))
    assert item.published_by == world.persona(persona)
    event = AuditEvent.objects.get(verb="library.publish")
    assert event.data == {"item_id": item.pk}  # the item, never its words


@pytest.mark.parametrize("persona", ["member", "facilitator", "outsider"])
def test_participants_do_not_publish(world: World, persona: str) -> None:
    with pytest.raises(NotAllowed):
        publish(world, actor=world.persona(persona))
    assert not ProgramResource.objects.exists() and not Entry.objects.exists()


def test_a_mentor_changes_their_own_and_a_coordinator_anything(world: World) -> None:
    cora_s = publish(world)
    megs = publish(world, actor=world.mentor, title="Meg's pick")
    fields = {"title": "Renamed", "kind": "reading", "url": "https://example.org/x"}
    with pytest.raises(NotAllowed):
        actions.check_edit(actor=world.mentor, item=cora_s, **fields)
    with pytest.raises(NotAllowed):
        actions.check_remove(actor=world.mentor, item=cora_s)
    actions.check_edit(actor=world.mentor, item=megs, **fields)
    actions.check_edit(actor=world.coordinator, item=megs, **{**fields, "title": "Again"})
    megs.refresh_from_db()
    assert megs.title == "Again" and megs.kind == "reading"
    actions.check_remove(actor=world.coordinator, item=megs)
    assert list(ProgramResource.objects.all()) == [cora_s]


# What it takes -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/file",
        "example.org",
        "https://" + "a" * 500 + ".org",
    ],
)
def test_it_refuses_a_link_that_is_not_http(world: World, url: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        publish(world, url=url)
    assert "url" in refused.value.errors
    assert not ProgramResource.objects.exists()


def test_it_takes_a_file_checked_like_a_groups_resource(world: World, media: Path) -> None:
    item = publish(world, upload=SimpleUploadedFile("guide.pdf", files.pdf()), kind="reading")
    assert item.content_type == "application/pdf" and item.filename == "guide.pdf"
    assert item.file.name.startswith("library/") and "guide" not in item.file.name
    assert len(stored_files(media)) == 1


def test_a_disguised_file_is_refused_and_nothing_stored(world: World, media: Path) -> None:
    with pytest.raises(uploads.UnsupportedType):
        publish(world, upload=SimpleUploadedFile("report.pdf", files.png()))
    with pytest.raises(uploads.UnsupportedType):
        publish(world, upload=SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03\x00\x00\x00"))
    assert not ProgramResource.objects.exists() and stored_files(media) == []


def test_an_oversized_file_is_refused_and_nothing_stored(
    world: World, media: Path, settings: Any
) -> None:
    settings.UPLOAD_MAX_BYTES = 2048
    with pytest.raises(uploads.TooLarge):
        publish(world, upload=text_file("big.txt", b"x" * 2049))
    assert not ProgramResource.objects.exists() and stored_files(media) == []


def test_a_file_and_a_link_together_or_neither_are_refused(world: World) -> None:
    with pytest.raises(InvalidInput):
        publish(world, upload=text_file(), url="https://example.org/")
    with pytest.raises(InvalidInput):
        publish(world, url="")


def test_it_refuses_bad_text_and_choices_without_cutting(world: World) -> None:
    with pytest.raises(InvalidInput) as long:
        publish(world, description="x" * 1001)
    assert "1,001" in long.value.message
    with pytest.raises(InvalidInput):
        publish(world, kind="novel")
    with pytest.raises(InvalidInput):
        publish(world, language="de")
    with pytest.raises(InvalidInput):
        publish(world, title="   ")
    assert not ProgramResource.objects.exists()


def test_its_description_is_markdown_made_safe(client: Client, world: World) -> None:
    publish(world, description="**Listen** <script>alert(1)</script> [x](javascript:alert(1))")
    client.force_login(world.member)
    page = client.get(reverse("library:list", args=[world.program.pk])).content.decode()
    assert "<strong>Listen</strong>" in page
    assert "<script>alert(1)" not in page and 'href="javascript:' not in page


# Search ----------------------------------------------------------------------------------


def test_search_finds_it_for_its_readers_only(world: World) -> None:
    publish(world, description="Why puddles matter to toddlers")
    for persona in ("member", "facilitator", "outsider", "mentor", "coordinator"):
        hits = search(world.persona(persona), "puddles")
        assert [h.type for h in hits] == ["library"], persona
        assert hits[0].url.startswith(reverse("library:list", args=[world.program.pk]))
        assert (hits[0].community, hits[0].program) == (None, world.program.pk)
    for person in (world.waitlisted, stranger_of_another_program(), UserFactory()):
        assert search(person, "puddles") == []


def test_search_follows_edits_and_removal(world: World) -> None:
    item = publish(world, description="Puddles")
    actions.check_edit(
        actor=world.coordinator,
        item=item,
        title="Mud kitchens",
        kind="reading",
        url="https://example.org/mud",
        description="Spoons and pots",
    )
    assert search(world.member, "puddles") == []
    assert [h.title for h in search(world.member, "spoons")] == ["Mud kitchens"]
    actions.check_remove(actor=world.coordinator, item=item)
    assert search(world.member, "spoons") == [] and not Entry.objects.exists()


def test_search_still_keeps_groups_apart(world: World) -> None:
    """A program entry beside group entries: a sibling group's thread stays its own."""
    from fireside.conversations import actions as talk

    publish(world, description="Puddles for everyone")
    talk.check_start_thread(
        author=world.outsider,
        community=world.other_community,
        title="Puddles",
        body="Ours only",
        kind="idea",
    )
    assert [h.type for h in search(world.member, "puddles")] == ["library"]
    assert sorted(h.type for h in search(world.outsider, "puddles")) == ["library", "thread"]


# Pages -----------------------------------------------------------------------------------


def test_the_library_page_filters_by_kind_and_words(client: Client, world: World) -> None:
    publish(world, title="Episode on loose parts", kind="podcast")
    publish(world, title="A reading on risky play", kind="reading")
    client.force_login(world.member)
    url = reverse("library:list", args=[world.program.pk])
    page = client.get(url).content.decode()
    assert "Episode on loose parts" in page and "A reading on risky play" in page
    page = client.get(url, {"kind": "reading"}).content.decode()
    assert "Episode on loose parts" not in page and "A reading on risky play" in page
    page = client.get(url, {"q": "loose"}).content.decode()
    assert "Episode on loose parts" in page and "A reading on risky play" not in page
    # Junk filters are ignored, never a 500.
    assert client.get(url, {"kind": "novel", "q": "x" * 500}).status_code == 200
    assert "Edit" not in page and reverse("library:new", args=[world.program.pk]) not in page


def test_the_library_page_has_a_fixed_query_count(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    client.force_login(world.coordinator)
    url = reverse("library:list", args=[world.program.pk])
    make_item(world.program, world.mentor)
    # session, user, program, program staff roles, count, page (+publishers),
    # unread notifications
    with django_assert_num_queries(7):
        small = client.get(url)
    for i in range(30):
        make_item(world.program, world.coordinator, title=f"Item {i}")
    with django_assert_num_queries(7):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert large.content.decode().count('class="card"') == 20  # a page
    assert "Page 1 of 2" in large.content.decode()


def test_a_coordinator_publishes_a_link_from_the_page(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    response = client.post(
        reverse("library:new", args=[world.program.pk]),
        {
            "title": "Episode 12: the gift of time",
            "kind": "podcast",
            "language": "both",
            "description": "Twenty minutes, good for a drive.",
            "url": "https://example.org/ep12",
        },
    )
    item = ProgramResource.objects.get()
    assert response.status_code == 302 and response["Location"] == item.get_absolute_url()
    assert item.language == "both" and item.published_by == world.coordinator


def test_the_page_refuses_a_javascript_link_clearly(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    response = client.post(
        reverse("library:new", args=[world.program.pk]),
        {"title": "Bad", "kind": "tool", "language": "en", "url": "javascript:alert(1)"},
    )
    assert response.status_code == 200
    assert "starting with https://" in response.content.decode()
    assert not ProgramResource.objects.exists()


def test_the_page_refuses_an_oversized_file_with_413(
    client: Client, world: World, settings: Any, media: Path
) -> None:
    settings.UPLOAD_MAX_BYTES = 4096
    client.force_login(world.mentor)
    response = client.post(
        reverse("library:new", args=[world.program.pk]),
        {"title": "Big", "kind": "tool", "language": "en", "file": text_file("b.txt", b"x" * 6000)},
    )
    assert response.status_code == 413
    assert not ProgramResource.objects.exists() and stored_files(media) == []


def test_the_page_refuses_a_disguised_file_with_415(client: Client, world: World) -> None:
    client.force_login(world.mentor)
    response = client.post(
        reverse("library:new", args=[world.program.pk]),
        {
            "title": "Sneaky",
            "kind": "tool",
            "language": "en",
            "file": SimpleUploadedFile("notes.pdf", files.png()),
        },
    )
    assert response.status_code == 415 and not ProgramResource.objects.exists()


def test_edit_and_remove_from_the_pages(
    client: Client, world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    item = publish(world, actor=world.mentor, upload=text_file(), kind="tool")
    client.force_login(world.mentor)
    edit = reverse("library:edit", args=[item.pk])
    assert 'name="file"' not in client.get(edit).content.decode()
    response = client.post(edit, {"title": "Notes", "kind": "reading", "language": "fr"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.kind, item.language) == ("Notes", "reading", "fr")
    remove = reverse("library:remove", args=[item.pk])
    assert "will be gone" in client.get(remove).content.decode()
    assert ProgramResource.objects.exists()  # a GET asks, it does not remove
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(remove).status_code == 302
    assert not ProgramResource.objects.exists() and stored_files(media) == []


def test_a_file_downloads_for_readers_only(client: Client, world: World) -> None:
    item = publish(world, upload=text_file(content=b"Ideas.\n"), kind="tool")
    url = reverse("library:download", args=[item.pk])
    client.force_login(world.outsider)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"Ideas.\n"
    assert response["Content-Disposition"].startswith("attachment")
    for person in (world.waitlisted, stranger_of_another_program()):
        client.force_login(person)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to sign in


def test_a_groups_resources_page_shows_the_program_section(client: Client, world: World) -> None:
    for i in range(5):
        publish(world, title=f"Pick {i}")
    make_item(world.program, world.coordinator, title="Pinned pick", pinned=True)
    client.force_login(world.member)
    page = client.get(reverse("conversations:resources", args=[world.community.pk]))
    text = page.content.decode()
    assert "From the program" in text
    assert "Pinned pick" in text and "Pick 4" in text and "Pick 3" in text
    assert "Pick 2" not in text  # the latest few: pinned first, then newest
    assert reverse("library:list", args=[world.program.pk]) in text


def test_the_program_page_links_its_readers_to_the_library(client: Client, world: World) -> None:
    url = reverse("library:list", args=[world.program.pk])
    detail = reverse("programs:detail", args=[world.program.pk])
    client.force_login(world.member)
    assert url in client.get(detail).content.decode()
    client.force_login(world.waitlisted)
    assert url not in client.get(detail).content.decode()
    client.logout()
    assert url not in client.get(detail).content.decode()


def test_personal_data_export_lists_what_they_published(world: World) -> None:
    from fireside.library.personal_data import export_for

    publish(world, title="My pick", description="Worth it")
    assert [e["title"] for e in export_for(world.coordinator)] == ["My pick"]
    assert export_for(world.member) == []


def test_the_sqlite_index_answers_for_the_readers_programs_only(world: World) -> None:
    """The full-text index holds each entry's program too, so it is asked for matches in
    the reader's programs only, not the whole site's (search migration 0006)."""
    from django.db import connection

    publish(world, description="Puddles")
    assert [h.type for h in search(world.member, "puddles")] == ["library"]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for program_id, found in ((world.program.pk, 1), (world.program.pk + 1, 0)):
                cursor.execute(
                    "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?",
                    [f'"puddles" AND program_id : {program_id}'],
                )
                assert cursor.fetchone()[0] == found
