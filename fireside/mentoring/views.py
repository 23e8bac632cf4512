from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from fireside.accounts.faces import Faces
from fireside.accounts.models import User
from fireside.communities.access import get_community_for
from fireside.communities.models import Membership
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.mentoring import actions, pair_messages, pair_space, questionnaire, review
from fireside.mentoring.access import (
    get_connection_for,
    get_pairing_for,
    get_pairing_to_manage,
    get_program_to_reflect,
    get_reflection_for,
    reflections_of,
)
from fireside.mentoring.connections import check_log_connection, do_remove_connection
from fireside.mentoring.forms import ConnectionForm, PairForm, ReflectionForm
from fireside.mentoring.models import (
    CURRENT_FIRST,
    REVIEW_DAYS,
    Connection,
    Pairing,
    PairMember,
    Review,
)
from fireside.mentoring.reflecting import prompt_of


def _group(value: str) -> list[int] | None:
    """'12-15' or '12-15-18' (a suggested group, as the suggestion page sends it)."""
    parts = value.split("-")
    if not 2 <= len(parts) <= 3 or not all(p.isdigit() and len(p) < 19 for p in parts):
        return None
    return [int(p) for p in parts]


def pairings(request: HttpRequest, community_id: int) -> HttpResponse:
    """The facilitator's page: pairs now, who is waiting, pairing by hand, earlier pairs."""
    community, standing = get_community_for(request.user, community_id, "facilitate")
    group = actions.roster(community, answers=False)
    form = PairForm(
        request.POST or None,
        people=[(m.user_id, m.user.display_name) for m in group.unpaired],
    )
    if request.method == "POST" and form.is_valid():
        try:
            pairing = actions.check_create_pairing(
                actor=actor(request), community=community, user_ids=form.user_ids()
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            names = ", ".join(u.display_name for u in pairing.users())
            messages.success(request, _("Paired: %(names)s. We emailed them.") % {"names": names})
            return redirect("mentoring:pairings", community.pk)
    all_pairs = list(
        Pairing.objects.filter(community=community)
        .with_people()
        .order_by(CURRENT_FIRST, "-starts_on", "-pk")
    )
    active_ids = {m.user_id for m in group.members}
    return render(
        request,
        "mentoring/pairings.html",
        {
            "community": community,
            "standing": standing,
            "current": [
                (p, [m.user for m in p.members() if m.user_id not in active_ids])
                for p in all_pairs
                if p.is_open
            ],
            "earlier": [p for p in all_pairs if not p.is_open],
            "unpaired": group.unpaired,
            "disputes": [
                c
                for c in review.disputes_for([community.pk])
                if request.user.pk not in {m.user_id for m in c.pairing.pair_members.all()}
            ],
            "form": form,
        },
    )


def _pairs_in(groups: list[list[int]]) -> set[tuple[int, int]]:
    return {
        (a, b) if a < b else (b, a) for g in groups for i, a in enumerate(g) for b in g[i + 1 :]
    }


def suggest(request: HttpRequest, community_id: int) -> HttpResponse:
    """Suggested pairs with their reasons, leaving out the pairs in ?avoid=a-b."""
    community, standing = get_community_for(request.user, community_id, "facilitate")
    avoid = _pairs_in([g for v in request.GET.getlist("avoid") if (g := _group(v))])
    result = actions.suggest_pairs(community=community, avoid=avoid)
    return render(
        request,
        "mentoring/suggest.html",
        {
            "community": community,
            "standing": standing,
            "result": result,
            "avoid": [f"{a}-{b}" for a, b in sorted(avoid)],
        },
    )


@require_POST
def accept(request: HttpRequest, community_id: int) -> HttpResponse:
    """Accept the ticked suggestions, or ("redo") suggest again without the unticked ones."""
    community, _standing = get_community_for(request.user, community_id, "facilitate")
    ticked = [g for v in request.POST.getlist("group") if (g := _group(v))]
    if request.POST.get("action") == "redo":
        shown = [g for v in request.POST.getlist("shown") if (g := _group(v))]
        earlier = [g for v in request.POST.getlist("avoid") if (g := _group(v))]
        avoid = _pairs_in(earlier) | _pairs_in([g for g in shown if g not in ticked])
        query = urlencode([("avoid", f"{a}-{b}") for a, b in sorted(avoid)])
        url = reverse("mentoring:suggest", args=[community.pk])
        return redirect(f"{url}?{query}" if query else url)
    try:
        made = actions.check_accept_suggestions(
            actor=actor(request), community=community, groups=ticked
        )
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("mentoring:pairings", community.pk)
    messages.success(
        request,
        ngettext(
            "%(n)d pair made. We emailed each person.",
            "%(n)d pairs made. We emailed each person.",
            len(made),
        )
        % {"n": len(made)},
    )
    return redirect("mentoring:pairings", community.pk)


@require_POST
def end(request: HttpRequest, pairing_id: int) -> HttpResponse:
    pairing, _standing = get_pairing_to_manage(request.user, pairing_id)
    try:
        actions.do_end_pairing(actor=actor(request), pairing=pairing)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("That pair has ended. Its people can be paired again."))
    return redirect("mentoring:pairings", pairing.community_id)


def pair(request: HttpRequest, pairing_id: int) -> HttpResponse:
    """A pair's own page: who, and the connections — with a form to log one quickly."""
    pairing, _standing = get_pairing_for(request.user, pairing_id)
    user = actor(request)
    today = actions.today_for(user, pairing.community.program)
    form = ConnectionForm(request.POST or None, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            check_log_connection(user=user, pairing=pairing, **form.cleaned_data)
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Logged. Thank you for keeping in touch!"))
            return redirect("mentoring:pair", pairing.pk)
    connections = list(
        Connection.objects.filter(pairing=pairing).select_related("logged_by", "disputed_by")
    )
    now = timezone.now()
    for c in connections:  # where each stands, and whether this person may review it
        state = c.review(now)
        c.state = state  # type: ignore[attr-defined]
        c.to_review = (  # type: ignore[attr-defined]
            c.logged_by_id != user.pk and state in (Review.PENDING, Review.UNCHALLENGED)
        ) or (state == Review.DISPUTED and c.disputed_by_id == user.pk)
    return render(
        request,
        "mentoring/pair.html",
        {
            "pairing": pairing,
            "community": pairing.community,
            "partners": pairing.partners_of(user.pk),
            "faces": _faces(user, pairing),
            "connections": connections,
            "total_minutes": sum(c.minutes for c in connections),
            "counting_minutes": sum(c.minutes for c in connections if c.counts(now)),
            "review_days": REVIEW_DAYS,
            "thread": pair_messages.summary(user, pairing),
            "form": form,
            **pair_space.context(pairing, user, connections),
        },
    )


def _faces(user: User, pairing: Pairing) -> Faces:
    """Partners in an open pair see each other's photos: known without a query. Once it has
    ended, only those who still share a group (one query, if any has a photo)."""
    if pairing.is_open:
        return Faces.known(user, [m.user_id for m in pairing.members() if m.ended_on is None])
    return Faces.among(user, pairing.partners_of(user.pk))


@require_POST
def remove_connection(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = get_connection_for(request.user, connection_id)
    pairing_id = connection.pairing_id
    try:
        do_remove_connection(user=actor(request), connection=connection)
    except ActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Removed."))
    return redirect("mentoring:pair", pairing_id)


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Your pairs, now and before, in every group."""
    user = actor(request)
    pairs = list(
        Pairing.objects.filter(pair_members__user=user)
        .select_related("community")
        .prefetch_related(
            Prefetch(
                "pair_members",
                queryset=PairMember.objects.select_related("user").order_by("user__name", "pk"),
            )
        )
        .annotate(new_messages=pair_messages.new_count(user, "pk"))
        .order_by(CURRENT_FIRST, "-starts_on", "-pk")
    )
    programs = {
        m.community.program_id: m.community.program
        for m in user.memberships.filter(status=Membership.Status.ACTIVE).select_related(
            "community__program"
        )
    }
    return render(
        request,
        "mentoring/mine.html",
        {
            "current": [(p, p.partners_of(user.pk)) for p in pairs if p.is_open],
            "earlier": [(p, p.partners_of(user.pk)) for p in pairs if not p.is_open],
            "programs": list(programs.values()),
            "choosing": [p for p in programs.values() if p.partner_choice == "members"],
            "with_questions": [
                programs[pk]
                for pk in sorted(questionnaire.programs_with_questions(programs), key=str)
            ],
        },
    )


def reflections(request: HttpRequest, program_id: int) -> HttpResponse:
    """This month's reflection (or a missed month's, ?month=YYYY-MM), and your earlier ones."""
    program = get_program_to_reflect(request.user, program_id)
    user = actor(request)
    first, last = actions.reflection_months(program, user)
    written = {r.month: r for r in reflections_of(user).filter(program=program)}
    try:
        month = actions.parse_month(request.GET["month"]) if "month" in request.GET else last
    except ActionError:
        month = last
    if month in written:
        return redirect("mentoring:reflection", written[month].pk)
    form = ReflectionForm(
        request.POST or None,
        prompt=prompt_of(program, month),
        shared_with=program.name if program.reflections_shared else "",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            reflection = actions.check_write_reflection(
                author=user,
                program=program,
                month=month,
                body=data["body"],
                anything_else=data["anything_else"],
                shareable_excerpt=data["shareable_excerpt"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _saved(reflection.shared_with_program))
            return redirect("mentoring:reflection", reflection.pk)
    missed = [m for m in actions.months_between(first, last) if m not in written and m != month]
    return render(
        request,
        "mentoring/reflections.html",
        {
            "program": program,
            "month": month,
            "open": first <= month <= last,
            "form": form,
            "written": sorted(written.values(), key=lambda r: r.month, reverse=True),
            "missed": missed,
        },
    )


def _saved(shared: bool) -> str:
    if shared:
        return _("Saved. You and the program's coordinators can read it.")
    return _("Saved. Only you can read it.")


def reflection(request: HttpRequest, reflection_id: int) -> HttpResponse:
    """Read and edit one of your reflections."""
    item = get_reflection_for(request.user, reflection_id)
    initial = {
        "body": item.body,
        "anything_else": item.anything_else,
        "shareable_excerpt": item.shareable_excerpt,
        "consent": item.shares_excerpt,
    }
    form = ReflectionForm(
        request.POST or None,
        initial=initial,
        prompt=item.prompt,
        shared_with=item.program.name if item.shared_with_program else "",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.check_edit_reflection(
                author=actor(request),
                reflection=item,
                body=data["body"],
                anything_else=data["anything_else"],
                shareable_excerpt=data["shareable_excerpt"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _saved(item.shared_with_program))
            return redirect("mentoring:reflection", item.pk)
    return render(
        request,
        "mentoring/reflection.html",
        {"reflection": item, "program": item.program, "form": form},
    )


@require_POST
def withdraw(request: HttpRequest, reflection_id: int) -> HttpResponse:
    item = get_reflection_for(request.user, reflection_id)
    actions.do_withdraw_excerpt(author=actor(request), reflection=item)
    messages.success(request, _("Your excerpt is withdrawn: it will not appear in reports."))
    return redirect(reverse("mentoring:reflection", args=[item.pk]))
