"""The agenda builder's part for a call for topics (fireside/gatherings/topic_calls.py):
`{% call_topics gathering %}` lists what the call gathered, each with one button that puts
it on the agenda, or offers to open a call."""

from __future__ import annotations

from typing import Any

from django import template

from fireside.gatherings import topic_calls
from fireside.gatherings.models import Gathering, TopicCall

register = template.Library()


@register.inclusion_tag("gatherings/_call_topics.html", takes_context=True)
def call_topics(context: Any, gathering: Gathering) -> dict[str, Any]:
    call = TopicCall.objects.filter(gathering=gathering).first()
    return {
        "csrf_token": context.get("csrf_token"),
        "gathering": gathering,
        "call": call,
        "topics": list(topic_calls.topics_of(call)) if call else [],
    }
