"""opsconsole: a terminal operations console for automated blue-green rollouts."""

__version__ = "0.1.0"
