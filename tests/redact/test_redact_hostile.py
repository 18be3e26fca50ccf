"""Lines built to make regexes backtrack: redact and printable stay linear on them.

Run in a subprocess with a generous limit, so a quadratic (or worse) pattern fails this test
with a message instead of hanging the suite. No timing is asserted beyond "finished".
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json
from console.redact import redact
from console.textsafe import printable
N = 300_000
units = [
    "password.", "password=", "a://", "a://b:", "eyJa-", "eyJabcde.", "xoxb-", "Bearer ",
    "Bearer\\t", "-----BEGIN PRIVATE KEY-----", "token=\\\\", '"password":', '\\\\"token\\\\":',
    "api_key: a -> ", "AKIA", "ghp_", "\\x1b[", "\\u202e", "db_password", "mysql -p ", "-u a ",
    '"--token",', "sshpass a -p", '"mysql","-p', "docker login -u -p ",
]
for unit in units:
    line = unit * (N // len(unit))
    out = redact(line)
    assert isinstance(out, str)
    redact(json.dumps({"message": line}))
    printable(line, 10_000)
print("ok")
"""


def test_adversarial_lines_finish() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip() == "ok"
