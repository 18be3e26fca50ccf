"""Which modules run compiled, and the guard that keeps a stale build from running.

``setup.py`` compiles the modules in COMPILED with mypyc when asked (``OPSCONSOLE_NATIVE=1``,
``make native``) and it can, and writes MANIFEST: the
SHA-256 of each source it compiled. Python imports an extension module in preference to its
source, so a module edited after the build would silently run its old code. ``guard()``, called
by ``console/parse/__init__.py`` before any of them is imported, checks the manifest against the
sources and, if anything differs (or ``OPSCONSOLE_PURE_PYTHON`` is set), imports all of them
from source. All or none: compiled modules call each other natively and can't be mixed with
interpreted ones.

Standalone on purpose (setup.py reads COMPILED before the package can be imported).
"""

from __future__ import annotations

import hashlib
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

COMPILED = (
    "console.parse.timestamps",
    "console.parse.levels",
    "console.parse.measures",
    "console.parse.textformats",
    "console.parse.logline",
    "console.parse.changes",
    "console.parse.jsonlines",
    "console.parse.facts",
    "console.parse.parser",
    "console.parse.derived",
)
# Modules the compiled ones import: their types (the events' fields) are compiled in too, so
# an edit there makes the build stale as well.
TYPES_FROM = ("console.events",)
MANIFEST = "console/native.json"

_ROOT = Path(__file__).resolve().parent.parent  # the directory holding the package


def source_file(module: str) -> str:
    """The module's source, relative to the directory holding the package."""
    return module.replace(".", "/") + ".py"


def _source(module: str) -> Path:
    return _ROOT / source_file(module)


def _built(module: str) -> bool:
    stem = _source(module).with_suffix("")
    suffixes = importlib.machinery.EXTENSION_SUFFIXES
    return any(Path(f"{stem}{suffix}").exists() for suffix in suffixes)


def pure_python_requested() -> bool:
    return os.environ.get("OPSCONSOLE_PURE_PYTHON", "") not in ("", "0")


def native_build_requested() -> bool:
    """Was the install asked to compile the parser (``make native``)? Opt-in: compiled, it
    imports a realistic log 10-30 % faster end to end, which is not worth a minute of
    compiling on every fresh install (``make demo``) that never imports a big log."""
    return os.environ.get("OPSCONSOLE_NATIVE", "") not in ("", "0") and not pure_python_requested()


def digest(module: str) -> str:
    return hashlib.sha256(_source(module).read_bytes()).hexdigest()


def compiled_is_current() -> bool:
    """Do the compiled modules exist, with their shared library, and match the sources
    they were compiled from (and the sources of the types they use) exactly?"""
    if pure_python_requested():
        return False
    try:
        manifest = json.loads((_ROOT / MANIFEST).read_text())
        sources, libraries = manifest["sources"], manifest["libraries"]
        if not all(_built(m) for m in COMPILED):
            return False
        if any(sources.get(m) != digest(m) for m in COMPILED + TYPES_FROM):
            return False
        # The library the compiled modules share sits beside the package, not in it: a
        # reinstall without compiling stops mapping it, and then the sources must run.
        return all(importlib.util.find_spec(lib) is not None for lib in libraries)
    except (OSError, ValueError, KeyError, TypeError, AttributeError, ImportError):
        return False


def running_compiled() -> bool:
    """Is the parser running as compiled code in this process?"""
    module = sys.modules.get(COMPILED[-1])
    return module is not None and not (module.__file__ or "").endswith(".py")


class _SourceFinder:
    """A meta-path finder that imports the COMPILED modules from their .py files."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in COMPILED:
            return None
        return importlib.util.spec_from_file_location(fullname, _source(fullname))


def guard() -> None:
    """Import the compiled modules from source unless the build is there and current."""
    if not any(_built(m) for m in COMPILED):
        return  # nothing compiled: the normal import finds the sources
    if compiled_is_current():
        return
    if not any(isinstance(f, _SourceFinder) for f in sys.meta_path):
        sys.meta_path.insert(0, _SourceFinder())
