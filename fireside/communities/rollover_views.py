"""Starting next year (a coordinator) and keeping one's seat (a member of last year)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from fireside.communities import rollover, seat_holds
from fireside.lib.errors import ActionError, NotFoundError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.programs.access import get_program_for
from fireside.programs.forms import KeepSeatForm, RolloverForm


@login_required
def program_rollover(request: HttpRequest, program_id: int) -> HttpResponse:
    """What next year will copy, its name and the seat deadline; then "Start the new year"."""
    program, _standing = get_program_for(request.user, program_id, "manage")
    later = rollover.continued_in(program)
    if later is not None:
        return render(request, "communities/rollover.html", {"program": program, "later": later})
    form = RolloverForm(request.POST if request.method == "POST" else None)
    plan = rollover.plan_rollover(program=program)
    if request.method == "POST" and form.is_valid():
        try:
            new = rollover.check_rollover(
                actor=actor(request),
                program=program,
                name=form.cleaned_data["name"],
                keep_seat_until=form.cleaned_data["keep_seat_until"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s has started; last year's members are asked about their seats.")
                % {"name": new.name},
            )
            return redirect("programs:detail", program_id=new.pk)
    elif request.method != "POST":
        form = RolloverForm(initial={"name": plan.name, "keep_seat_until": plan.keep_seat_until})
    return render(
        request, "communities/rollover.html", {"program": program, "plan": plan, "form": form}
    )


@login_required
def seat_hold(request: HttpRequest, hold_id: int) -> HttpResponse:
    """ "Keep your seat for next year?": only the person it is for sees it (404 otherwise)."""
    user = actor(request)
    try:
        hold = seat_holds.get_hold_for(user, hold_id)
    except NotFoundError as exc:
        raise Http404 from exc
    form = KeepSeatForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["answer"] == "keep"
        try:
            seat_holds.check_answer_hold(
                user=user,
                hold=hold,
                keep=keep,
                agree_to_agreement=form.cleaned_data["agree_to_agreement"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            if keep:
                messages.success(
                    request, _("Welcome back to %(name)s!") % {"name": hold.community.name}
                )
                return redirect("communities:home", community_id=hold.community_id)
            messages.info(
                request, _("Thank you for telling us. Your seat goes to someone waiting.")
            )
            return redirect("home")
    return render(
        request,
        "communities/seat_hold.html",
        {
            "hold": hold,
            "community": hold.community,
            "open": seat_holds.is_open(hold),
            "closed_message": seat_holds.closed_message(hold),
            "form": form,
        },
    )
