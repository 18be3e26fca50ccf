"""Everything below ui/ and cli.py imports without Textual or Rich (scripts, CI, --headless)."""

from __future__ import annotations

import subprocess
import sys

CORE = [
    "console.events",
    "console.state",
    "console.pipeline",
    "console.store.schema",
    "console.store.recorder",
    "console.store.replay",
    "console.store.catalog",
    "console.config",
    "console.runner",
    "console.parse",
    "console.ingest",
    "console.analysis",
    "console.control.decisions",
    "console.report.postmortem",
    "console.sim.server",
    "console.textsafe",
    "console.redact",
    "console.files",
    "console.report.rca",
]


def test_core_modules_do_not_import_textual() -> None:
    code = (
        "import sys\n"
        f"for m in {CORE!r}: __import__(m)\n"
        "bad = sorted(m for m in sys.modules\n"
        "             if m.split('.')[0] in ('textual', 'rich', 'kubernetes'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
