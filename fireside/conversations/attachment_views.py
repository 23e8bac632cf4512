"""Attachments on the web: the size limit around the forms that take them, and the files
themselves, served only to the members who can see their post."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from fireside.conversations.access import get_attachment_for
from fireside.conversations.attachments import FIELD, MAX_PER_POST
from fireside.lib import uploads

View = Callable[..., HttpResponse]


def accepting_files(view: View) -> View:
    """Put the uploads' size limit in place before anything reads the body (the CSRF check
    reads it, so it runs after, inside). A body far over the limit is refused unread."""
    protected = csrf_protect(view)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        try:
            guard = (
                uploads.guard_request(request, files=MAX_PER_POST)
                if request.method == "POST"
                else None
            )
        except uploads.TooLarge as exc:
            # Nothing was read or changed, so there is nothing for CSRF to protect.
            context = {"title": _("Too large to send"), "detail": exc.message}
            return render(request, "error.html", context, status=exc.status)
        request.upload_guard = guard  # type: ignore[attr-defined]
        return protected(request, **kwargs)

    return csrf_exempt(wrapper)


def files_of(request: HttpRequest) -> list[UploadedFile]:
    """The files chosen in the form, or TooLarge (by the attachments field) when one was
    past the limit and was not kept."""
    try:
        uploads.check_guard(getattr(request, "upload_guard", None))
    except uploads.TooLarge as exc:
        raise uploads.TooLarge(exc.message, {FIELD: [exc.message]}) from exc
    return request.FILES.getlist(FIELD)


def attachment(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    """The file: a picture (re-encoded by Fireside) shown by the browser, any other file as
    a download it never renders or sniffs."""
    item = get_attachment_for(request.user, attachment_id)
    return uploads.attachment(item.file, item.filename, item.content_type, inline=item.is_image)


def attachment_thumb(request: HttpRequest, attachment_id: int) -> HttpResponseBase:
    item = get_attachment_for(request.user, attachment_id)
    if not item.is_image:
        raise Http404
    return uploads.stream(
        default_storage, item.thumbnail, item.filename, item.content_type, inline=True
    )
