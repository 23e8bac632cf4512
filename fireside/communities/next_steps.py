"""Where a person goes right after joining a group, when a higher app has a step for them
(peer mentoring's matching questions, say). Communities owns this small registry so it never
imports those apps: each registers a function from its AppConfig.ready()."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

# (user, community) -> (url, message to show) or None when the app has nothing to ask.
Step = Callable[[Any, Any], tuple[str, str] | None]

_steps: list[Step] = []


def register(step: Step) -> None:
    if step not in _steps:
        _steps.append(step)


def after_joining(user: Any, community: Any) -> tuple[str, str] | None:
    """The first step an app asks for, or None."""
    for step in _steps:
        found = step(user, community)
        if found is not None:
            return found
    return None
