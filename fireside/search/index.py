"""Keep the search entries in step with what they describe. Actions call these."""

from __future__ import annotations

from fireside.communities.models import Community
from fireside.search.models import Entry


def put(
    *, type: str, object_id: int, community: Community | int, title: str, body: str, url: str
) -> None:
    community_id = community if isinstance(community, int) else community.pk
    Entry.objects.update_or_create(
        type=type,
        object_id=object_id,
        defaults={"community_id": community_id, "title": title[:300], "body": body, "url": url},
    )


def remove(*, type: str, object_id: int) -> None:
    Entry.objects.filter(type=type, object_id=object_id).delete()
