"""Resources: files checked by what they are, links, tags, program-wide sharing, downloads."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.communities.models import Membership
from fireside.conversations import resources
from fireside.conversations.access import get_resource_for, resources_for, resources_visible_to
from fireside.conversations.models import Resource
from fireside.conversations.tests import files
from fireside.demo.factories import CommunityFactory, ProgramFactory, make_member
from fireside.lib import uploads
from fireside.lib.errors import InvalidInput, NotAllowed, Refused
from fireside.search.models import Entry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()]


def share(world: World, content: bytes | None = None, name: str = "f.pdf", **kw: Any) -> Resource:
    fields: dict[str, Any] = {"title": "Loose parts", "provenance": "developed", **kw}
    fields.setdefault("author", world.member)
    if content is not None:
        fields["upload"] = SimpleUploadedFile(name, content)
    return resources.check_share_resource(community=world.community, **fields)


# What a file is, by its bytes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("make", "name", "kind", "mime"),
    [
        (files.pdf, "plan.pdf", "pdf", "application/pdf"),
        (files.png, "set-up.png", "png", "image/png"),
        (files.jpeg, "photo.JPG", "jpeg", "image/jpeg"),
        (files.jpeg, "photo.jpeg", "jpeg", "image/jpeg"),
        (files.gif, "wave.gif", "gif", "image/gif"),
        (files.webp, "shot.webp", "webp", "image/webp"),
        (files.docx, "notes.docx", "docx", f"{uploads._OOXML}.wordprocessingml.document"),
        (
            lambda: files.ooxml("xlsx"),
            "budget.xlsx",
            "xlsx",
            f"{uploads._OOXML}.spreadsheetml.sheet",
        ),
        (
            lambda: files.ooxml("pptx"),
            "talk.pptx",
            "pptx",
            f"{uploads._OOXML}.presentationml.presentation",
        ),
        (lambda: files.odf("text"), "notes.odt", "odt", f"{uploads._ODF}.text"),
        (lambda: files.odf("spreadsheet"), "sums.ods", "ods", f"{uploads._ODF}.spreadsheet"),
        (lambda: files.odf("presentation"), "talk.odp", "odp", f"{uploads._ODF}.presentation"),
        (
            lambda: "Songs for tidy-up time ♪\n".encode(),
            "songs.txt",
            "text",
            "text/plain; charset=utf-8",
        ),
        (lambda: b"# Circle time\n\n- one\n", "circle.md", "text", "text/markdown; charset=utf-8"),
        (lambda: b"name,age\nmud,3\n", "list.csv", "text", "text/csv; charset=utf-8"),
    ],
)
def test_it_knows_each_allowed_type_by_its_bytes(
    make: Callable[[], bytes], name: str, kind: str, mime: str
) -> None:
    found, extension = uploads.check_file(SimpleUploadedFile(name, make()))
    assert (found.kind, found.mime_for(extension)) == (kind, mime)


@pytest.mark.parametrize(
    ("content", "name", "says"),
    [
        (files.png(), "report.pdf", "ends in .pdf, but it is a PNG image"),
        (b"%PDF-1.7 but really just words", "fake.pdf", "none of those"),
        (files.pdf(), "plan.txt", "ends in .txt, but it is a PDF"),
        (files.elf(), "tool.exe", "none of those"),
        (files.elf(), "tool.pdf", "none of those"),
        (files.exe(), "setup.exe", "none of those"),
        (files.plain_zip(), "bundle.zip", "none of those"),
        (files.plain_zip(), "bundle.docx", "none of those"),
        # A macro-enabled Word file keeps its macros' content type, not a document's.
        (
            files.ooxml("docx", main="application/vnd.ms-word.document.macroEnabled.main+xml"),
            "macro.docx",
            "none of those",
        ),
        (files.docx(), "notes.xlsx", "ends in .xlsx, but it is a Word document"),
        (b"<svg onload='alert(1)'/>", "logo.svg", "ends in .svg, but it is a plain text file"),
        ("Café".encode("latin-1"), "menu.txt", "none of those"),
        (b"hello", "README", "has no extension"),
        (b"a\x00b", "nul.txt", "none of those"),
    ],
)
def test_it_refuses_what_it_does_not_take_whatever_the_name(
    content: bytes, name: str, says: str
) -> None:
    with pytest.raises(uploads.UnsupportedType) as refused:
        uploads.check_file(SimpleUploadedFile(name, content))
    assert refused.value.status == 415
    assert says in refused.value.message


def test_it_refuses_an_empty_file() -> None:
    with pytest.raises(uploads.UnsupportedType, match="empty"):
        uploads.check_file(SimpleUploadedFile("empty.txt", b""))


# Sharing -----------------------------------------------------------------------------------


def test_it_stores_a_file_under_a_random_name(world: World, media: Path) -> None:
    content = files.pdf()
    resource = share(world, content, "Our plan (final).pdf", tags="Outdoor play, toddlers")
    assert resource.file.name.startswith("resources/") and resource.file.name.endswith(".pdf")
    assert "plan" not in resource.file.name
    assert (media / resource.file.name).read_bytes() == content
    assert (resource.filename, resource.content_type, resource.size) == (
        "Our plan (final).pdf",
        "application/pdf",
        len(content),
    )
    assert [t.name for t in resource.tags.all()] == ["outdoor play", "toddlers"]
    assert Entry.objects.filter(type="resource", object_id=resource.pk).exists()


def test_over_the_limit_stores_nothing(world: World, settings: Any, media: Path) -> None:
    settings.UPLOAD_MAX_BYTES = 2048
    with pytest.raises(uploads.TooLarge) as refused:
        share(world, b"x" * 2049, "big.txt")
    assert refused.value.status == 413
    assert not Resource.objects.exists() and stored_files(media) == []
    assert share(world, b"x" * 2048, "fits.txt").size == 2048


def test_a_refused_type_stores_nothing(world: World, media: Path) -> None:
    with pytest.raises(uploads.UnsupportedType):
        share(world, files.png(), "report.pdf")
    assert not Resource.objects.exists() and stored_files(media) == []


def test_a_link_resource(world: World, media: Path) -> None:
    resource = share(world, url="https://example.org/loose-parts", provenance="found")
    assert resource.is_link and resource.url == "https://example.org/loose-parts"
    assert stored_files(media) == []


@pytest.mark.parametrize(
    "fields",
    [
        {},  # neither a file nor a link
        {"url": "https://example.org/", "upload": SimpleUploadedFile("a.txt", b"a")},
        {"url": "javascript:alert(1)"},
        {"url": "https://example.org/", "title": ""},
        {"url": "https://example.org/", "provenance": "stolen"},
        {"url": "https://example.org/", "tags": "x" * 41},
        {"url": "https://example.org/", "tags": ",".join(f"t{i}" for i in range(13))},
        {"url": "https://example.org/", "share_with_program": "yes"},
    ],
)
def test_bad_resources_are_refused(world: World, media: Path, fields: dict[str, Any]) -> None:
    base = {"title": "T", "provenance": "found"}
    with pytest.raises(InvalidInput):
        resources.check_share_resource(
            author=world.member, community=world.community, **{**base, **fields}
        )
    assert not Resource.objects.exists() and stored_files(media) == []


def test_tags_are_trimmed_lowercased_and_unique() -> None:
    assert resources.parse_tags(" Outdoor  Play,#toddlers,, outdoor play ") == [
        "outdoor play",
        "toddlers",
    ]
    assert resources.parse_tags(["Art", "art"]) == ["art"]


# Who may see it ------------------------------------------------------------------------------


def test_other_groups_see_it_only_with_the_authors_permission(world: World) -> None:
    resource = share(world, url="https://example.org/")
    sibling = world.outsider  # an active member of another group in the same program
    elsewhere = make_member(CommunityFactory(program=ProgramFactory()))
    never = [world.waitlisted, world.mentor, world.coordinator, world.staff, elsewhere]

    def sees(user: Any) -> bool:
        return resources_visible_to(user).filter(pk=resource.pk).exists()

    assert sees(world.member) and sees(world.facilitator)
    assert not sees(sibling) and not any(sees(u) for u in never)
    with pytest.raises(Refused):
        get_resource_for(sibling, resource.pk)

    with pytest.raises(NotAllowed):
        resources.check_set_program_sharing(
            author=world.facilitator, resource=resource, shared=True
        )
    resources.check_set_program_sharing(author=world.member, resource=resource, shared=True)
    assert sees(sibling) and get_resource_for(sibling, resource.pk) == resource
    assert not any(sees(u) for u in never)
    shared = resources_for(sibling, world.other_community, scope="program")
    assert list(shared) == [resource]
    assert list(resources_for(sibling, world.other_community)) == []

    # Leaving the program's last group ends it.
    Membership.objects.filter(user=sibling).update(status=Membership.Status.LEFT)
    assert not sees(sibling)
    resources.check_set_program_sharing(author=world.member, resource=resource, shared=False)
    Membership.objects.filter(user=sibling).update(status=Membership.Status.ACTIVE)
    assert not sees(sibling)


# The pages -----------------------------------------------------------------------------------


def test_a_member_shares_a_file_through_the_page_and_downloads_it(
    client: Client, world: World
) -> None:
    client.force_login(world.member)
    page = client.get(reverse("conversations:resources", args=[world.community.pk]))
    html = page.content.decode()
    assert 'enctype="multipart/form-data"' in html and "csrfmiddlewaretoken" in html
    content = files.docx()
    response = client.post(
        reverse("conversations:resource_new", args=[world.community.pk]),
        {
            "title": "Transition songs",
            "description": "What we sing",
            "provenance": "adapted",
            "tags": "songs, transitions",
            "file": SimpleUploadedFile("songs.docx", content),
        },
    )
    resource = Resource.objects.get()
    assert response.status_code == 302 and response["Location"] == resource.get_absolute_url()
    client.force_login(world.facilitator)
    download = client.get(resource.get_download_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["Content-Disposition"] == 'attachment; filename="songs.docx"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Type"] == f"{uploads._OOXML}.wordprocessingml.document"
    assert download["Content-Length"] == str(len(content))


@pytest.mark.parametrize("size", [6000, 200_000])
def test_the_page_refuses_an_oversized_file_with_413(
    client: Client, world: World, settings: Any, media: Path, size: int
) -> None:
    """6000 bytes is caught while the body streams in; 200 kB by its Content-Length."""
    settings.UPLOAD_MAX_BYTES = 4096
    client.force_login(world.member)
    response = client.post(
        reverse("conversations:resource_new", args=[world.community.pk]),
        {"title": "Big", "provenance": "found", "file": SimpleUploadedFile("b.txt", b"x" * size)},
    )
    assert response.status_code == 413
    assert "larger than 4 KB" in response.content.decode()
    assert not Resource.objects.exists() and stored_files(media) == []


def test_the_page_refuses_a_disguised_file_with_415(client: Client, world: World) -> None:
    client.force_login(world.member)
    response = client.post(
        reverse("conversations:resource_new", args=[world.community.pk]),
        {"title": "R", "provenance": "found", "file": SimpleUploadedFile("r.pdf", files.png())},
    )
    assert response.status_code == 415
    assert "it is a PNG image" in response.content.decode()
    assert not Resource.objects.exists()


def test_the_page_checks_the_csrf_token_after_the_size_limit(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.member)
    response = client.post(
        reverse("conversations:resource_new", args=[world.community.pk]),
        {"title": "T", "provenance": "found", "url": "https://example.org/"},
    )
    assert response.status_code == 403
    assert not Resource.objects.exists()


def test_the_page_browses_by_tag(client: Client, world: World) -> None:
    share(world, url="https://example.org/a", title="Mud kitchen", tags="outdoor")
    share(world, url="https://example.org/b", title="Quiet corner", tags="indoor")
    client.force_login(world.member)
    url = reverse("conversations:resources", args=[world.community.pk])
    html = client.get(url, {"tag": "Outdoor"}).content.decode()
    assert "Mud kitchen" in html and "Quiet corner" not in html
    everything = client.get(url).content.decode()
    assert "Mud kitchen" in everything and "Quiet corner" in everything
    assert '<label for="tag-filter">' in everything


def test_non_members_never_download(client: Client, world: World) -> None:
    resource = share(world, files.pdf(), "plan.pdf")
    url = resource.get_download_url()
    for user in (world.outsider, world.waitlisted, world.mentor, world.coordinator, world.staff):
        client.force_login(user)
        assert client.get(url).status_code == 404, user
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("accounts:login"))


def test_a_link_has_nothing_to_download(client: Client, world: World) -> None:
    resource = share(world, url="https://example.org/")
    client.force_login(world.member)
    assert client.get(resource.get_download_url()).status_code == 404


def test_the_author_shares_with_the_program_and_removes(
    client: Client, world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    resource = share(world, files.pdf(), "plan.pdf")
    client.force_login(world.outsider)
    assert client.get(resource.get_download_url()).status_code == 404
    client.force_login(world.facilitator)
    sharing = reverse("conversations:resource_share", args=[resource.pk])
    assert client.post(sharing, {"shared": "yes"}).status_code == 403
    client.force_login(world.member)
    client.post(sharing, {"shared": "yes"})
    client.force_login(world.outsider)
    assert client.get(resource.get_download_url()).status_code == 200
    listed = client.get(
        reverse("conversations:resources", args=[world.other_community.pk]), {"from": "program"}
    )
    assert "Loose parts" in listed.content.decode()

    client.force_login(world.member)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("conversations:resource_remove", args=[resource.pk]))
    assert not Resource.objects.exists() and stored_files(media) == []


def test_the_size_limit_skips_a_file_while_it_streams_in(rf: Any, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 4096
    request = rf.post("/", {"title": "T", "file": SimpleUploadedFile("b.txt", b"x" * 6000)})
    handler = uploads.guard_request(request)
    assert handler is not None
    assert "file" not in request.FILES and request.POST["title"] == "T"
    with pytest.raises(uploads.TooLarge):
        uploads.check_guard(handler)

    small = rf.post("/", {"file": SimpleUploadedFile("s.txt", b"x" * 4096)})
    uploads.check_guard(uploads.guard_request(small))
    assert small.FILES["file"].size == 4096


def test_a_body_far_over_the_limit_is_refused_unread(rf: Any, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 4096
    request = rf.post("/", {"file": SimpleUploadedFile("b.txt", b"x" * 100_000)})
    with pytest.raises(uploads.TooLarge):
        uploads.guard_request(request)
    assert not hasattr(request, "_files")  # the body was never parsed


def test_the_page_has_a_fixed_query_count(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    def fill(n: int) -> None:
        for i in range(n):
            author = world.member if i % 2 else world.facilitator
            share(world, url=f"https://example.org/{i}", tags=f"t{i}, shared", author=author)

    client.force_login(world.member)
    url = reverse("conversations:resources", args=[world.community.pk])
    fill(2)
    # community, session, user, membership, agreement, roles, program staff, count,
    # the tags to browse by, unread notifications, page (+authors), the page's tags,
    # the program library's latest
    with django_assert_num_queries(13):
        small = client.get(url)
    fill(12)
    with django_assert_num_queries(13):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert large.content.decode().count('class="card"') == 14


def test_web_uploads_past_the_hourly_limit_are_429_and_store_nothing(
    client: Client, world: World, settings: Any, media: Path
) -> None:
    settings.UPLOAD_HOURLY_LIMIT = 1
    client.force_login(world.member)
    url = reverse("conversations:resource_new", args=[world.community.pk])

    def post() -> Any:
        data = {"title": "Plan", "provenance": "developed", "tags": ""}
        return client.post(url, {**data, "file": SimpleUploadedFile("plan.pdf", files.pdf())})

    assert post().status_code == 302
    response = post()
    assert response.status_code == 429
    assert "uploaded many files" in response.content.decode()
    assert Resource.objects.count() == 1 and len(stored_files(media)) == 1


def test_a_file_refused_after_its_count_takes_the_count_back(
    world: World, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.UPLOAD_HOURLY_LIMIT = 1

    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("index down")

    monkeypatch.setattr(resources, "_index_resource", broken)
    with pytest.raises(RuntimeError):
        share(world, files.pdf())
    monkeypatch.undo()
    assert share(world, files.pdf()).filename == "f.pdf"
