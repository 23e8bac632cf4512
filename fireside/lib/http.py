"""Error pages: JSON with a `detail` under /api/, friendly HTML elsewhere."""

from __future__ import annotations

import ipaddress
import math
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import RequestDataTooBig
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import fireside


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _error(request: HttpRequest, status: int, detail: str, title: str) -> HttpResponse:
    if _is_api(request):
        return JsonResponse({"detail": detail}, status=status)
    return render(request, "error.html", {"title": title, "detail": detail}, status=status)


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 404, _("Not found."), _("Page not found"))


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return _error(request, 403, _("You are not allowed to do this."), _("Not allowed"))


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    if isinstance(exception, RequestDataTooBig):  # a multipart form's text past the limit
        return too_large(request)
    return _error(request, 400, _("The request could not be understood."), _("Bad request"))


def _megabytes(size: int, *, up: bool = False) -> str:
    tenths = size / 104_857.6
    return number_format((math.ceil(tenths) if up else round(tenths)) / 10, decimal_pos=1)


def too_large(request: HttpRequest, sent: int | None = None) -> HttpResponse:
    """413: what the limit is, what was sent when known, and that nothing was saved. The
    web page says how to get the text back (the browser's Back button keeps it)."""
    limit = _megabytes(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0)
    detail = _(
        "The request is too large: at most %(size)s MB of text. Shorten it and try again."
    ) % {"size": limit}
    if _is_api(request):
        return JsonResponse({"detail": detail}, status=413)
    context = {
        "title": _("Too large to send"),
        "detail": detail,
        "limit": limit,
        "sent": _megabytes(sent, up=True) if sent else None,  # over, never "2.5 of 2.5"
    }
    return render(request, "too_large.html", context, status=413)


def server_error(request: HttpRequest) -> HttpResponse:
    return _error(
        request,
        500,
        _("Something went wrong on our side. Nothing was changed."),
        _("Something went wrong"),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return _error(
        request,
        403,
        _("The form expired or came from another site. Reload and try again."),
        _("Please try again"),
    )


def refusal(request: HttpRequest, status: int, detail: str = "", title: str = "") -> HttpResponse:
    """What a refused web request gets: sign in first, or a plain 403/404 page (saying why
    when the refusal gave a reason)."""
    if not request.user.is_authenticated and not _is_api(request):
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if status != 404 and detail:
        return _error(request, status, detail, title or _("Not allowed"))
    return not_found(request) if status == 404 else forbidden(request)


# Whether the request being served may change something (any method but GET, HEAD,
# OPTIONS, TRACE). Access checks read it to keep a closed program year as it was
# (fireside/communities/access.py) without every view saying so.
_writing: ContextVar[bool] = ContextVar("writing", default=False)


def is_write_request() -> bool:
    return _writing.get()


class RefusalMiddleware:
    """Turns an access helper's Refused (and a 404 inside a community) into the right answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _writing.set(request.method not in {"GET", "HEAD", "OPTIONS", "TRACE"})
        try:
            return self.get_response(request)
        finally:
            _writing.reset(token)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from fireside.lib.errors import Refused

        if isinstance(exception, Refused):
            return refusal(request, exception.status, exception.detail, exception.title)
        return None


NUL_DETAIL = gettext_lazy(
    "The request contains a NUL character (\\0), which is never part of real text. Remove it and "
    "send the request again."
)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


class RejectNulMiddleware:
    """Answers 400 to a NUL character in the path or the query string. PostgreSQL refuses NUL
    in text, so a single "%00" in a search or a filter turned the lookup into a 500. Bodies
    are the forms' and the actions' to check: they name the field (and reading a multipart
    body here would bypass the streaming size limit of uploads)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or _has_nul(dict(request.GET.lists())):
            return _error(request, 400, str(NUL_DETAIL), _("Bad request"))
        return self.get_response(request)


def _is_json(content_type: str) -> bool:
    return content_type == "application/json" or content_type.endswith("+json")


# Machine routes that check their own body limit, after their secret: a mail service posts a
# whole email to /inbound/email (up to INBOUND_EMAIL_MAX_BYTES, fireside.inbound.views).
OWN_BODY_LIMIT = frozenset({"/inbound/email"})


class RequestBodyMiddleware:
    """Refuses a body Fireside will not read before anything reads it: 413 past
    DATA_UPLOAD_MAX_MEMORY_SIZE (Django's own check raises only when the body is first read,
    by the CSRF check or deep in the API, where it became a 500 with a traceback in
    development and a bare 400 in production), and 415 for an API body that is neither JSON
    nor a multipart upload. Multipart bodies carry files: their limits are the uploads'."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return bad_request(request)
        if (
            length > 0
            and request.content_type != "multipart/form-data"
            and request.path_info not in OWN_BODY_LIMIT
        ):
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if limit is not None and length > limit:
                return too_large(request, length)
            if _is_api(request) and not _is_json(request.content_type or ""):
                return _error(
                    request,
                    415,
                    _(
                        "Send JSON, with the header Content-Type: application/json (or a file "
                        "as multipart/form-data where the API takes one)."
                    ),
                    _("Unsupported type"),
                )
        return self.get_response(request)


def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:  # any database failure means "not healthy"
        return JsonResponse(
            {"status": "error", "database": "unreachable", "version": fireside.__version__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok", "version": fireside.__version__})


def actor(request: HttpRequest) -> Any:
    """The signed-in person behind a request (views are already behind login_required)."""
    from fireside.lib.errors import Refused

    user = request.user
    if not isinstance(user, get_user_model()) or not user.is_active:
        raise Refused(404)
    return user


def _trusted(address: str, networks: list[Any]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the client behind a request, for per-client limits.

    REMOTE_ADDR, unless it is one of TRUSTED_PROXIES: then the right-most address in
    X-Forwarded-For that is not itself a trusted proxy (each proxy appends the address it
    saw, so entries left of it may be made up by the client). Junk where an address should
    be ends the walk at REMOTE_ADDR, never at a value anyone could have written."""
    remote: str = request.META.get("REMOTE_ADDR", "")
    networks = [ipaddress.ip_network(n) for n in settings.TRUSTED_PROXIES]
    if not networks or not _trusted(remote, networks):
        return remote
    forwarded: str = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        try:
            address = str(ipaddress.ip_address(entry.strip()))
        except ValueError:
            return remote
        if not _trusted(address, networks):
            return address
    return remote
