"""Everything below ui/ and cli.py imports without Textual or Rich (scripts, CI, --headless,
the import's writer process). The modules are discovered, not listed: a new one is checked
from the day it is added."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import console

NOT_CORE = ("console.ui", "console.cli", "console.serve", "console.__main__")
FORBIDDEN = ("textual", "textual_serve", "rich")


def core_modules() -> list[str]:
    names = [
        info.name
        for info in pkgutil.walk_packages(console.__path__, "console.")
        if not info.name.startswith(NOT_CORE)
    ]
    return sorted(names)


def test_every_core_module_is_found() -> None:
    found = core_modules()
    # walk_packages reaches into subpackages: a sample from each layer proves it
    sample = ("console.events", "console.parse.parser", "console.store.recorder",
              "console.sources.agent", "console.control.argo", "console.report.rca")  # fmt: skip
    assert set(sample) <= set(found)
    assert not any(name.startswith(NOT_CORE) for name in found)


def test_core_modules_import_neither_textual_nor_rich() -> None:
    code = (
        "import sys\n"
        # httpx loads its command-line client, and Rich with it, whenever Rich is installed:
        # stand that aside as httpx without its CLI extras does, so only our imports count.
        "sys.modules['httpx._main'] = None\n"
        f"for m in {core_modules()!r}: __import__(m)\n"
        f"bad = sorted(m for m in sys.modules if m.split('.')[0] in {FORBIDDEN!r})\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_kubernetes_client_is_loaded_only_when_used() -> None:
    """The kubernetes client takes a second to import: only `watch --kube` pays for it."""
    core = [m for m in core_modules() if not m.startswith("console.sources.kube")]
    code = (
        "import sys\n"
        f"for m in {core!r}: __import__(m)\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] == 'kubernetes')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
