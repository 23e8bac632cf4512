from __future__ import annotations

import argparse
import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


@cache
def time_zones() -> list[str]:
    """IANA time zone names, sorted, without the legacy aliases of the backwards file."""
    return sorted(
        z for z in zoneinfo.available_timezones() if "/" in z and not z.startswith("Etc/")
    )


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone, e.g. America/Vancouver."),
            params={"value": value},
        )


def zone_name(value: str) -> str:
    """A management command's time zone argument (argparse `type=`)."""
    if value not in zoneinfo.available_timezones():
        raise argparse.ArgumentTypeError(f"{value} is not a known time zone.")
    return value
