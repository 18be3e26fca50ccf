"""The command's tests run it for real (tests/helpers/cli.py); this brings in its fixture."""

from tests.helpers.cli import background

__all__ = ["background"]
