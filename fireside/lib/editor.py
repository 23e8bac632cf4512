"""The editor's parts that do not depend on where it writes: a group's threads and replies
(fireside/conversations/editor.py, drafts.py) and a peer pair's messages
(fireside/mentoring/pair_editor.py, pair_drafts.py) both use them.

- `Desk`: what the editor shows on this request (the {% editor_top %} and {% editor_buttons %}
  tags of fireside/lib/templatetags/editor.py read it from `request.editor`).
- `draft_text`, `check_preview`, `quoted`: a draft's text as typed, the preview (the page's own
  rendering, fireside/lib/markdown.py, never a second one) and a post quoted into a reply.
- `too_big`, `refusal`, `saved`: the JSON answers of the small endpoints that
  fireside/static/js/editor.js calls while someone types.

Each place keeps its own draft model (a draft belongs to a person and a place, and places
differ: a group, a thread, a pair); the rules about the text are the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.contrib import messages
from django.http import HttpRequest, JsonResponse
from django.utils import formats, timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from fireside.lib import ratelimit
from fireside.lib.errors import ActionError, InvalidInput, TooMany, Unprocessable
from fireside.lib.markdown import render_markdown
from fireside.lib.text import one_full_stop, storable, within_limit

# Previews and saves come every few seconds while someone types: generous, but a loop
# in a client (or a script) cannot make the server render Markdown without end.
PER_MINUTE = 60
# Far more than a post may hold (20,000 characters, up to 4 bytes each, form-encoded):
# anything bigger is refused before it is read.
MAX_BYTES = 300_000


class Saved(Protocol):
    """A draft, whatever its model: what the editor says of it."""

    @property
    def updated_at(self) -> dt.datetime: ...


@dataclass
class Desk:
    """What the editor's parts show on this request (see the editor_top template tag)."""

    keeps_drafts: bool
    preview: SafeString | None = None
    draft: Saved | None = None
    prefill: dict[str, str] = field(default_factory=dict)


class TooLarge(ActionError):
    """Text far over its limit: refused unread (HTTP 413)."""

    status = 413


def posting(request: HttpRequest) -> bool:
    """A POST that means "post it", not one of the editor's other buttons."""
    return request.method == "POST" and request.POST.get("editor", "post") == "post"


def editor_action(request: HttpRequest) -> str:
    """The editor button that sent this request: "post", "preview", "save", "discard", or ""
    when the form is only being opened."""
    return request.POST.get("editor", "post") if request.method == "POST" else ""


def draft_text(value: object, field: str, limit: int, label: str) -> str:
    """A draft's text, kept as typed (not stripped: a draft is unfinished, its blank lines
    included); "" when there is nothing but spaces."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise Unprocessable(_("%(field)s must be text.") % {"field": label}, {field: [label]})
    text = value.replace("\r\n", "\n")
    if len(text) > 2 * limit:
        raise TooLarge(_("%(field)s is far too long to keep.") % {"field": label})
    try:
        return within_limit(field, storable(field, text), limit, label) if text.strip() else ""
    except InvalidInput as exc:  # over the limit, or a character no database can keep
        raise Unprocessable(exc.message, exc.errors) from exc


def may_save_draft(user: Any) -> None:
    if not ratelimit.attempt("draft", str(user.pk), PER_MINUTE, 60):
        raise TooMany(_("Too many saves in a minute. Wait a moment and try again."))


def check_preview(*, user: Any, body: object, limit: int) -> SafeString:
    """The sanitised HTML a post with this text would show."""
    if not ratelimit.attempt("preview", str(user.pk), PER_MINUTE, 60):
        raise TooMany(_("Too many previews in a minute. Wait a moment and try again."))
    return render_markdown(draft_text(body, "body", limit, _("The message")))


def quoted(author: Any, body: str) -> str:
    """A post as Markdown quote lines under "Name wrote:", to start a reply with."""
    name = " ".join(author.display_name.split()) if author else _("A former member")
    lines = [f"> {line}".rstrip() for line in body.strip().splitlines()]
    return "\n".join([_("%(name)s wrote:") % {"name": name}, *lines]) + "\n\n"


def too_big(request: HttpRequest) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BYTES
    except ValueError:
        return True


def refusal(exc: ActionError) -> JsonResponse:
    status = exc.status if exc.status in {413, 429} else 422
    return JsonResponse({"detail": exc.message}, status=status)


def say_saved(request: HttpRequest, draft: Saved | None) -> None:
    """What the form's "Save draft" button says, on the page it comes back to."""
    messages.success(
        request,
        _("Your draft is saved. It will be here when you come back, on any device.")
        if draft is not None
        else _("There was nothing to save yet."),
    )


def say_discarded(request: HttpRequest) -> None:
    messages.success(request, _("Your draft is discarded."))


def saved(draft: Saved | None) -> JsonResponse:
    """The answer to a draft saved as they type: the line editor.js shows under the form."""
    if draft is None:
        return JsonResponse({"saved": False, "message": ""})
    at = formats.time_format(timezone.localtime(draft.updated_at), "TIME_FORMAT")
    message = one_full_stop(_("Draft saved at %(time)s.") % {"time": at})
    return JsonResponse({"saved": True, "message": message})
