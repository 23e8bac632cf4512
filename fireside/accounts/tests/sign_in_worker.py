"""A separate process that tries to sign in, for test_sign_in_limits: run as
`python -m fireside.accounts.tests.sign_in_worker EMAIL TRIES` with FIRESIDE_TEST_SETTINGS
(JSON: the test's database, cache and password hashers). Prints one word per try."""

from __future__ import annotations

import json
import os
import sys

import django
from django.conf import settings


def main() -> None:
    email, tries = sys.argv[1], int(sys.argv[2])
    for name, value in json.loads(os.environ["FIRESIDE_TEST_SETTINGS"]).items():
        setattr(settings, name, value)
    django.setup()
    from fireside.accounts.actions import check_credentials
    from fireside.lib.errors import NotAuthenticated, TooMany

    for _ in range(tries):
        try:
            check_credentials(email=email, password="not-the-password", ip="203.0.113.9")
        except TooMany:
            print("limited", flush=True)
        except NotAuthenticated:
            print("wrong", flush=True)


if __name__ == "__main__":
    main()
