"""Shared understandings: the group's glossary of terms and each member's perspective on them."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.models import Community
from fireside.conversations.actions import _check_can_post, _text
from fireside.conversations.models import (
    Perspective,
    Term,
)
from fireside.lib.audit import record
from fireside.lib.errors import Conflict
from fireside.lib.markdown import render_markdown
from fireside.search import index as search_index

# Shared understandings -----------------------------------------------------------------

TERM_MAX = 120
PERSPECTIVE_MAX = 5000


def check_add_term(
    *, author: User, community: Community, name: object, perspective: object
) -> Term:
    """A new term, with its first perspective: the author's."""
    name_text = " ".join(_text(name, "term", TERM_MAX).split())
    body_text = _text(perspective, "perspective", PERSPECTIVE_MAX)
    _check_can_post(author, community)
    taken = Conflict(
        _("“%(name_text)s” is already in the glossary. Add your perspective to it there.")
        % {"name_text": name_text},
        {"name": [_("Already in the glossary.")]},
    )
    if Term.objects.filter(community=community, name__iexact=name_text).exists():
        raise taken
    try:
        with transaction.atomic():
            term = Term.objects.create(community=community, name=name_text, added_by=author)
            Perspective.objects.create(
                term=term, author=author, body=body_text, body_html=render_markdown(body_text)
            )
            record(author, "conversations.add_term", community, term_id=term.pk)
            _index_term(term)
    except IntegrityError as exc:  # the same term added at the same moment
        raise taken from exc
    return term


def check_set_perspective(*, author: User, term: Term, body: object) -> Perspective:
    """Add the author's perspective on a term, or change it: one each, theirs alone."""
    body_text = _text(body, "perspective", PERSPECTIVE_MAX)
    _check_can_post(author, term.community)
    with transaction.atomic():
        perspective, created = Perspective.objects.update_or_create(
            term=term,
            author=author,
            defaults={"body": body_text, "body_html": render_markdown(body_text)},
        )
        record(
            author,
            "conversations.add_perspective" if created else "conversations.edit_perspective",
            term.community,
            term_id=term.pk,
        )
        _index_term(term)
    return perspective


def _index_term(term: Term) -> None:
    search_index.put(
        type="term",
        object_id=term.pk,
        community=term.community_id,
        title=term.name,
        body="\n\n".join(term.perspectives.values_list("body", flat=True)),
        url=term.get_absolute_url(),
    )
