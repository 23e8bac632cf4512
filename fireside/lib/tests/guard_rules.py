"""What every app's guard rows are written with: the persona sets and the shapes of the rows.

Each app keeps its own rows in its `tests/guard.py` (found by fireside/lib/tests/routes.py,
checked by fireside/lib/tests/test_authorization_guard.py):

- `WEB: Web`, url name -> (method, who may use it), for each of the app's named URLs;
- `API: Api`, (method, OpenAPI path) -> (who may use it, request body), for each of the
  API routes of the app's module in fireside/api/;
- `CONFLICTS: Conflicts`, where some personas are refused for who they are (optional);
- `guard_values(world) -> dict`, one object of each kind the app's path arguments name,
  made in the world's community (optional; a key two apps name is refused).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from conftest import PERSONAS, World
from fireside.lib import images

ANYONE = set(PERSONAS)
SIGNED_IN = ANYONE - {"anonymous"}
MEMBERS = {"member", "facilitator"}
FACILITATORS = {"facilitator"}
COORDINATOR = {"coordinator"}
STAFF = {"staff"}

Body = Callable[[World], dict[str, Any]]
# url name -> (method, who may use it)
Web = dict[str, tuple[str, set[str]]]
# (method, openapi path) -> (who may use it, request body)
Api = dict[tuple[str, str], tuple[set[str], Body]]
# (method, openapi path) -> persona -> the statuses that refuse them
Conflicts = dict[tuple[str, str], dict[str, tuple[int, ...]]]


def no_body(w: World) -> dict[str, Any]:
    return {}


@functools.cache
def _picture(width: int, height: int) -> bytes:
    return images.encode(Image.new("RGB", (64, 64), (120, 60, 20)), width, height)


def plant_picture(name: str, width: int, height: int) -> None:
    """A stored picture (photo, cover, logo) at `name`, unless one is there already."""
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(_picture(width, height)))
