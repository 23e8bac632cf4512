"""A thread's posts as HTML, each from the `fragments` cache (fireside.lib.fragments) when it
can be, with its reactions; the thread's page calls `post_html` for the opening post and
`replies_html` for the replies.

A post reads the same to every reader with the same relation to it: a member sees "Flag",
its author "Edit", a facilitator "Hide". So the relation is part of the key, and only the
person it names can ask for it (the author's fragment, keyed "author", is only ever served to
the post's author). Hidden posts are rendered afresh: their author sees the facilitators'
reason, a facilitator a form with the CSRF token. Reactions are never cached (each reader's
own, with the CSRF token): fireside.conversations.reaction_html.

Before, each post was an {% include %} of `_post.html` and its {% cache %} tag; for fifty
replies that cost more than the page's chrome, in resolving the key's variables alone.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from fireside.conversations.reaction_html import csrf_input, reactions_html
from fireside.lib import fragments

ARTICLE = "conversations/_post_article.html"
DIVIDER = "lib/_unread_divider.html"


def _render(context: Any, name: str, **values: Any) -> str:
    template = context.template.engine.get_template(name)
    with context.push(**values):
        return str(template.render(context))


def post_html(context: Any, post: Any, kind: str) -> SafeString:
    """One post's article, from the cache unless it is hidden."""
    if post.is_hidden:
        return mark_safe(_render(context, ARTICLE, post=post, kind=kind))  # noqa: S308
    user, standing, faces = context.get("user"), context.get("standing"), context.get("faces")
    author = post.author
    parts = (
        kind,
        post.pk,
        post.edited_at,
        author.display_name if author else "",
        author.photo if author else "",
        faces is not None and faces.shows(author),
        get_language(),
        timezone.get_current_timezone_name(),
        post.author_id is not None and post.author_id == getattr(user, "pk", None),
        bool(getattr(standing, "is_facilitator", False)),
    )
    return fragments.cached("post", parts, lambda: _render(context, ARTICLE, post=post, kind=kind))


def replies_html(context: Any, replies: list[Any], first_unread: Any) -> SafeString:
    """Every reply with its reactions, the "New" divider before the first unread one."""
    csrf = csrf_input(context.get("csrf_token"))
    error = context.get("reaction_error") or ""
    out: list[str] = []
    for reply in replies:
        if reply.pk == first_unread:
            out.append(_render(context, DIVIDER))
        out.append(post_html(context, reply, "reply"))
        out.append(reactions_html(reply, "reply", csrf, error))
    return mark_safe("".join(out))  # noqa: S308 - templates and reaction_html, escaped there


def thread_post_html(context: Any, thread: Any) -> SafeString:
    """The opening post with its reactions."""
    csrf = csrf_input(context.get("csrf_token"))
    error = context.get("reaction_error") or ""
    return format_html(
        "{}{}", post_html(context, thread, "thread"), reactions_html(thread, "thread", csrf, error)
    )
