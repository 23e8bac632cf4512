from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.access import Standing, community_view
from fireside.communities.models import Community, Membership
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.stories import actions
from fireside.stories.access import get_program_to_coordinate, get_story_for, stories_of
from fireside.stories.forms import StoryForm
from fireside.stories.models import PROMPT_FOR, PROMPTS

PER_PAGE = 20


def _saved(story_is_private: bool) -> str:
    if story_is_private:
        return _("Saved. Only you can read it.")
    return _("Saved, and shared the way you chose.")


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Your stories, in every group, and where to tell a new one."""
    user = actor(request)
    groups = [
        m.community
        for m in Membership.objects.filter(user=user, status=Membership.Status.ACTIVE)
        .select_related("community")
        .order_by("community__name", "pk")
    ]
    return render(
        request,
        "stories/mine.html",
        {"stories": list(stories_of(user).order_by("-created_at", "-pk")), "groups": groups},
    )


@community_view("content")
def new(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    form = StoryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            story = actions.check_tell_story(
                author=actor(request),
                community=community,
                title=data["title"],
                parts=form.parts(),
                share_with_group=data["share_with_group"],
                share_with_program=data["share_with_program"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _saved(story.is_private))
            return redirect("stories:story", story.pk)
    return render(
        request,
        "stories/write.html",
        {"form": form, "community": community, "standing": standing, "story": None},
    )


def story(request: HttpRequest, story_id: int) -> HttpResponse:
    """Read and edit one of your stories, and change how it is shared."""
    item = get_story_for(request.user, story_id)
    initial = {
        "title": item.title,
        "share_with_group": item.is_shared_with_group,
        "share_with_program": item.is_shared_with_program,
        **{p.cycle: item.part(p.cycle) for p in PROMPTS},
    }
    form = StoryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            edited = actions.check_edit_story(
                author=actor(request),
                story=item,
                title=data["title"],
                parts=form.parts(),
                share_with_group=data["share_with_group"],
                share_with_program=data["share_with_program"],
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _saved(edited.is_private))
            return redirect("stories:story", item.pk)
    return render(
        request,
        "stories/write.html",
        {"form": form, "community": item.community, "story": item},
    )


@require_POST
def stop_sharing(request: HttpRequest, story_id: int) -> HttpResponse:
    item = get_story_for(request.user, story_id)
    actions.do_stop_sharing(author=actor(request), story=item)
    messages.success(request, _("Your story is private again: only you can read it."))
    return redirect("stories:story", item.pk)


@require_POST
def delete(request: HttpRequest, story_id: int) -> HttpResponse:
    item = get_story_for(request.user, story_id)
    actions.do_delete_story(author=actor(request), story=item)
    messages.success(request, _("Your story is deleted."))
    return redirect("stories:mine")


@community_view("content")
def group(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    """The stories members shared with the group, under their names."""
    page = Paginator(actions.group_stories(community), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "stories/group.html",
        {"community": community, "standing": standing, "page": page},
    )


def program(request: HttpRequest, program_id: int) -> HttpResponse:
    """For coordinators: how many stories speak of each kind of value, beside the stories
    shared with the program — without names, groups or dates."""
    item = get_program_to_coordinate(request.user, program_id)
    indicators = actions.value_indicators(item)
    page = Paginator(actions.consented(item), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "stories/program.html",
        {
            "program": item,
            "indicators": indicators,
            "rows": [(c, name, n, PROMPT_FOR[c].heading) for c, name, n in indicators.rows()],
            "page": page,
            "shared": [actions.anonymised(s) for s in page],
        },
    )
