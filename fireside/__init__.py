"""Fireside: software for communities of practice and their peer-mentoring programs."""

# Kept equal to pyproject.toml's `version` by fireside/lib/tests/test_version.py.
__version__ = "0.2.0"
