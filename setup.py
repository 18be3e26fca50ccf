"""Build hook: compile the log parser with mypyc, when asked (``OPSCONSOLE_NATIVE=1``, which
``make native`` sets) and a C compiler is there.

The parser is the import's hottest code (a million-line log is a million trips through it),
and mypyc, which ships with mypy, turns these type-checked modules into C extensions that run
them 1.25-2.5x as fast (10-30 % off a whole import). The default install is pure Python: a
minute of compiling on a fresh machine is not worth it to anyone who does not import big
logs. Nothing changes for the reader: the sources stay the sources, and ``console/native.py``
loads them instead whenever the compiled modules are missing, stale or turned off
(``OPSCONSOLE_PURE_PYTHON=1``). With no compiler, or mypyc failing, the install goes on in
pure Python and says why.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "console"))
# The one list of compiled modules, and the guard's own digests and switch.
from native import (  # noqa: E402
    COMPILED,
    MANIFEST,
    TYPES_FROM,
    digest,
    native_build_requested,
    source_file,
)

SOURCES = [source_file(m) for m in COMPILED]

# Whatever happens below, an old build in the source tree no longer counts as current: only
# a build that finishes writes the manifest again (and a reinstall without compiling must
# not leave the last build's manifest vouching for it).
(ROOT / MANIFEST).unlink(missing_ok=True)
# Taken before compiling: a source saved during the build makes the build stale.
DIGESTS = {m: digest(m) for m in COMPILED + TYPES_FROM}


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
        libraries = [e.name for e in self.extensions if e.name not in COMPILED]
        manifest = json.dumps({"sources": DIGESTS, "libraries": libraries})
        for base in manifests:
            target = base / MANIFEST
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(manifest + "\n")


def _extensions() -> list:
    if not native_build_requested():
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("opsconsole: mypyc not found; the parser runs as pure Python", file=sys.stderr)
        return []
    try:
        return mypycify(SOURCES, opt_level="3")
    except (Exception, SystemExit) as exc:  # mypyc exits on a type error it can't compile
        print(f"opsconsole: mypyc failed ({exc}); the parser runs as pure Python", file=sys.stderr)
        return []


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
