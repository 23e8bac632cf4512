"""The "Hours and certificates" section of api-v1.md: the caller's ledger, certificates of
participation, their public verification and their PDFs.

Hours are JSON numbers written with exactly two decimals (12.50, not 12.5), straight from the
Decimals the ledger and the certificates hold: a client parsing numbers as decimals gets the
very figures printed on the ledger page and the PDF.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from fireside.api.core import Id, caller, me
from fireside.certificates import actions
from fireside.certificates.access import (
    get_certificate,
    get_certificate_for_holder,
    get_certificate_to_manage,
)
from fireside.certificates.models import Certificate
from fireside.certificates.pdf import verify_url
from fireside.certificates.views import pdf_response
from fireside.hours.access import get_program_for_participant
from fireside.hours.ledger import CONNECTIONS, SOURCES, ledger_for, memberships_in
from fireside.lib.errors import NotFoundError
from fireside.programs.models import Program

router = Router(tags=["hours"])

_MARK = "\x00hours:"
_MARKED = re.compile(r'"\\u0000hours:(-?\d+\.\d{2})"')


def _mark(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{_MARK}{value:.2f}"
    if isinstance(value, dict):
        return {k: _mark(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mark(v) for v in value]
    return value


def decimal_json(data: dict[str, Any], status: int = 200) -> HttpResponse:
    """JSON whose Decimals are numbers with two places."""
    text = _MARKED.sub(r"\1", json.dumps(_mark(data), default=str))
    return HttpResponse(text, status=status, content_type="application/json")


class HoursQuery(Schema):
    program: Id | None = Field(
        None, description="A program's id; without it, the caller's current program."
    )


class SourcesOut(Schema):
    gatherings: float
    connections: float
    reflections: float
    online_conversations: float
    preparation: float


class HoursOut(Schema):
    program: int | None
    total_hours: float
    monthly_target: float | None
    by_source: SourcesOut
    by_month: dict[str, float]
    minutes_by_source: dict[str, int]
    counts: dict[str, int]
    # Connections that do not count yet (waiting for the partner, or disputed): apart from
    # every figure above.
    pending: SourcesOut
    pending_minutes_by_source: dict[str, int]
    pending_counts: dict[str, int]


class CertificateOut(Schema):
    code: str
    hours: float
    issued_on: str
    pdf_url: str
    verify_url: str
    name: str
    program: int
    program_name: str
    period_start: str
    period_end: str
    by_source: SourcesOut
    valid: bool


class VerificationOut(Schema):
    valid: bool
    name: str
    program: str
    hours: float
    issued_on: str


class RevokeIn(Schema):
    reason: str


def _current_program(user: Any) -> Program | None:
    """The program of the caller's newest place: active first, else the last they left."""
    from fireside.communities.models import Membership

    place = (
        Membership.objects.filter(user=user, joined_on__isnull=False)
        .exclude(status=Membership.Status.WAITLISTED)
        .select_related("community__program")
        .order_by("status", "-joined_on", "-pk")  # "active" sorts before "left"
        .first()
    )
    return place.community.program if place else None


@router.get("/me/hours", response={200: HoursOut})
def my_hours(request: HttpRequest, query: Query[HoursQuery]) -> HttpResponse:
    """Hours by source and by month in a program, against its monthly target. A program the
    caller never took part in has no hours (zeros); an unknown program is 404."""
    user = me(request)
    program = (
        get_object_or_404(Program, pk=query.program)
        if query.program is not None
        else _current_program(user)
    )
    if program is None:
        zero = Decimal("0.00")
        return decimal_json(
            {
                "program": None,
                "total_hours": zero,
                "monthly_target": None,
                "by_source": dict.fromkeys(SOURCES, zero),
                "by_month": {},
                "minutes_by_source": dict.fromkeys(SOURCES, 0),
                "counts": dict.fromkeys(SOURCES, 0),
                "pending": dict.fromkeys(SOURCES, zero),
                "pending_minutes_by_source": dict.fromkeys(SOURCES, 0),
                "pending_counts": dict.fromkeys(SOURCES, 0),
            }
        )
    ledger = ledger_for(user, program, memberships=memberships_in(user, program))
    pending, pending_hours = ledger.pending_minutes, ledger.pending_hours
    return decimal_json(
        {
            "program": program.pk,
            "total_hours": ledger.total_hours,
            "monthly_target": ledger.target,
            "by_source": ledger.tally.by_source(),
            "by_month": ledger.by_month(),
            "minutes_by_source": {s: getattr(ledger.tally, s) for s in SOURCES},
            "counts": ledger.counts,
            "pending": {**dict.fromkeys(SOURCES, Decimal("0.00")), CONNECTIONS: pending_hours},
            "pending_minutes_by_source": {**dict.fromkeys(SOURCES, 0), CONNECTIONS: pending},
            "pending_counts": {**dict.fromkeys(SOURCES, 0), CONNECTIONS: len(ledger.pending)},
        }
    )


def certificate_out(request: HttpRequest, c: Certificate) -> dict[str, Any]:
    return {
        "code": c.display_code,
        "hours": c.total_hours,
        "issued_on": c.issued_on.isoformat(),
        "pdf_url": request.build_absolute_uri(
            reverse("api:certificate_pdf", kwargs={"code": c.display_code})
        ),
        "verify_url": verify_url(c.code),
        "name": c.name,
        "program": c.program_id,
        "program_name": c.program_name,
        "period_start": c.period_start.isoformat(),
        "period_end": c.period_end.isoformat(),
        "by_source": c.by_source(),
        "valid": c.is_valid,
    }


@router.post(
    "/programs/{program_id}/certificates", response={200: CertificateOut, 201: CertificateOut}
)
def issue_certificate(request: HttpRequest, program_id: int) -> HttpResponse:
    """A certificate of participation for the caller's hours so far: 201 with a new code when
    the hours changed since their last valid one, else 200 with that one (asking twice never
    makes twins). 422 without hours; 403 for someone who never took part in the program."""
    user = me(request)
    program, places = get_program_for_participant(user, program_id)
    certificate, created = actions.check_issue_certificate(
        user=user, program=program, memberships=places
    )
    return decimal_json(certificate_out(request, certificate), status=201 if created else 200)


@router.get("/certificates/{code}", auth=None, response={200: VerificationOut})
def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """Public: whether the certificate is valid, for whom, which program, how many hours,
    issued when. 404 for an unknown code."""
    caller(request)  # a bad bearer token is still refused
    c = get_certificate(code)
    return decimal_json(
        {
            "valid": c.is_valid,
            "name": c.name,
            "program": c.program_name,
            "hours": c.total_hours,
            "issued_on": c.issued_on.isoformat(),
        }
    )


@router.get("/certificates/{code}/pdf", url_name="certificate_pdf")
def certificate_pdf(request: HttpRequest, code: str) -> HttpResponseBase:
    """The PDF, for its holder only (404 for anyone else, and once revoked)."""
    certificate = get_certificate_for_holder(me(request), code)
    if not certificate.is_valid:
        raise NotFoundError(_("This certificate was revoked, so it cannot be downloaded."))
    return pdf_response(certificate)


@router.post("/certificates/{code}/revoke", response={200: CertificateOut})
def revoke_certificate(request: HttpRequest, code: str, payload: RevokeIn) -> HttpResponse:
    """For the program's coordinators: `{reason}`; the holder is told why, verification only
    says it is no longer valid. 409 when already revoked."""
    user = me(request)
    certificate = get_certificate_to_manage(user, code)
    revoked = actions.check_revoke_certificate(
        actor=user, certificate=certificate, reason=payload.reason
    )
    return decimal_json(certificate_out(request, revoked))
