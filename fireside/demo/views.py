from __future__ import annotations

from django.http import HttpRequest, HttpResponse


def floor(request: HttpRequest) -> HttpResponse:
    """The benchmark's floor: a fixed answer after Fireside's whole middleware stack, so
    bench/run can state every page's cost as a multiple of it. Routed only when BENCH is on."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
