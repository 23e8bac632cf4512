"""POST /inbound/email: an operator's mail service hands over one raw email (the request's
body, as is). A machine route: no session, no CSRF token, the shared secret is the key."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from fireside.inbound.receive import receive
from fireside.lib import ratelimit
from fireside.lib.http import client_ip

# Emails a mail service may post a minute: a busy group's morning fits many times over.
RATE_LIMIT = 120
RATE_WINDOW = 60


def _authorised(request: HttpRequest) -> bool:
    secret = settings.INBOUND_EMAIL_SECRET
    given = request.headers.get("Authorization", "")
    scheme, _space, value = given.partition(" ")
    if not secret or scheme.lower() != "bearer":
        return False
    return hmac.compare_digest(value.strip().encode(), secret.encode())


def _answer(status: int, detail: str, **extra: str) -> JsonResponse:
    return JsonResponse({"detail": detail, **extra}, status=status)


@csrf_exempt
@require_POST
def email(request: HttpRequest) -> JsonResponse:
    if not _authorised(request):
        return _answer(403, "Send the inbound secret: Authorization: Bearer <secret>.")
    if not ratelimit.attempt("inbound-email", client_ip(request), RATE_LIMIT, RATE_WINDOW):
        return _answer(429, "Too many emails at once: try again in a minute.")
    limit = settings.INBOUND_EMAIL_MAX_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        return _answer(413, f"An email may be at most {limit} bytes.")
    raw = request.read(limit + 1)
    if len(raw) > limit:
        return _answer(413, f"An email may be at most {limit} bytes.")
    if not raw.strip():
        return _answer(400, "Send the raw email (RFC 5322) as the request's body.")
    received = receive(raw, recipient=request.GET.get("recipient", ""))
    return _answer(202, "Accepted.", outcome=received.outcome)
