"""{% new_in_groups user places as news %}: what the home page's "New in your groups"
section shows, so `conversations/_home_new.html` can be included with nothing but `user`
in context; `places` (fireside.communities.places), when the page has read them, saves
reading the person's groups again."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django import template

from fireside.communities.models import Membership
from fireside.communities.places import Places, places_of
from fireside.conversations import post_html
from fireside.conversations.reaction_html import csrf_input, reactions_html
from fireside.conversations.visits import GroupNews, news_for

register = template.Library()


@dataclass
class HomeNews:
    groups: list[Membership] = field(default_factory=list)  # their active groups
    news: list[GroupNews] = field(default_factory=list)  # those with something new

    @property
    def shown(self) -> bool:
        return bool(self.groups)


@register.simple_tag
def new_in_groups(user: Any, places: Any = None) -> HomeNews:
    """Only for the person's own active groups: the news of a group is for its members."""
    if not getattr(user, "is_authenticated", False):
        return HomeNews()
    mine = places if isinstance(places, Places) and places.are_of(user) else places_of(user)
    return HomeNews(groups=mine.active, news=news_for(user, mine.active))


@register.simple_tag(takes_context=True)
def reactions(context: Any, post: Any, kind: str) -> str:
    """A post's reactions (fireside.conversations.reaction_html), with the page's CSRF token
    and the reaction error, if any, from the context."""
    csrf = csrf_input(context.get("csrf_token"))
    return reactions_html(post, kind, csrf, context.get("reaction_error") or "")


@register.simple_tag(takes_context=True)
def thread_post(context: Any, thread: Any) -> str:
    """The thread's opening post and its reactions (fireside.conversations.post_html)."""
    return post_html.thread_post_html(context, thread)


@register.simple_tag(takes_context=True)
def thread_replies(context: Any, replies: Any, first_unread: Any = None) -> str:
    """The thread's replies, each with its reactions, and the "New" divider."""
    return post_html.replies_html(context, replies, first_unread)
