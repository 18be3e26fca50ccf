"""Log text in, events out: the agent runtime format, JSON lines and plain text."""

from console import native

# Before the modules below are imported: a compiled build that no longer matches its
# sources must not run (see console/native.py). Only a process that parses pays for this.
native.guard()

from console.parse.derived import DerivedMetrics  # noqa: E402
from console.parse.parser import LogParser  # noqa: E402

__all__ = ["DerivedMetrics", "LogParser"]
