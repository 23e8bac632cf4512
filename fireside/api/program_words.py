"""A program's own words through the API: its role types and what it calls a group
(docs/api.md, "A program's own words")."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import override
from ninja import Router, Schema, Status
from pydantic import ConfigDict

from fireside.api.core import me
from fireside.lib.errors import NotFoundError
from fireside.programs import vocabulary
from fireside.programs.access import get_program_for
from fireside.programs.models import Program, ProgramRoleType
from fireside.programs.words import builtin_label, group_word, role_type_choices

router = Router(tags=["programs"])


class RoleTypeOut(Schema):
    code: str
    name: str  # English
    name_fr: str
    label: str  # in the caller's language
    eligible: bool  # the program is open to it
    own: bool  # false: one of Fireside's standard role types (the program has none of its own)


class RoleTypeIn(Schema):
    model_config = ConfigDict(extra="forbid")

    code: str
    name: str
    name_fr: str = ""
    eligible: bool = True


class RoleTypePatch(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str
    name_fr: str = ""


class WordsIO(Schema):
    model_config = ConfigDict(extra="forbid")

    group_word: str | None = None
    group_word_plural: str | None = None
    group_word_fr: str | None = None
    group_word_plural_fr: str | None = None


class WordsOut(Schema):
    group_word: str
    group_word_plural: str
    group_word_fr: str
    group_word_plural_fr: str
    label: str  # the word in the caller's language, Fireside's own when the program has none
    label_plural: str


def _role_types(program: Program) -> list[dict[str, Any]]:
    own = {r.code: r for r in ProgramRoleType.objects.filter(program=program)}
    rows = []
    for code, label in role_type_choices(program):
        row = own.get(code)
        rows.append(
            {
                "code": code,
                "name": row.name if row else _english(code),
                "name_fr": row.name_fr if row else "",
                "label": label,
                "eligible": code in program.eligible_role_types,
                "own": row is not None,
            }
        )
    return rows


def _english(code: str) -> str:
    with override("en"):
        return builtin_label(code)


def _one(program: Program, code: str) -> dict[str, Any]:
    for row in _role_types(program):
        if row["code"] == code:
            return row
    raise NotFoundError(_("This program has no role type with that code."))


def _words(program: Program) -> dict[str, Any]:
    return {
        **{f: getattr(program, f) for f in vocabulary.GROUP_WORD_FIELDS},
        "label": group_word(program),
        "label_plural": group_word(program, plural=True),
    }


@router.get("/programs/{program_id}/role-types", auth=None)
def list_role_types(request: HttpRequest, program_id: int) -> dict[str, Any]:
    program = get_object_or_404(Program.objects.prefetch_related("role_types"), pk=program_id)
    items = _role_types(program)
    return {"count": len(items), "items": items}


@router.post("/programs/{program_id}/role-types", response={201: RoleTypeOut})
def add_role_type(request: HttpRequest, program_id: int, payload: RoleTypeIn) -> Status:
    program, _standing = get_program_for(me(request), program_id, "name_coordinators")
    row = vocabulary.check_add_role_type(actor=me(request), program=program, **payload.dict())
    return Status(201, _one(Program.objects.get(pk=program.pk), row.code))


@router.patch("/programs/{program_id}/role-types/{role_code}", response=RoleTypeOut)
def rename_role_type(
    request: HttpRequest, program_id: int, role_code: str, payload: RoleTypePatch
) -> dict[str, Any]:
    program, _standing = get_program_for(me(request), program_id, "name_coordinators")
    vocabulary.check_rename_role_type(
        actor=me(request), program=program, code=role_code, **payload.dict()
    )
    return _one(program, role_code)


@router.delete("/programs/{program_id}/role-types/{role_code}", response={204: None})
def remove_role_type(request: HttpRequest, program_id: int, role_code: str) -> Status:
    program, _standing = get_program_for(me(request), program_id, "name_coordinators")
    vocabulary.check_remove_role_type(actor=me(request), program=program, code=role_code)
    return Status(204, None)


@router.get("/programs/{program_id}/words", auth=None, response=WordsOut)
def get_words(request: HttpRequest, program_id: int) -> dict[str, Any]:
    return _words(get_object_or_404(Program, pk=program_id))


@router.patch("/programs/{program_id}/words", response=WordsOut)
def set_words(request: HttpRequest, program_id: int, payload: WordsIO) -> dict[str, Any]:
    program, _standing = get_program_for(me(request), program_id, "name_coordinators")
    fields = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    vocabulary.check_set_group_words(actor=me(request), program=program, **fields)
    return _words(program)
