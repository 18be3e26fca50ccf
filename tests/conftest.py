"""Fixtures every folder's tests use: the hostile corpus (tests/helpers/hostile_corpus.py)."""

from tests.helpers.hostile_corpus import corpus

__all__ = ["corpus"]
