"""Changing a program's own words: what it calls a group, and its role types
(fireside/programs/words.py reads them)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import override

from fireside.accounts.models import RoleType, User
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotFoundError
from fireside.lib.text import clean_text
from fireside.programs.models import Program, ProgramRoleType
from fireside.programs.words import in_use

GROUP_WORD_FIELDS = ("group_word", "group_word_plural", "group_word_fr", "group_word_plural_fr")
WORD_MAX = 60
NAME_MAX = 100
CODE_MAX = 32


def _text(field: str, value: object, limit: int) -> str:
    return clean_text(value, field, limit)


def check_set_group_words(*, actor: User, program: Program, **words: object) -> Program:
    unknown = set(words) - set(GROUP_WORD_FIELDS)
    if unknown:
        raise InvalidInput(
            _("These fields cannot be changed here: %(fields)s.")
            % {"fields": ", ".join(sorted(unknown))}
        )
    cleaned = {k: _text(k, v, WORD_MAX) for k, v in words.items()}
    with transaction.atomic():
        for key, value in cleaned.items():
            setattr(program, key, value)
        program.save(update_fields=list(cleaned) or None)
        record(actor, "programs.set_group_words", program, fields=sorted(cleaned))
    return program


def _clean_code(code: object) -> str:
    value = _text("code", code, CODE_MAX).lower()
    if not value or not all(ch.isascii() and (ch.isalnum() or ch in "-_") for ch in value):
        raise InvalidInput(
            _("A code is letters, digits, - and _ only, e.g. teacher."),
            {"code": [_("Letters, digits, - and _ only.")]},
        )
    return value


def _clean_name(field: str, value: object, *, required: bool) -> str:
    name = _text(field, value, NAME_MAX)
    if required and not name:
        raise InvalidInput(_("Give the role type a name."), {field: [_("This field is required.")]})
    return name


def _start_own_list(program: Program) -> None:
    """A program's first own role type: the built-in ones it is open to become its own rows
    first, so nothing it already uses loses its name."""
    if ProgramRoleType.objects.filter(program=program).exists():
        return
    rows = []
    for position, code in enumerate(c for c in RoleType.values if c in program.eligible_role_types):
        with override("en"):
            name = str(RoleType(code).label)
        with override("fr-ca"):
            name_fr = str(RoleType(code).label)
        rows.append(
            ProgramRoleType(
                program=program, code=code, name=name, name_fr=name_fr, position=position
            )
        )
    ProgramRoleType.objects.bulk_create(rows)


def check_add_role_type(
    *,
    actor: User,
    program: Program,
    code: object,
    name: object,
    name_fr: object = "",
    eligible: bool = True,
) -> ProgramRoleType:
    clean_code = _clean_code(code)
    clean_name = _clean_name("name", name, required=True)
    clean_fr = _clean_name("name_fr", name_fr or "", required=False)
    try:
        with transaction.atomic():
            locked = Program.objects.select_for_update().get(pk=program.pk)
            _start_own_list(locked)
            last = ProgramRoleType.objects.filter(program=locked).aggregate(m=Max("position"))
            row = ProgramRoleType.objects.create(
                program=locked,
                code=clean_code,
                name=clean_name,
                name_fr=clean_fr,
                position=(last["m"] if last["m"] is not None else -1) + 1,
            )
            if eligible and clean_code not in locked.eligible_role_types:
                locked.eligible_role_types = [*locked.eligible_role_types, clean_code]
                locked.save(update_fields=["eligible_role_types"])
            record(actor, "programs.role_type_add", locked, code=clean_code)
    except IntegrityError as exc:
        raise Conflict(
            _("This program already has a role type with the code %(code)s.")
            % {"code": clean_code},
            {"code": [_("Already used in this program.")]},
        ) from exc
    program.refresh_from_db()
    program.forget_role_types()
    return row


def _row(program: Program, code: str) -> ProgramRoleType:
    row = ProgramRoleType.objects.filter(program=program, code=code).first()
    if row is None:
        raise NotFoundError(_("This program has no role type with that code."))
    return row


def check_rename_role_type(
    *, actor: User, program: Program, code: str, name: object, name_fr: object = ""
) -> ProgramRoleType:
    clean_name = _clean_name("name", name, required=True)
    clean_fr = _clean_name("name_fr", name_fr or "", required=False)
    with transaction.atomic():
        row = _row(program, code)
        row.name, row.name_fr = clean_name, clean_fr
        row.save(update_fields=["name", "name_fr"])
        record(actor, "programs.role_type_rename", program, code=code)
    program.forget_role_types()
    return row


def do_move_role_type(*, actor: User, program: Program, code: str, up: bool) -> None:
    """One place up or down the list."""
    with transaction.atomic():
        rows = list(ProgramRoleType.objects.select_for_update().filter(program=program))
        index = next((i for i, r in enumerate(rows) if r.code == code), None)
        if index is None:
            raise NotFoundError(_("This program has no role type with that code."))
        other = index - 1 if up else index + 1
        if 0 <= other < len(rows):
            rows[index], rows[other] = rows[other], rows[index]
        for position, row in enumerate(rows):
            row.position = position
        ProgramRoleType.objects.bulk_update(rows, ["position"])
        record(actor, "programs.role_type_move", program, code=code, up=up)
    program.forget_role_types()


def check_remove_role_type(*, actor: User, program: Program, code: str) -> None:
    """Refused while a group is for it, or the program is open to it: the coordinator
    changes those first, so nobody's group or eligibility is taken away by a tidy-up."""
    with transaction.atomic():
        row = _row(program, code)
        label = row.name
        uses = in_use(program, code)
        if code in program.eligible_role_types:
            uses.append(_("the program is open to it (untick it under “Who can take part” first)"))
        if uses:
            raise Conflict(
                _("“%(name)s” is still in use: %(uses)s.")
                % {"name": label, "uses": "; ".join(uses)}
            )
        row.delete()
        record(actor, "programs.role_type_remove", program, code=code)
    program.forget_role_types()
