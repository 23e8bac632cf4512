"""The scheduled jobs run at local hours in the zones in use (fireside/ops/schedule.py owns
the hook): the programs' zones and every zone a person may be in, by the zone rule
(fireside/communities/zones.py)."""

from __future__ import annotations

from fireside.communities.zones import people_zones, program_zones
from fireside.ops.schedule import register_zones


def register_all() -> None:
    register_zones(programs=program_zones, people=people_zones)
