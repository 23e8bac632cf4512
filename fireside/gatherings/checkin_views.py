"""Check-in pages: the facilitator's code and QR, a member's check-in, and "everyone
present" from the attendance sheet. Logic in fireside/gatherings/checkin.py."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fireside.communities.access import Standing
from fireside.gatherings import checkin
from fireside.gatherings.access import gathering_view
from fireside.gatherings.models import Gathering
from fireside.lib.errors import ActionError
from fireside.lib.forms import TextField
from fireside.lib.http import actor


class CheckInForm(forms.Form):
    code = TextField(
        label=gettext_lazy("Check-in code"),
        max_length=20,
        help_text=gettext_lazy("The six letters and digits the facilitator shows."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )


def _checkin_url(request: HttpRequest, g: Gathering) -> str:
    path = reverse("gatherings:check_in", args=[g.pk])
    return request.build_absolute_uri(f"{path}?code={checkin.code_for(g)}")


@gathering_view("facilitate")
def checkin_code(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    """What the facilitator shows the room: the code, big, and a QR code to scan."""
    g = gathering
    is_open = checkin.is_open(g)
    context = {
        "gathering": g,
        "community": g.community,
        "standing": standing,
        "is_open": is_open,
        "opens_at": checkin.opens_at(g),
        "over": timezone.now() > g.ends_at,
    }
    if is_open:
        url = _checkin_url(request, g)
        context |= {"code": checkin.code_for(g), "qr": checkin.qr_svg(url), "url": url}
    return render(request, "gatherings/checkin_code.html", context)


@gathering_view("content")
def check_in(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    """A member types the code (or arrives from the QR code with it filled in) and taps
    once: a GET never checks anyone in."""
    g = gathering
    if request.method == "POST":
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                checkin.check_in(user=actor(request), gathering=g, code=form.cleaned_data["code"])
            except ActionError as exc:
                form.add_error("code", exc.message)
            else:
                messages.success(request, _("You are checked in. Welcome!"))
                return redirect("gatherings:detail", gathering_id=g.pk)
    else:
        form = CheckInForm(initial={"code": request.GET.get("code", "")[:20]})
    return render(
        request,
        "gatherings/check_in.html",
        {
            "gathering": g,
            "community": g.community,
            "standing": standing,
            "form": form,
            "is_open": checkin.is_open(g),
            "opens_at": checkin.opens_at(g),
        },
    )


@require_POST
@gathering_view("facilitate")
def everyone_present(
    request: HttpRequest, gathering: Gathering, standing: Standing
) -> HttpResponse:
    """The sheet's "Everyone present" button: every member, for the whole length."""
    g = gathering
    try:
        rows = checkin.check_everyone_present(actor=actor(request), gathering=g)
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("gatherings:attendance", gathering_id=g.pk)
    messages.success(
        request,
        _("Attendance is saved: all %(n)s present. Now, the notes?") % {"n": len(rows)},
    )
    return redirect("gatherings:notes", gathering_id=g.pk)
