"""Build hook: compile the log parser with mypyc when a C compiler is there.

The parser is the import's hottest code (a million-line log is a million trips through it),
and mypyc, which ships with mypy, turns these type-checked modules into C extensions that run
them about 1.5x as fast. Nothing changes for the reader: the sources stay the sources, and
``console/native.py`` loads them instead whenever the compiled modules are missing, stale or
turned off (``OPSCONSOLE_PURE_PYTHON=1``). With no compiler, or mypyc failing, the install goes
on in pure Python and says why.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "console"))
from native import COMPILED, MANIFEST  # noqa: E402 - the one list of compiled modules

SOURCES = [m.replace(".", "/") + ".py" for m in COMPILED]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class OptionalBuildExt(build_ext):
    """build_ext that falls back to pure Python instead of failing the install, and writes
    the manifest of the sources it compiled (how ``console.native`` tells stale builds)."""

    def run(self) -> None:
        manifests = {Path(self.build_lib), ROOT} if self.inplace else {Path(self.build_lib)}
        for base in manifests:  # until the build succeeds, nothing counts as compiled
            (base / MANIFEST).unlink(missing_ok=True)
        try:
            super().run()
        except Exception as exc:  # no compiler, no headers: the pure-Python parser still works
            print(f"opsconsole: not compiling the parser ({exc}); it runs as pure Python",
                  file=sys.stderr)  # fmt: skip
            return
        manifest = json.dumps(
            {m: _digest(ROOT / s) for m, s in zip(COMPILED, SOURCES, strict=True)}
        )
        for base in manifests:
            target = base / MANIFEST
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(manifest + "\n")


def _extensions() -> list:
    if os.environ.get("OPSCONSOLE_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("opsconsole: mypyc not found; the parser runs as pure Python", file=sys.stderr)
        return []
    try:
        return mypycify(SOURCES, opt_level="3")
    except Exception as exc:  # a mypyc that can't handle this Python
        print(f"opsconsole: mypyc failed ({exc}); the parser runs as pure Python", file=sys.stderr)
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
