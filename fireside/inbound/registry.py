"""What an emailed reply can answer, told by the apps that own it: this app knows no thread
or pair, only the targets registered here (conversations and mentoring register theirs in
their AppConfig.ready).

A target has a one-letter code (kept in the reply address), a `post` that writes the reply
through the same action the web uses, and `origins`: for each kind of notification subject
(fireside.notifications, Notification.subject_type) that can be answered, how to find the
target's id from the subject's id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import UploadedFile

# post(person, target_id, text, files) -> the URL of what was posted. It raises ActionError
# (or Refused) when the web would refuse the same words or files. `files`: the email's
# attachments as uploads (fireside.inbound.attached); a target that takes none ignores them.
Post = Callable[[Any, int, str, list[UploadedFile]], str]
FindTarget = Callable[[int], int | None]


@dataclass(frozen=True)
class Target:
    code: str
    post: Post


_targets: dict[str, Target] = {}
_origins: dict[str, tuple[str, FindTarget]] = {}


def register(code: str, post: Post, origins: dict[str, FindTarget]) -> None:
    if len(code) != 1 or not code.isalpha():
        raise ValueError("A reply target's code is one letter.")
    _targets[code] = Target(code=code, post=post)
    for subject_type, find in origins.items():
        _origins[subject_type] = (code, find)


def target(code: str) -> Target | None:
    return _targets.get(code)


def target_of(subject_type: str, subject_id: int | None) -> tuple[str, int] | None:
    """(code, target id) that an answer to news about this subject goes to; None when such
    news cannot be answered by email."""
    if subject_id is None or subject_type not in _origins:
        return None
    code, find = _origins[subject_type]
    target_id = find(subject_id)
    return (code, target_id) if target_id is not None else None
