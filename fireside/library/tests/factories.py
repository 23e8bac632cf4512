"""Program library entries for tests: made directly (no checks), or through the actions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from fireside.library.models import ProgramResource

if TYPE_CHECKING:  # the leak test's module imports this one
    from fireside.lib.tests.leaks import Seeded


def make_item(program: Any, published_by: Any, **fields: Any) -> ProgramResource:
    fields.setdefault("title", "Play outdoors, every season")
    fields.setdefault("kind", "reading")
    if "file" not in fields:
        fields.setdefault("url", "https://example.org/outdoor-play")
    return ProgramResource.objects.create(program=program, published_by=published_by, **fields)


def text_file(name: str = "notes.txt", content: bytes = b"Ideas for a rainy day.\n") -> Any:
    return SimpleUploadedFile(name, content, content_type="text/plain")


# --- For the authorization guard (fireside/lib/tests/test_authorization_guard.py) ---------


def guard_values(world: Any) -> dict[str, int]:
    """A file the world's mentor published to the program's library."""
    item = ProgramResource.objects.filter(program=world.program, title="Guarded").first()
    if item is None:
        name = "library/guard-library.txt"
        if not default_storage.exists(name):
            default_storage.save(name, ContentFile(b"Guarded\n"))
        item = make_item(
            world.program,
            world.mentor,
            title="Guarded",
            file=name,
            filename="guard.txt",
            content_type="text/plain; charset=utf-8",
            size=8,
        )
    return {"library_item_id": item.pk}


def guard_link_body(world: Any) -> dict[str, Any]:
    return {"title": "A podcast", "kind": "podcast", "url": "https://example.org/episode-4"}


def guard_patch_body(world: Any) -> dict[str, Any]:
    return {"pinned": True}


# --- For the leak test (fireside/lib/tests/test_leaks.py) ---------------------------------


def leak_markers(world: Any) -> Seeded:
    """Cora publishes to her program's library, through the actions (so its search entry is
    made as in real use); and a coordinator of another program publishes to theirs, which
    nobody of this world takes part in."""
    from fireside.demo.factories import ProgramFactory, make_program_staff
    from fireside.lib.tests.leaks import Seeded
    from fireside.library.actions import check_publish

    s = Seeded()
    item = check_publish(
        actor=world.coordinator,
        program=world.program,
        title=s.add("library.title"),
        description=s.add("library.description"),
        kind="podcast",
        url="https://example.org/episode-12",
    )
    check_publish(
        actor=world.mentor,
        program=world.program,
        title="Observation notes",
        kind="tool",
        upload=text_file("observation.txt", f"{s.add('library.file')}\nWhat I saw.\n".encode()),
    )
    other = ProgramFactory(name="Another program")
    check_publish(
        actor=make_program_staff(other, "coordinator"),
        program=other,
        title=s.add("library.other_program_title"),
        description=s.add("library.other_program_description"),
        kind="reading",
        url="https://example.org/elsewhere",
    )
    s.paths["library_item_id"] = item.pk
    return s
