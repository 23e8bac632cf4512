"""The demo program's own words: it calls its groups communities of practice, and one of its
educators has asked to change their role, waiting for the coordinator to confirm it."""

from __future__ import annotations

from fireside.accounts.actions import check_update_profile
from fireside.accounts.models import RoleType, User
from fireside.programs.models import Program
from fireside.programs.vocabulary import check_set_group_words


def seed_words(program: Program, *, actor: User, asking: User | None = None) -> None:
    check_set_group_words(
        actor=actor,
        program=program,
        group_word="community of practice",
        group_word_plural="communities of practice",
        group_word_fr="communauté de pratique",
        group_word_plural_fr="communautés de pratique",
    )
    if asking is not None and asking.role_type == RoleType.ECEA:
        # Finished the certificate this fall: now an educator, once the coordinator confirms.
        check_update_profile(user=asking, role_type=RoleType.ECE)
