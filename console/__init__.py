"""opsconsole: a terminal operations console for automated blue-green rollouts."""

from console import native

__version__ = "0.1.0"

# Before anything imports the parser: a compiled build that no longer matches its sources
# must not run (see console/native.py).
native.guard()
