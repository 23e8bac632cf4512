from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse


def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: a fixed answer after Fireside's whole middleware stack, so
    bench/run can state every page's cost as a multiple of it. Off unless BENCH is on."""
    if not settings.BENCH:
        raise Http404
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
