"""A group's topics: the list of open topics, proposing one, and voting for one."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.communities.access import Standing, community_view
from fireside.communities.models import Community
from fireside.gatherings import agendas
from fireside.gatherings.forms import TopicForm
from fireside.gatherings.models import Topic
from fireside.gatherings.views import _open_topics
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor


def _topics_page(
    request: HttpRequest, community: Community, standing: Standing, form: TopicForm
) -> HttpResponse:
    user = actor(request)
    used = (
        Topic.objects.filter(community=community, used_in__isnull=False)
        .select_related("used_in")
        .order_by("-used_in__starts_at")[:10]
    )
    return render(
        request,
        "gatherings/topics.html",
        {
            "community": community,
            "standing": standing,
            "form": form,
            "topics": _open_topics(community, user)[:100],
            "used": used,
        },
    )


@community_view("content")
def topics(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    return _topics_page(request, community, standing, TopicForm())


@require_POST
@community_view("content")
def propose_topic(request: HttpRequest, community: Community, standing: Standing) -> HttpResponse:
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            agendas.do_propose_topic(user=actor(request), community=community, **form.cleaned_data)
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(request, _("Thank you! Your topic is on the list, with your vote."))
            return redirect("gatherings:topics", community_id=community.pk)
    return _topics_page(request, community, standing, form)


@require_POST
@community_view("content")
def vote(
    request: HttpRequest, community: Community, standing: Standing, topic_id: int
) -> HttpResponse:
    topic = get_object_or_404(Topic, pk=topic_id, community=community)
    stands = agendas.do_toggle_vote(user=actor(request), topic=topic)
    messages.success(
        request,
        _("Your vote for “%(title)s” is in.") % {"title": topic.title}
        if stands
        else _("You took back your vote for “%(title)s”.") % {"title": topic.title},
    )
    return redirect(reverse("gatherings:topics", args=[community.pk]) + f"#topic-{topic.pk}")
