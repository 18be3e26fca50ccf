"""The store tests' fixtures; they and the helpers live in tests/helpers/store.py."""

from tests.helpers.store import db_path

__all__ = ["db_path"]
