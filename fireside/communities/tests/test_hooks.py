"""The hooks communities' pages call (fireside.communities.hooks) each have their provider:
gatherings for the directory's next starts, invitations for adding members and inviting a
proposer. Without them the pages would quietly leave those parts out."""

from __future__ import annotations

from fireside.communities import hooks


def test_every_hook_has_its_provider() -> None:
    assert hooks.next_starts.__module__ == "fireside.communities.hooks"
    providers = {
        "next_starts": hooks._next_starts,
        "adding": hooks._adding,
        "invite": hooks._invite,
    }
    assert {name: len(found) for name, found in providers.items()} == {
        "next_starts": 1,
        "adding": 1,
        "invite": 1,
    }
    assert hooks._next_starts[0].__module__ == "fireside.gatherings.upcoming"
    assert hooks._invite[0].__module__ == "fireside.invitations.group_hooks"
    adding = hooks.adding()
    assert adding is not None and adding.handle.__module__ == "fireside.invitations.group_hooks"
