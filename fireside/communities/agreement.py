"""The agreement every new group starts from. Facilitators adapt it with their members."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

# Markdown; translators keep the headings (##), the lists (-) and the bold letters of THINK.
DEFAULT_AGREEMENT = gettext_lazy(
    """\
## Why we meet
We come together to learn from each other's everyday practice, to try ideas out and to
support one another between gatherings. Our shared goals are written in our purpose above;
we revisit them together every few months.

## What we share, and what we keep out
- We talk about our own practice: what we tried, what worked, what we are still puzzling over.
- We never name or identify children, families, colleagues or workplaces. Describe the
  situation, not the people ("a four-year-old in my room", not a name or a photo).
- Nothing that would let someone outside recognise a child or a family: no photos, no
  documents, no details of addresses or health.

## Confidentiality
What is shared in the group stays in the group. If you want to pass on something you heard
here, ask the person who shared it first, and only share it with their permission.

## How we speak to each other
- Respectful and supportive language, even when we disagree. We question ideas, not people.
- We give space to others: we listen, keep our turns short, and invite quieter voices in.
- We assume good intent and ask when something is unclear.

## Shared responsibility
The group belongs to all of us. We take turns with the tasks (facilitating, organising,
welcoming newcomers), come prepared when we can, and let the group know if we cannot make it.

## Before we post: THINK
Is it **T**rue? Is it **H**elpful? Is it **I**nspiring? Is it **N**ecessary? Is it **K**ind?
"""
)
