"""A program's library: readings, podcast episodes, videos and tools its coordinators and
mentors publish for everyone taking part (fireside/library/access.py says who). Links as
JSON; files as multipart/form-data, with the same checks as a group's resources."""

from __future__ import annotations

import json
from typing import Any, Literal

from django.core.files.uploadedfile import UploadedFile
from django.db.models import Q
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from fireside.api.core import PageQuery, me, paginate
from fireside.lib import uploads
from fireside.lib.errors import InvalidInput, NotFoundError
from fireside.library import actions
from fireside.library.access import get_item_for, get_program_library_for, items_of
from fireside.library.models import Kind, Language, ProgramResource

router = Router(tags=["library"])


class LibraryQuery(PageQuery):
    kind: Literal["", "reading", "podcast", "video", "tool"] = ""
    q: str = ""


class LibraryPatch(Schema):
    title: str | None = None
    description: str | None = None
    kind: str | None = None
    language: str | None = None
    pinned: bool | None = None
    url: str | None = None


def item_out(item: ProgramResource) -> dict[str, Any]:
    is_file = not item.is_link
    return {
        "id": item.pk,
        "program": item.program_id,
        "title": item.title,
        "description": item.description,
        "kind": item.kind,
        "language": item.language,
        "pinned": item.pinned,
        "type": "file" if is_file else "link",
        "url": item.url or None,
        "filename": item.filename if is_file else None,
        "content_type": item.content_type if is_file else None,
        "size": item.size if is_file else None,
        "download_url": reverse("api:library_download", kwargs={"library_item_id": item.pk})
        if is_file
        else None,
        "published_by": (
            {"id": item.published_by_id, "name": item.published_by.display_name}
            if item.published_by
            else None
        ),
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


_TEXT = {"type": "string"}
_FIELDS = {
    "title": _TEXT,
    "description": {"type": "string", "description": "Markdown, at most 1000 characters"},
    "kind": {"type": "string", "enum": list(Kind.values)},
    "language": {"type": "string", "enum": list(Language.values), "default": Language.EN.value},
    "pinned": {"type": "boolean", "default": False},
    "url": {"type": "string", "format": "uri"},
}
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["title", "kind"],
                    "properties": {**_FIELDS, "file": {"type": "string", "format": "binary"}},
                }
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["title", "kind", "url"],
                    "properties": _FIELDS,
                }
            },
        },
    }
}
_TRUE, _FALSE = {"true", "1", "yes", "on"}, {"", "false", "0", "no", "off"}


def _form_flag(value: str | None) -> bool:
    text = (value or "").strip().lower()
    if text not in _TRUE | _FALSE:
        raise InvalidInput(_("pinned must be true or false."), {"pinned": [_("True or false.")]})
    return text in _TRUE


def _input(request: HttpRequest) -> tuple[dict[str, Any], UploadedFile | None]:
    """multipart/form-data for a file (or a link); a JSON object for a link."""
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError as exc:
            raise InvalidInput(_("The body is not valid JSON.")) from exc
        if not isinstance(data, dict):
            raise InvalidInput(_("The body must be a JSON object."))
        if "file" in data:
            raise InvalidInput(_("Send a file as multipart/form-data."))
        upload = None
        pinned = data.get("pinned", False)
    else:
        data = request.POST
        files = request.FILES.getlist("file")
        if len(files) > 1:
            raise InvalidInput(_("One file at a time, please."))
        upload = files[0] if files else None
        pinned = _form_flag(data.get("pinned"))
    fields = {
        "title": data.get("title"),
        "description": data.get("description", ""),
        "kind": data.get("kind"),
        "language": data.get("language", Language.EN.value),
        "pinned": pinned,
        "url": data.get("url"),
    }
    return fields, upload


@router.get("/programs/{program_id}/library")
def list_library(
    request: HttpRequest, program_id: int, query: Query[LibraryQuery]
) -> dict[str, Any]:
    program, _standing = get_program_library_for(me(request), program_id, "read")
    qs = items_of(program)
    if query.kind:
        qs = qs.filter(kind=query.kind)
    for word in query.q.split()[:8]:
        qs = qs.filter(Q(title__icontains=word) | Q(description__icontains=word))
    return paginate(qs, query, item_out)


@router.post("/programs/{program_id}/library", response={201: dict}, openapi_extra=_BODY)
def publish(request: HttpRequest, program_id: int) -> Status:
    """413 over the size limit, 415 for a type Fireside does not take: nothing is stored."""
    user = me(request)
    program, _standing = get_program_library_for(user, program_id, "publish")
    handler = uploads.guard_request(request)
    fields, upload = _input(request)
    uploads.check_guard(handler)
    item = actions.check_publish(actor=user, program=program, upload=upload, **fields)
    return Status(201, item_out(item))


@router.patch("/library/{library_item_id}")
def edit(request: HttpRequest, library_item_id: int, payload: LibraryPatch) -> dict[str, Any]:
    """Only the fields sent change. A file stays as it is; a link's url can change."""
    user = me(request)
    item, standing = get_item_for(user, library_item_id, "change")
    sent = payload.dict(exclude_unset=True)
    if any(value is None for value in sent.values()):
        raise InvalidInput(_("Leave out a field to keep it; null is not a value here."))
    current = {
        "title": item.title,
        "description": item.description,
        "kind": item.kind,
        "language": item.language,
        "pinned": item.pinned,
        "url": item.url or None,
    }
    item = actions.check_edit(actor=user, item=item, standing=standing, **{**current, **sent})
    return item_out(item)


@router.delete("/library/{library_item_id}", response={204: None})
def remove(request: HttpRequest, library_item_id: int) -> Status:
    user = me(request)
    item, standing = get_item_for(user, library_item_id, "change")
    actions.check_remove(actor=user, item=item, standing=standing)
    return Status(204, None)


@router.get("/library/{library_item_id}/download", url_name="library_download")
def download(request: HttpRequest, library_item_id: int) -> HttpResponseBase:
    """The file, as an attachment. A link has no file: 404, and its `url` is in the list."""
    item, _standing = get_item_for(me(request), library_item_id, "read")
    if item.is_link:
        raise NotFoundError(_("This entry is a link, not a file: open its url instead."))
    return uploads.attachment(item.file, item.filename, item.content_type)
