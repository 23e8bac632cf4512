"""The audit log: who changed what, for a program's coordinators and for staff."""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from fireside.audit import log, targets
from fireside.audit.forms import VerbFilterForm
from fireside.audit.models import AuditEvent
from fireside.lib import audit_verbs as verbs
from fireside.lib.errors import Refused
from fireside.lib.http import actor


def _page(
    request: HttpRequest,
    events: QuerySet[AuditEvent],
    verbs: Iterable[str],
    zone: ZoneInfo,
    context: dict[str, object],
) -> HttpResponse:
    form = VerbFilterForm(request.GET or None, verbs=verbs)
    if verb := form.chosen_verb():
        events = events.filter(verb=verb)
    page = Paginator(events.order_by("-at", "-pk"), log.PER_PAGE).get_page(request.GET.get("page"))
    context |= {
        "form": form,
        "page": page,
        "rows": log.rows(list(page), zone, actor(request)),
        "zone": zone,
    }
    return render(request, "audit/log.html", context)


@login_required
def program(request: HttpRequest, program_id: int) -> HttpResponse:
    """A program's accountable changes, for its coordinators (the check is programs':
    fireside/programs/audit_targets.py)."""
    program = targets.program_for(request.user, program_id)
    zone = ZoneInfo(program.timezone)
    events = log.program_events(program.pk)
    return _page(request, events, verbs.COORDINATOR_VERBS, zone, {"program": program})


@login_required
def everything(request: HttpRequest) -> HttpResponse:
    """Every event, for staff."""
    user = actor(request)
    if not user.is_staff:
        raise Refused(403)
    zone = ZoneInfo(user.timezone or "UTC")
    return _page(request, log.all_events(), verbs.VERBS, zone, {"program": None})
