"""A gathering's call for topics: opening it, the page where members suggest topics, and
the one action that puts a suggested topic on the agenda (fireside/gatherings/topic_calls.py)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from fireside.communities.access import Standing
from fireside.gatherings import topic_calls
from fireside.gatherings.access import gathering_view
from fireside.gatherings.forms import TopicForm
from fireside.gatherings.models import Gathering, Topic, TopicCall
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor


class OpenCallForm(forms.Form):
    date = forms.DateField(
        label=gettext_lazy("Closes on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    time = forms.TimeField(
        label=gettext_lazy("At"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=gettext_lazy("In the gathering's time zone."),
    )

    def closes_at(self) -> dt.datetime:
        return dt.datetime.combine(self.cleaned_data["date"], self.cleaned_data["time"])


def _call_of(gathering: Gathering) -> TopicCall | None:
    return TopicCall.objects.filter(gathering=gathering).first()


@gathering_view("content")
def topic_call(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    """Members suggest topics here while the call is open, and see what others suggested."""
    call = _call_of(gathering)
    if call is not None:
        call.gathering = gathering
    return _page(request, gathering, standing, call, TopicForm())


def _page(
    request: HttpRequest,
    gathering: Gathering,
    standing: Standing,
    call: TopicCall | None,
    form: TopicForm,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "gatherings/topic_call.html",
        {
            "gathering": gathering,
            "community": gathering.community,
            "standing": standing,
            "call": call,
            "topics": list(topic_calls.topics_of(call)) if call else [],
            "form": form,
        },
        status=status,
    )


@gathering_view("plan")
def open_topic_call(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    if _call_of(gathering) is not None:
        return redirect("gatherings:topic_call", gathering.pk)
    default = gathering.local_start - dt.timedelta(days=2)
    form = OpenCallForm(
        request.POST if request.method == "POST" else None,
        initial={"date": default.date(), "time": default.time().replace(second=0, microsecond=0)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            topic_calls.check_open_call(
                actor=actor(request), gathering=gathering, closes_at=form.closes_at()
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("The call is open. Every member is told by email."))
            return redirect("gatherings:topic_call", gathering.pk)
    return render(
        request,
        "gatherings/topic_call_open.html",
        {
            "gathering": gathering,
            "community": gathering.community,
            "standing": standing,
            "form": form,
        },
    )


@require_POST
@gathering_view("content")
def suggest_topic(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    call = _call_of(gathering)
    if call is None:
        messages.error(request, _("There is no call for topics for this gathering."))
        return redirect("gatherings:topic_call", gathering.pk)
    call.gathering = gathering
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            topic_calls.check_suggest_topic(
                user=actor(request),
                call=call,
                title=form.cleaned_data["title"],
                details=form.cleaned_data["details"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Thank you! Your topic is in, with your vote."))
            return redirect("gatherings:topic_call", gathering.pk)
    return _page(request, gathering, standing, call, form)


@require_POST
@gathering_view("plan")
def add_call_topic(
    request: HttpRequest, gathering: Gathering, standing: Standing, topic_id: int
) -> HttpResponse:
    call = _call_of(gathering)
    topic = get_object_or_404(Topic, pk=topic_id, community=gathering.community)
    back = reverse("gatherings:edit", args=[gathering.pk]) + "#call-topics"
    if call is None:
        messages.error(request, _("There is no call for topics for this gathering."))
        return redirect(back)
    call.gathering = gathering
    try:
        topic_calls.check_add_to_agenda(actor=actor(request), call=call, topic=topic)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("“%(title)s” is on the agenda.") % {"title": topic.title})
    return redirect(back)
