"""Log text in, events out: the agent runtime format, JSON lines and plain text."""

from console.parse.derived import DerivedMetrics
from console.parse.parser import LogParser

__all__ = ["DerivedMetrics", "LogParser"]
