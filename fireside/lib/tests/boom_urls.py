"""A URL that fails, for the logging and error-report tests."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt

from fireside import urls as site


@csrf_exempt
def boom(request: HttpRequest) -> HttpResponse:
    logging.getLogger("fireside.test").info("about to fail")
    raise RuntimeError(f"no account for {request.POST.get('email', 'nobody')}")


# With the site's own, so that its error pages render as they do in production.
urlpatterns = [path("boom/", boom), *site.urlpatterns]
handler400 = site.handler400
handler403 = site.handler403
handler404 = site.handler404
handler500 = site.handler500
