"""A gathering's activities page and its "more or less" rounds (fireside/activities/
more_or_less.py). Everything here is for the group's active members only."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.activities import more_or_less, practices
from fireside.activities.access import get_card_for, get_round_for
from fireside.activities.forms import AgendaForm, CardForm, RoundForm
from fireside.activities.models import Card, Round
from fireside.communities.access import Need, Standing
from fireside.gatherings.access import gathering_view
from fireside.gatherings.models import Activity, AgendaItem, Gathering
from fireside.lib.errors import ActionError, Refused
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor

View = Callable[..., HttpResponse]


def round_view(need: Need) -> Callable[[View], View]:
    """Every page of one round: its group's standing first (outsiders get 404)."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, round_id: int) -> HttpResponse:
            found, standing = get_round_for(request.user, round_id, need)
            return view(request, found, standing)

        return wrapped

    return decorate


def _gathering_page(
    request: HttpRequest, gathering: Gathering, standing: Standing, form: RoundForm | None = None
) -> HttpResponse:
    rounds = list(gathering.more_or_less_rounds.all())
    started = {r.agenda_item_id for r in rounds}
    asking = [
        item
        for item in gathering.agenda.all()
        if item.activity == Activity.MORE_OR_LESS and item.pk not in started
    ]
    return render(
        request,
        "activities/gathering.html",
        {
            "gathering": gathering,
            "community": gathering.community,
            "standing": standing,
            "rounds": rounds,
            "asking": asking if standing.can_plan else [],
            "practices": list(practices.practices_of(gathering)),
            "waiting": practices.waiting_items(gathering),
            "form": form or RoundForm(),
        },
        status=400 if form is not None else 200,
    )


@gathering_view("content")
def gathering_activities(
    request: HttpRequest, gathering: Gathering, standing: Standing
) -> HttpResponse:
    return _gathering_page(request, gathering, standing)


@require_POST
@gathering_view("plan")
def open_round(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    item = None
    if request.POST.get("agenda_item"):
        item = AgendaItem.objects.filter(
            pk=_number(request.POST["agenda_item"]), gathering=gathering
        ).first()
        if item is None:
            messages.error(request, _("This agenda item is no longer on the agenda."))
            return redirect("activities:gathering", gathering.pk)
    form = RoundForm(request.POST if item is None else {"topic": item.topic})
    if not form.is_valid():
        return _gathering_page(request, gathering, standing, form)
    try:
        found = more_or_less.check_open_round(
            actor=actor(request),
            gathering=gathering,
            topic=form.cleaned_data["topic"],
            agenda_item=item,
        )
    except ActionError as exc:
        add_action_error(form, exc)
        return _gathering_page(request, gathering, standing, form)
    messages.success(request, _("The round is open: members can add their cards now."))
    return redirect("activities:round", found.pk)


def _number(value: str) -> int:
    return int(value) if value.isdigit() and len(value) < 18 else 0


def _round_page(
    request: HttpRequest,
    found: Round,
    standing: Standing,
    form: CardForm | None = None,
    agenda_form: AgendaForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = actor(request)
    groups = more_or_less.grouped(found)
    context: dict[str, Any] = {
        "round": found,
        "gathering": found.gathering,
        "community": found.gathering.community,
        "standing": standing,
        "groups": groups,
        "sides": [
            ("more", _("More of…"), groups.more),
            ("less", _("Less of…"), groups.less),
        ],
        "mine": more_or_less.cards_of(user, found),
        "form": form or CardForm(initial={"side": Card.Side.MORE}),
        "agenda_form": agenda_form,
    }
    if standing.can_plan and not found.is_open:
        context["next_gathering"] = more_or_less.next_gathering(found)
    return render(request, "activities/round.html", context, status=status)


@round_view("content")
def round_detail(request: HttpRequest, found: Round, standing: Standing) -> HttpResponse:
    return _round_page(request, found, standing)


@require_POST
@round_view("content")
def add_card(request: HttpRequest, found: Round, standing: Standing) -> HttpResponse:
    form = CardForm(request.POST)
    if form.is_valid():
        try:
            more_or_less.check_add_card(user=actor(request), round=found, **form.cleaned_data)
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Your card is in. Add another whenever you like."))
            return redirect("activities:round", found.pk)
    return _round_page(request, found, standing, form=form, status=400)


@require_POST
@round_view("plan")
def close_round(request: HttpRequest, found: Round, standing: Standing) -> HttpResponse:
    try:
        more_or_less.check_close_round(actor=actor(request), round=found)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The round is closed. Its cards can now feed the next agenda."))
    return redirect("activities:round", found.pk)


@require_POST
@round_view("plan")
def to_agenda(request: HttpRequest, found: Round, standing: Standing) -> HttpResponse:
    form = AgendaForm(request.POST)
    if form.is_valid():
        try:
            coming = more_or_less.check_to_agenda(
                actor=actor(request), round=found, **form.cleaned_data
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request,
                _("“%(topic)s” is on the agenda of “%(title)s”.")
                % {"topic": form.cleaned_data["topic"], "title": coming.title},
            )
            return redirect("activities:round", found.pk)
    return _round_page(request, found, standing, agenda_form=form, status=400)


@require_POST
@gathering_view("plan")
def suggest(request: HttpRequest, gathering: Gathering, standing: Standing) -> HttpResponse:
    """From the agenda builder: a group of the last round's cards goes on this agenda."""
    back = redirect(reverse("gatherings:edit", args=[gathering.pk]) + "#agenda")
    found = Round.objects.filter(
        pk=_number(request.POST.get("round", "")), gathering__community=gathering.community
    ).first()
    form = AgendaForm(request.POST)
    if found is None or not form.is_valid():
        messages.error(request, _("Please write a topic of at most 200 characters, then add it."))
        return back
    try:
        more_or_less.check_to_agenda(
            actor=actor(request), round=found, gathering=gathering, **form.cleaned_data
        )
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("“%(topic)s” is on the agenda.") % {"topic": form.cleaned_data["topic"]}
        )
    return back


def _own_card(request: HttpRequest, card_id: int) -> tuple[Card, Standing]:
    """A card is its author's to change: others of the group are refused (403)."""
    card, standing = get_card_for(request.user, card_id, "content")
    if card.author_id != actor(request).pk:
        raise Refused(403)
    return card, standing


def edit_card(request: HttpRequest, card_id: int) -> HttpResponse:
    card, standing = _own_card(request, card_id)
    form = CardForm(
        request.POST if request.method == "POST" else None,
        initial={"side": card.side, "text": card.text},
    )
    if request.method == "POST" and form.is_valid():
        try:
            more_or_less.check_edit_card(user=actor(request), card=card, **form.cleaned_data)
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Your card is changed."))
            return redirect("activities:round", card.round_id)
    return render(
        request,
        "activities/card_edit.html",
        {
            "card": card,
            "round": card.round,
            "gathering": card.round.gathering,
            "community": card.round.gathering.community,
            "standing": standing,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@require_POST
def delete_card(request: HttpRequest, card_id: int) -> HttpResponse:
    card, _standing = _own_card(request, card_id)
    try:
        more_or_less.check_delete_card(user=actor(request), card=card)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your card is deleted."))
    return redirect("activities:round", card.round_id)
