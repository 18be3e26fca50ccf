"""The ui tests' fixtures; they and the helpers live in tests/helpers/ui.py."""

from tests.helpers.ui import _private_config, healthy_feed, live, sample_copy

__all__ = ["_private_config", "healthy_feed", "live", "sample_copy"]
