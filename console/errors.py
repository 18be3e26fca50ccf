"""The one family of errors a user can act on.

Every error the user can cause or fix is an :class:`OpsConsoleError`: a message saying what
went wrong and, where there is one, a hint saying what to do. ``main()`` catches the base and
prints one line; anything else is a bug and goes to the crash file. Modules raise the subclass
that names their area, so a reader (and a test) can tell a store problem from a bad flag.

This module imports nothing of ours: every layer may raise these.
"""

from __future__ import annotations


class OpsConsoleError(Exception):
    """Something the user can act on; ``str()`` is the one line printed for it.

    ``hint`` says what to do, after the message: "cannot open x.db: run 'opsconsole sessions'".
    """

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}: {self.hint}" if self.hint else self.message


class UsageError(OpsConsoleError):
    """A flag or argument the command cannot use."""


class ConfigError(OpsConsoleError):
    """A config file or value the user must fix."""


class StoreError(OpsConsoleError):
    """A session store that cannot be read or written as asked."""


class ExportError(StoreError):
    """An export that cannot be made (unknown format, unwritable output)."""


class IngestError(OpsConsoleError):
    """A file that cannot be imported."""


class InputError(IngestError):
    """An analysis input that cannot be read."""


class AgentError(OpsConsoleError):
    """The deployment agent cannot be reached or refused us."""


class EndpointError(OpsConsoleError):
    """The agent SDK's endpoint cannot serve or was misused (port in use, no token, a gate
    opened after the end); also an abort or timeout told to the agent's code."""


class PortInUse(EndpointError):
    """The port to listen on is taken (by another process, maybe since it was found free)."""


class PrometheusConfigError(OpsConsoleError):
    """Bad Prometheus source settings (URL, queries, preset)."""


class KubeConfigError(OpsConsoleError):
    """No usable kubeconfig, context or in-cluster config, or a refused credential."""


class SimError(OpsConsoleError):
    """Bad input to the simulator (unknown scenario, bad speed, bad token file)."""


class SimPortInUse(SimError):
    """The simulated agent's port is taken: a caller that chose it may choose another."""


class PrometheusStartError(SimError):
    """Prometheus could not be started or could not scrape its target."""


class PrometheusNotInstalled(PrometheusStartError):
    def __init__(self) -> None:
        super().__init__(
            "prometheus is not installed", "run 'make prometheus' (apt-get install prometheus)"
        )
