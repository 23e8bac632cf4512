"""{% reactions post kind %}: a post's reactions with the page's CSRF token."""

from __future__ import annotations

from typing import Any

from django import template

from fireside.conversations.reaction_html import csrf_input, reactions_html

register = template.Library()


@register.simple_tag(takes_context=True)
def reactions(context: Any, post: Any, kind: str) -> str:
    """A post's reactions (fireside.conversations.reaction_html), with the page's CSRF token
    and the reaction error, if any, from the context."""
    csrf = csrf_input(context.get("csrf_token"))
    return reactions_html(post, kind, csrf, context.get("reaction_error") or "")
