"""The prometheus tests' fixtures; they and the helpers live in tests/helpers/prometheus.py."""

from tests.helpers.prometheus import exporter, prometheus

__all__ = ["exporter", "prometheus"]
