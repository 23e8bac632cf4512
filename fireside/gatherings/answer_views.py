"""The page behind an email's Yes / Maybe / No link: no sign-in, the signed link is the key
(see fireside/gatherings/answers.py). GET shows what would be recorded; the button POSTs it."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from fireside.gatherings import answers
from fireside.gatherings.models import Rsvp
from fireside.gatherings.notices import local_time_for
from fireside.gatherings.views import RSVP_THANKS
from fireside.lib.errors import ActionError
from fireside.lib.i18n import speaking_to


def _page(request: HttpRequest, context: dict[str, Any], status: int = 200) -> HttpResponse:
    response = render(request, "gatherings/answer.html", context, status=status)
    # The address is a key: it stays out of caches, search engines and other sites' logs.
    # ("no-referrer" would make browsers post the form with "Origin: null", which the CSRF
    # check rightly refuses.)
    response["Cache-Control"] = "no-store"
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_http_methods(["GET", "POST"])
def email_answer(request: HttpRequest, answer_token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            link, changed = answers.do_answer_by_link(token=answer_token, visitor=request.user)
            state = "done" if changed else "already"
        else:
            link = answers.check_answer_link(token=answer_token, visitor=request.user)
            state = "already" if link.already_in else "confirm"
    except ActionError as exc:
        return _page(request, {"state": "refused", "message": exc.message}, exc.status)
    g = link.gathering
    with speaking_to(link.user):  # the language and time zone of the email it came from
        return _page(
            request,
            {
                "state": state,
                "gathering": g,
                "community": g.community,
                "person": link.user,
                "response": link.response,
                "answer": Rsvp.Response(link.response).label,
                "thanks": RSVP_THANKS[Rsvp.Response(link.response)],
                "time": local_time_for(link.user, g.starts_at, g.timezone),
            },
        )
