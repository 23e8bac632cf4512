"""Who may read and do what with value stories, built on the community's standing
(fireside/communities/access.py).

- Telling a story in a group is for its active members.
- A story is its author's to read, edit, stop sharing or delete: 404 for anyone else,
  whatever their role, unless the author shared it.
- Stories shared with the group, under their authors' names, are read by the group's active
  members (facilitators included). Nobody outside the group sees them.
- The program's coordinators see indicators (counts by cycle) and the stories shared with
  the program, without names or groups. Mentors and operators see neither.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from fireside.lib.errors import Refused
from fireside.programs.access import program_standing
from fireside.programs.models import Program
from fireside.stories.models import Story


def stories_of(user: Any) -> QuerySet[Story]:
    """The only way someone's own stories are listed."""
    if not getattr(user, "is_authenticated", False):
        return Story.objects.none()
    return Story.objects.filter(author=user).select_related("community")


def get_story_for(user: Any, pk: int) -> Story:
    """A story, for its author; nobody else learns it exists."""
    story = stories_of(user).filter(pk=pk).first()
    if story is None:
        raise Refused(404)
    return story


def get_program_to_coordinate(user: Any, pk: int) -> Program:
    """Programs are public, so people who do not coordinate this one get 403."""
    program = get_object_or_404(Program, pk=pk)
    if not program_standing(user, program).is_coordinator:
        raise Refused(403)
    return program
