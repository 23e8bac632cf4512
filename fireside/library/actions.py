"""Publishing to a program's library, changing and removing what is there. The web pages
and the API call these; each change is audited (naming the item, never its words) and
keeps the search index in step.

Files go through the same checks as a group's resources (fireside/lib/uploads.py): the
size while the body streams in, then the type by what the bytes are.
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
from fireside.lib import uploads
from fireside.lib.audit import record
from fireside.lib.errors import InvalidInput, NotAllowed
from fireside.lib.text import clean_text
from fireside.library.access import LibraryStanding, library_standing
from fireside.library.models import (
    DESCRIPTION_MAX,
    TITLE_MAX,
    URL_MAX,
    Kind,
    Language,
    ProgramResource,
)
from fireside.programs.models import Program
from fireside.search import index as search_index


def _choice(value: object, field: str, choices: type[Kind] | type[Language]) -> str:
    if not isinstance(value, str) or value not in choices.values:
        message = _("%(field)s must be one of: %(values)s.") % {
            "field": field,
            "values": ", ".join(choices.values),
        }
        raise InvalidInput(message, {field: [_("Choose one of the list.")]})
    return value


def _flag(value: object, field: str) -> bool:
    if isinstance(value, bool):
        return value
    raise InvalidInput(
        _("%(field)s must be true or false.") % {"field": field}, {field: [_("True or false.")]}
    )


def check_link(value: object) -> str:
    """A web address people can open safely: http or https only (never javascript: or
    data:), at most URL_MAX characters."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(_("Give the link first."), {"url": [_("This field is required.")]})
    url = value.strip()
    try:
        if len(url) > URL_MAX:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError as exc:
        raise InvalidInput(
            _("The link must be a web address starting with https:// or http://."),
            {"url": [_("Enter a web address starting with https://.")]},
        ) from exc
    return url


def _fields(
    *, title: object, description: object, kind: object, language: object, pinned: object
) -> dict[str, object]:
    return {
        "title": clean_text(title, "title", TITLE_MAX, required=True),
        "description": clean_text(description, "description", DESCRIPTION_MAX),
        "kind": _choice(kind, "kind", Kind),
        "language": _choice(language, "language", Language),
        "pinned": _flag(pinned, "pinned"),
    }


def check_publish(
    *,
    actor: User,
    program: Program,
    title: object,
    kind: object,
    description: object = "",
    language: object = Language.EN,
    pinned: object = False,
    upload: UploadedFile | None = None,
    url: object = None,
) -> ProgramResource:
    """A file or a link, never both. Nothing is stored unless everything is right: the file
    is written last and removed again if the database write fails."""
    has_link = isinstance(url, str) and bool(url.strip())
    if (upload is None) == (not has_link):
        message = (
            _("Choose a file or give a link, not both.")
            if has_link
            else _("Add a file or a link to publish.")
        )
        raise InvalidInput(message, {"file": [message]})
    detected = uploads.check_file(upload) if upload is not None else None
    link = check_link(url) if has_link else ""
    fields = _fields(
        title=title, description=description, kind=kind, language=language, pinned=pinned
    )
    if not library_standing(actor, program).can_publish:
        raise NotAllowed(_("The program's coordinators and mentors publish to its library."))
    counted = upload is not None
    if counted:
        uploads.count_uploads(actor.pk)
    stored = content_type = filename = ""
    if upload is not None and detected is not None:
        file_type, extension = detected
        content_type = file_type.mime_for(extension)
        filename = uploads.clean_filename(upload.name or "")
        stored = default_storage.save(f"library/{secrets.token_urlsafe(24)}.{extension}", upload)
    try:
        with transaction.atomic():
            item = ProgramResource.objects.create(
                program=program,
                published_by=actor,
                file=stored,
                filename=filename,
                content_type=content_type,
                size=(upload.size or 0) if upload is not None else 0,
                url=link,
                **fields,
            )
            record(actor, "library.publish", program, item_id=item.pk)
            _index(item)
    except BaseException:
        if stored:
            default_storage.delete(stored)
        if counted:
            uploads.refund_uploads(actor.pk)
        raise
    return item


def check_edit(
    *,
    actor: User,
    item: ProgramResource,
    standing: LibraryStanding | None = None,
    title: object,
    kind: object,
    description: object = "",
    language: object = Language.EN,
    pinned: object = False,
    url: object = None,
) -> ProgramResource:
    """Its words, kind, language and pin; a link's address too. A file stays as it is:
    to change it, publish the new one and remove the old."""
    fields = _fields(
        title=title, description=description, kind=kind, language=language, pinned=pinned
    )
    if item.is_link:
        fields["url"] = check_link(url)
    elif isinstance(url, str) and url.strip():
        raise InvalidInput(
            _("This one is a file: it cannot become a link."),
            {"url": [_("Publish the link as a new entry instead.")]},
        )
    standing = standing or library_standing(actor, item.program_id)
    if not standing.can_change(item):
        raise NotAllowed(_("Only its publisher or the program's coordinators can change it."))
    with transaction.atomic():
        for name, value in fields.items():
            setattr(item, name, value)
        item.save()
        record(actor, "library.edit", item.program, item_id=item.pk)
        _index(item)
    return item


def check_remove(
    *, actor: User, item: ProgramResource, standing: LibraryStanding | None = None
) -> None:
    standing = standing or library_standing(actor, item.program_id)
    if not standing.can_change(item):
        raise NotAllowed(_("Only its publisher or the program's coordinators can remove it."))
    stored = item.file.name if item.file else ""
    with transaction.atomic():
        record(actor, "library.remove", item.program, item_id=item.pk)
        search_index.remove(type="library", object_id=item.pk)
        item.delete()
        if stored:
            transaction.on_commit(lambda: default_storage.delete(stored))


def _index(item: ProgramResource) -> None:
    search_index.put(
        type="library",
        object_id=item.pk,
        program=item.program_id,
        title=item.title,
        body="\n".join([item.description, item.filename]).strip(),
        url=item.get_absolute_url(),
    )
