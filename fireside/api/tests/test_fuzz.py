"""Schemathesis fuzzes every operation of /api/v1/openapi.json: no input may produce a 500,
and every answer must match the schema the API publishes.

Requests go through the WSGI app in-process, signed in as an active member with a bearer
token, so the protected routes run their real code. Path ids are drawn partly from the
objects of the test world (the member's own community, gathering, thread…) so that a good
share of the requests get past the 404 and reach the actions behind the endpoints.

Bounded and reproducible: FUZZ_EXAMPLES examples per operation (default 40) and a fixed
seed, so a CI run never fails on a draw that the previous run did not make. Run with
FUZZ_EXAMPLES=500 FUZZ_RANDOM=1 (and FUZZ_AS=facilitator, coordinator…) to explore further.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.conversations.actions import check_reply, check_start_thread

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
RANDOM = os.environ.get("FUZZ_RANDOM", "") == "1"
PERSONA = os.environ.get("FUZZ_AS", "member")  # any World persona, e.g. facilitator

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", WSGIHandler())

# Ids of the current test's world, by path parameter name; filled by the `fuzz_world` fixture.
KNOWN: dict[str, list[Any]] = {}


@schema.hook
def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any] | None) -> Any:
    """Half the time, swap generated ids for ids of objects that exist in the world."""
    if not path_parameters:
        return st.just(path_parameters)
    choices = {
        name: st.sampled_from(KNOWN[name]) | st.just(value)
        for name, value in path_parameters.items()
        if KNOWN.get(name) and isinstance(value, int)
    }
    if not choices:
        return st.just(path_parameters)
    return st.fixed_dictionaries(choices).map(lambda known: {**path_parameters, **known})


def error_has_detail(ctx: Any, response: Any, case: Any) -> bool | None:
    """api-v1.md: an error answers with a JSON body {"detail": "<human sentence>"}."""
    if response.status_code < 400 or "json" not in response.headers.get("Content-Type", [""])[0]:
        return None
    body = response.json()
    assert isinstance(body, dict), f"error body is not an object: {body!r}"
    assert isinstance(body.get("detail"), str), f"error body has no 'detail' sentence: {body!r}"
    assert body["detail"].strip(), "error body has an empty 'detail'"
    return True


@pytest.fixture
def fuzz_world(world: World) -> Iterator[dict[str, str]]:
    """The persona's bearer token (the member's by default); KNOWN filled with the world's ids."""
    thread = check_start_thread(
        author=world.member,
        community=world.community,
        title="Outdoor play in the rain",
        body="What do your families say about rain gear?",
        kind="question",
    )
    check_reply(author=world.facilitator, thread=thread, body="Spare boots help.")
    KNOWN.clear()
    KNOWN.update(
        {
            "program_id": [world.program.pk],
            "community_id": [world.community.pk, world.other_community.pk],
            "gathering_id": [world.gathering.pk],
            "thread_id": [thread.pk],
            "user_id": [world.member.pk, world.facilitator.pk, world.waitlisted.pk],
        }
    )
    # As Django's test Client does: the start and end of a request must not close the
    # connection that holds the test's transaction.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Bearer {ApiToken.issue(world.persona(PERSONA))}"}
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not RANDOM,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_it_never_fails_or_breaks_its_schema(case: Any, fuzz_world: dict[str, str]) -> None:
    case.call_and_validate(
        headers=fuzz_world,
        checks=[
            not_a_server_error,
            response_schema_conformance,
            content_type_conformance,
            error_has_detail,
        ],
    )
