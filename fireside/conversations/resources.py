"""Resources members share in a group (links and files with tags), and whether a group
shares them across its program.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.models import Community
from fireside.conversations.actions import TITLE_MAX, _check_can_post, _text
from fireside.conversations.models import (
    UNSTATED_PROVENANCE,
    Provenance,
    Resource,
    ResourceTag,
)
from fireside.lib import uploads
from fireside.lib.audit import record
from fireside.lib.errors import InvalidInput, NotAllowed
from fireside.search import index as search_index

# Resources ---------------------------------------------------------------------------

DESCRIPTION_MAX = 2000
TAG_MAX = 40
TAGS_MAX = 12


def parse_tags(value: object) -> list[str]:
    """Comma-separated (or a list): trimmed, lower-cased, inner spaces collapsed, no repeats."""
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items: list[object] = list(value.split(","))
    elif isinstance(value, list):
        items = list(value)
    else:
        raise InvalidInput(
            _("tags must be comma-separated words."), {"tags": [_("Separate with ,")]}
        )
    tags: list[str] = []
    for item in items:
        if not isinstance(item, str):
            raise InvalidInput(
                _("tags must be comma-separated words."), {"tags": [_("Words only.")]}
            )
        tag = " ".join(item.replace("\x00", "").split()).lstrip("#").lower()
        if len(tag) > TAG_MAX:
            raise InvalidInput(
                _("Each tag can be at most %(TAG_MAX)s characters.") % {"TAG_MAX": TAG_MAX},
                {"tags": [_("At most %(TAG_MAX)s.") % {"TAG_MAX": TAG_MAX}]},
            )
        if tag and tag not in tags:
            tags.append(tag)
    if len(tags) > TAGS_MAX:
        raise InvalidInput(
            _("At most %(TAGS_MAX)s tags, please.") % {"TAGS_MAX": TAGS_MAX},
            {"tags": [_("At most %(TAGS_MAX)s tags.") % {"TAGS_MAX": TAGS_MAX}]},
        )
    return tags


def _optional_text(value: object, field: str, limit: int) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ""
    return _text(value, field, limit)


def _link(value: object, field: str = "url") -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(
            _("Give the %(field)s first.") % {"field": field},
            {field: [_("This field is required.")]},
        )
    url = value.strip()
    try:
        if len(url) > 500:
            raise ValidationError(_("too long"))
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise InvalidInput(
            _("%(field)s must be a web address starting with https:// or http://.")
            % {"field": field},
            {field: [_("Enter a web address starting with https://.")]},
        ) from exc
    return url


def _flag(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidInput(
        _("%(field)s must be true or false.") % {"field": field}, {field: [_("True or false.")]}
    )


def check_share_resource(
    *,
    author: User,
    community: Community,
    title: object,
    provenance: object = UNSTATED_PROVENANCE,
    description: object = "",
    tags: object = "",
    upload: UploadedFile | None = None,
    url: object = None,
    share_with_program: object = False,
) -> Resource:
    """A file (checked by size, then by what its bytes are) or a link, never both. Nothing
    is stored unless everything is right: the file is written last and removed again if
    the database write fails."""
    has_link = isinstance(url, str) and bool(url.strip())
    if (upload is None) == (not has_link):
        message = (
            _("Choose a file or give a link, not both.")
            if has_link
            else _("Add a file or a link to share.")
        )
        raise InvalidInput(message, {"file": [message]})
    detected = uploads.check_file(upload) if upload is not None else None
    link = _link(url) if has_link else ""
    title_text = _text(title, "title", TITLE_MAX)
    description_text = _optional_text(description, "description", DESCRIPTION_MAX)
    if not isinstance(provenance, str) or provenance not in Provenance.values:
        raise InvalidInput(
            _("provenance must be one of: %(values)s.") % {"values": ", ".join(Provenance.values)},
            {"provenance": [_("Say where it comes from.")]},
        )
    tag_names = parse_tags(tags)
    shared = _flag(share_with_program, "share_with_program")
    _check_can_post(author, community)
    # Counted before the file is stored; a file that is not stored takes its count back.
    counted = upload is not None and bool(author.pk)
    if counted:
        uploads.count_uploads(author.pk)
    stored = content_type = filename = ""
    if upload is not None and detected is not None:
        kind, extension = detected
        content_type, filename = kind.mime_for(extension), uploads.clean_filename(upload.name or "")
        stored = default_storage.save(f"resources/{secrets.token_urlsafe(24)}.{extension}", upload)
    try:
        with transaction.atomic():
            resource = Resource.objects.create(
                community=community,
                author=author,
                title=title_text,
                description=description_text,
                provenance=provenance,
                file=stored,
                filename=filename,
                content_type=content_type,
                size=(upload.size or 0) if upload is not None else 0,
                url=link,
                shared_with_program=shared,
            )
            ResourceTag.objects.bulk_create(
                ResourceTag(resource=resource, name=name) for name in tag_names
            )
            record(author, "conversations.share_resource", community, resource_id=resource.pk)
            _index_resource(resource, tag_names)
    except BaseException:
        if stored:
            default_storage.delete(stored)
        if counted:
            uploads.refund_uploads(author.pk)
        raise
    return resource


def check_set_program_sharing(*, author: User, resource: Resource, shared: object) -> Resource:
    """Only the author can let other groups of the program see their resource, or stop it."""
    if resource.author_id != author.pk:
        raise NotAllowed(_("Only the person who shared a resource can decide who else sees it."))
    value = _flag(shared, "shared")
    with transaction.atomic():
        resource.shared_with_program = value
        resource.save(update_fields=["shared_with_program"])
        record(
            author,
            "conversations.share_resource_with_program",
            resource.community,
            resource_id=resource.pk,
            shared=value,
        )
    return resource


def check_remove_resource(*, author: User, resource: Resource) -> None:
    if resource.author_id != author.pk:
        raise NotAllowed(_("Only the person who shared a resource can remove it."))
    stored = resource.file.name if resource.file else ""
    with transaction.atomic():
        record(
            author,
            "conversations.remove_resource",
            resource.community,
            resource_id=resource.pk,
        )
        search_index.remove(type="resource", object_id=resource.pk)
        resource.delete()
        if stored:
            transaction.on_commit(lambda: default_storage.delete(stored))


def _index_resource(resource: Resource, tags: list[str]) -> None:
    search_index.put(
        type="resource",
        object_id=resource.pk,
        community=resource.community_id,
        title=resource.title,
        body="\n".join([resource.description, " ".join(tags), resource.filename]).strip(),
        url=resource.get_absolute_url(),
    )
