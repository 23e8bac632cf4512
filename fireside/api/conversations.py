"""Threads, replies and resources from the "Between gatherings" section of api-v1.md."""

from __future__ import annotations

import json
from typing import Any, Literal

from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status

from fireside.api.core import PageQuery, me, paginate
from fireside.communities.access import get_community_for
from fireside.conversations import actions, attachments, resources
from fireside.conversations.access import (
    get_attachment_for,
    get_resource_for,
    get_thread_for,
    resources_for,
    threads_for,
)
from fireside.conversations.models import (
    UNSTATED_PROVENANCE,
    Kind,
    Provenance,
    Reply,
    Resource,
    Thread,
)
from fireside.lib import uploads
from fireside.lib.errors import InvalidInput, NotFoundError

router = Router(tags=["conversations"])


class ThreadIn(Schema):
    title: str
    body: str
    kind: Kind


class ReplyIn(Schema):
    body: str


def _author(post: Thread | Reply) -> dict[str, Any] | None:
    if post.author is None:
        return None
    return {"id": post.author_id, "name": post.author.display_name}


def _post(post: Thread | Reply) -> dict[str, Any]:
    """A hidden post shows its text only to its author and the facilitators (who get here
    only if they may see it); the reason is always there."""
    return {
        "id": post.pk,
        "body": post.body,
        "body_html": post.body_html,
        "author": _author(post),
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "hidden": post.is_hidden,
        "hidden_reason": post.hidden_reason,
    }


def thread_out(t: Thread) -> dict[str, Any]:
    return {
        **_post(t),
        "title": t.title,
        "kind": t.kind,
        "community": t.community_id,
        "last_activity_at": t.last_activity_at,
        "settled": t.is_settled,
        "reply_count": getattr(t, "reply_count", None),
    }


@router.post("/communities/{community_id}/threads", response={201: dict})
def start_thread(request: HttpRequest, community_id: int, payload: ThreadIn) -> Status:
    community, _ = get_community_for(me(request), community_id, "content")
    thread = actions.check_start_thread(author=me(request), community=community, **payload.dict())
    return Status(201, thread_out(thread))


@router.get("/communities/{community_id}/threads")
def list_threads(request: HttpRequest, community_id: int, page: Query[PageQuery]) -> dict[str, Any]:
    community, standing = get_community_for(me(request), community_id, "content")
    return paginate(threads_for(me(request), community, standing), page, thread_out)


def _with_attachments(post: Thread | Reply) -> dict[str, Any]:
    return {**_post(post), "attachments": attachments.for_api(post)}


@router.get("/threads/{thread_id}")
def get_thread(request: HttpRequest, thread_id: int) -> dict[str, Any]:
    user = me(request)
    thread, standing = get_thread_for(user, thread_id)
    replies = [
        _with_attachments(r)
        if not r.is_hidden or standing.is_facilitator or r.author_id == user.pk
        else {**_post(r), "body": "", "body_html": "", "attachments": []}
        for r in thread.replies.all()
    ]
    return {**thread_out(thread), "attachments": attachments.for_api(thread), "replies": replies}


@router.post("/threads/{thread_id}/replies", response={201: dict})
def reply(request: HttpRequest, thread_id: int, payload: ReplyIn) -> Status:
    thread, _ = get_thread_for(me(request), thread_id)
    created = actions.check_reply(author=me(request), thread=thread, body=payload.body)
    return Status(201, {**_post(created), "thread": thread.pk, "attachments": []})


@router.get("/attachments/{attachment_id}", url_name="attachment_download")
def download_attachment(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    """A post's attached file, for the members who can see the post; 404 for anyone else."""
    item = get_attachment_for(me(request), attachment_id)
    return uploads.attachment(item.file, item.filename, item.content_type)


# Resources ---------------------------------------------------------------------------


class ResourceQuery(PageQuery):
    tag: str = ""
    # "program": what other groups of the same program chose to share with it.
    scope: Literal["group", "program"] = "group"


def resource_out(r: Resource) -> dict[str, Any]:
    author = {"id": r.author_id, "name": r.author.display_name} if r.author else None
    is_file = not r.is_link
    return {
        "id": r.pk,
        "title": r.title,
        "description": r.description,
        "tags": [t.name for t in r.tags.all()],
        "provenance": r.provenance,
        "kind": "file" if is_file else "link",
        "url": r.url or None,
        "filename": r.filename if is_file else None,
        "content_type": r.content_type if is_file else None,
        "size": r.size if is_file else None,
        "download_url": reverse("api:resource_download", kwargs={"resource_id": r.pk})
        if is_file
        else None,
        "community": r.community_id,
        "author": author,
        "shared_with_program": r.shared_with_program,
        "created_at": r.created_at,
    }


_TEXT = {"type": "string"}
_RESOURCE_FIELDS = {
    "title": _TEXT,
    "description": _TEXT,
    "tags": {"type": "string", "description": "comma separated"},
    "provenance": {
        "type": "string",
        "enum": list(Provenance.values),
        "default": UNSTATED_PROVENANCE.value,
    },
    "url": {"type": "string", "format": "uri"},
    "share_with_program": {"type": "boolean", "default": False},
}
_RESOURCE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["title"],
                    "properties": {
                        **_RESOURCE_FIELDS,
                        "file": {"type": "string", "format": "binary"},
                    },
                }
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["title", "url"],
                    "properties": _RESOURCE_FIELDS,
                }
            },
        },
    }
}
_TRUE, _FALSE = {"true", "1", "yes", "on"}, {"", "false", "0", "no", "off"}


def _form_flag(value: str | None) -> bool:
    text = (value or "").strip().lower()
    if text not in _TRUE | _FALSE:
        raise InvalidInput(_("share_with_program must be true or false."))
    return text in _TRUE


def _resource_input(request: HttpRequest) -> tuple[dict[str, Any], UploadedFile | None]:
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
        shared = data.get("share_with_program", False)
    else:
        data = request.POST
        files = request.FILES.getlist("file")
        if len(files) > 1:
            raise InvalidInput(_("One file at a time, please."))
        upload = files[0] if files else None
        shared = _form_flag(data.get("share_with_program"))
    fields = {
        "title": data.get("title"),
        "description": data.get("description", ""),
        "tags": data.get("tags", ""),
        # Not in api-v1.md's fields: optional, so a client of the contract is never refused.
        "provenance": data.get("provenance", UNSTATED_PROVENANCE),
        "url": data.get("url"),
        "share_with_program": shared,
    }
    return fields, upload


@router.post(
    "/communities/{community_id}/resources", response={201: dict}, openapi_extra=_RESOURCE_BODY
)
def share_resource(request: HttpRequest, community_id: int) -> Status:
    """413 over the size limit, 415 for a type Fireside does not take: nothing is stored."""
    user = me(request)
    community, _ = get_community_for(user, community_id, "content")
    handler = uploads.guard_request(request)
    fields, upload = _resource_input(request)
    uploads.check_guard(handler)
    resource = resources.check_share_resource(
        author=user, community=community, upload=upload, **fields
    )
    return Status(201, resource_out(resource))


@router.get("/communities/{community_id}/resources")
def list_resources(
    request: HttpRequest, community_id: int, query: Query[ResourceQuery]
) -> dict[str, Any]:
    user = me(request)
    community, _ = get_community_for(user, community_id, "content")
    qs = resources_for(user, community, scope=query.scope)
    tags = resources.parse_tags(query.tag)
    if tags:
        qs = qs.filter(tags__name=tags[0])
    return paginate(qs, query, resource_out)


@router.get("/resources/{resource_id}/download", url_name="resource_download")
def download_resource(request: HttpRequest, resource_id: int) -> HttpResponseBase:
    """The file, as an attachment. A link resource has no file: 404, and its `url` is in
    the list."""
    resource = get_resource_for(me(request), resource_id)
    if resource.is_link:
        raise NotFoundError(_("This resource is a link, not a file: open its url instead."))
    return uploads.attachment(resource.file, resource.filename, resource.content_type)
