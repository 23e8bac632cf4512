"""The thread page's posts and reactions, written in Python (fireside/conversations/post_html.py,
reaction_html.py): `{% thread_post %}`, `{% thread_replies %}` and `{% reactions post kind %}`."""

from __future__ import annotations

from typing import Any

from django import template

from fireside.conversations import post_html
from fireside.conversations.reaction_html import csrf_input, reactions_html

register = template.Library()


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
