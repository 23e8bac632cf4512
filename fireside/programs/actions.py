from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, from_validation_error
from fireside.lib.mail import send_templated
from fireside.lib.text import storable
from fireside.programs.models import (
    PROGRAM_FIELDS,
    CommitmentPeriod,
    CommitmentRole,
    Program,
    ProgramStaff,
)

DEFAULT_COMMITMENTS = {
    CommitmentRole.FACILITATOR: (9, 6),
    CommitmentRole.PEER_MENTOR: (10, 5),
}
TEXT_FIELDS = ("name", "description", "timezone")


def _normalised(fields: dict[str, Any]) -> dict[str, Any]:
    """Program fields as the web form would give them: known keys, text stripped, each
    role type once. Text no database column can keep (NUL on PostgreSQL, lone surrogates
    anywhere) is refused here rather than failing on save."""
    kept = {k: v for k, v in fields.items() if k in PROGRAM_FIELDS}
    for key in TEXT_FIELDS:
        value = kept.get(key)
        if isinstance(value, str):
            kept[key] = storable(key, value).strip()
    roles = kept.get("eligible_role_types")
    if isinstance(roles, list) and all(isinstance(r, str) for r in roles):
        kept["eligible_role_types"] = list(dict.fromkeys(roles))
    return kept


def _validated(program: Program) -> Program:
    try:
        program.full_clean()
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    return program


def check_create_program(
    *, actor: User, commitments: dict[str, tuple[int, int]] | None = None, **fields: Any
) -> Program:
    program = _validated(Program(**_normalised(fields)))
    periods = commitments if commitments is not None else DEFAULT_COMMITMENTS
    rows = [
        CommitmentPeriod(role=role, start_month=s, end_month=e) for role, (s, e) in periods.items()
    ]
    for row in rows:
        row.program = program
        try:
            row.clean_fields(exclude=["program"])
        except ValidationError as exc:
            raise from_validation_error(exc) from exc
    with transaction.atomic():
        program.save()
        for row in rows:
            row.program = program
        CommitmentPeriod.objects.bulk_create(rows)
        record(actor, "programs.create", program)
    return program


def check_update_program(*, actor: User, program: Program, **fields: Any) -> Program:
    for key, value in _normalised(fields).items():
        setattr(program, key, value)
    _validated(program)
    with transaction.atomic():
        program.save()
        record(actor, "programs.update", program, fields=sorted(fields))
    return program


def do_set_commitment(
    *, actor: User, program: Program, role: str, start_month: int, end_month: int
) -> CommitmentPeriod:
    with transaction.atomic():
        period, _ = CommitmentPeriod.objects.update_or_create(
            program=program,
            role=role,
            defaults={"start_month": start_month, "end_month": end_month},
        )
        record(actor, "programs.set_commitment", program, role=role)
    return period


def do_add_program_staff(*, actor: User, program: Program, user: User, role: str) -> ProgramStaff:
    try:
        with transaction.atomic():
            staff = ProgramStaff.objects.create(program=program, user=user, role=role)
            record(actor, f"programs.add_{role}", program, user_id=user.pk)
            send_templated(
                "program_role",
                # The label, not its text: the email is written in the recipient's language.
                {"user": user, "program": program, "role": ProgramStaff.Role(role).label},
                user.email,
            )
    except IntegrityError as exc:
        raise Conflict(
            _("%(name)s is already a %(role)s of this program.")
            % {"name": user.display_name, "role": ProgramStaff.Role(role).label.lower()}
        ) from exc
    return staff


def do_remove_program_staff(*, actor: User, program: Program, user: User, role: str) -> None:
    with transaction.atomic():
        deleted, _ = ProgramStaff.objects.filter(program=program, user=user, role=role).delete()
        if deleted:
            record(actor, f"programs.remove_{role}", program, user_id=user.pk)
