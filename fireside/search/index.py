"""Keep the search entries in step with what they describe. Actions call these."""

from __future__ import annotations

from fireside.communities.models import Community
from fireside.programs.models import Program
from fireside.search.models import Entry


def put(
    *,
    type: str,
    object_id: int,
    community: Community | int | None = None,
    program: Program | int | None = None,
    title: str = "",
    body: str,
    url: str,
    parent: tuple[str, int] | None = None,
) -> None:
    """`parent` (type, object_id): the entry this one belongs to, whose title it shows. An
    entry whose parent is not searchable (hidden, gone) is not searchable either. An entry is
    for one group (`community`) or for a whole program (`program`), never both."""
    if (community is None) == (program is None):
        raise ValueError("A search entry belongs to a group or to a program.")
    community_id = community.pk if isinstance(community, Community) else community
    program_id = program.pk if isinstance(program, Program) else program
    parent_id = None
    if parent is not None:
        parent_type, parent_object_id = parent
        parent_id = (
            Entry.objects.filter(type=parent_type, object_id=parent_object_id)
            .values_list("pk", flat=True)
            .first()
        )
        if parent_id is None:
            remove(type=type, object_id=object_id)
            return
        title = ""
    Entry.objects.update_or_create(
        type=type,
        object_id=object_id,
        defaults={
            "community_id": community_id,
            "program_id": program_id,
            "title": title[:300],
            "body": body,
            "url": url,
            "parent_id": parent_id,
        },
    )


def remove(*, type: str, object_id: int) -> None:
    """Its children (a thread's replies) go with it."""
    Entry.objects.filter(type=type, object_id=object_id).delete()
