"""The SDK's names load when first used: every ``opsconsole`` command builds the parser of
``opsconsole agent``, and must not start by loading the SDK's HTTP server (issue 22: a
fifth of replay's first frame)."""

from __future__ import annotations

import subprocess
import sys


def _modules_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint(' '.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(out.stdout.split())


def test_the_command_line_parser_does_not_load_the_http_server() -> None:
    loaded = _modules_after("from console.cli import build_parser\nbuild_parser()")
    assert "console.agent_sdk.commands" in loaded
    assert "aiohttp" not in loaded and "console.agent_sdk.endpoint" not in loaded


def test_the_sdk_names_are_there_when_asked_for() -> None:
    loaded = _modules_after("from console.agent_sdk import AgentEndpoint, SyncEndpoint, TOKEN_ENV")
    assert {"aiohttp", "console.agent_sdk.endpoint", "console.agent_sdk.threaded"} <= loaded
    import console.agent_sdk as sdk

    assert sdk.DEFAULT_PLAN == (10.0, 25.0, 50.0, 75.0, 100.0)
    assert set(sdk.__all__) <= set(dir(sdk)) | set(sdk._HOME)
