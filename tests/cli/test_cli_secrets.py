"""What the command itself writes holds no credential: `config show`, the crash log (0600,
argv and traceback redacted) and the one error line; screenshots go to the data directory."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from console import cli
from console.redact import MARK
from tests.helpers.cli import cli_env, run

CONFIG = """
[agent]
url = "https://deployer:AgentPw71@agent.internal:8443"
token_file = "/etc/opsconsole/token"

[prometheus]
url = "https://admin:PromPw72@prometheus.internal:9090"

[hooks]
on_approve = "curl -fsS -H 'Authorization: Bearer HookTok73abc123' https://ci.internal/approve"
on_hold = "DEPLOY_TOKEN=HookTok74 ./notify-hold.sh"
on_rollback = "curl -u ops:HookPw75 https://ci.internal/rollback"
"""


def test_config_show_masks_credentials(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "config.toml").write_text(CONFIG)
    r = run(tmp_path, "config", "show")
    assert r.returncode == 0, r.stderr
    for secret in ("AgentPw71", "PromPw72", "HookTok73", "HookTok74", "HookPw75"):
        assert secret not in r.stdout
    assert "https://admin:" + MARK + "@prometheus.internal:9090" in r.stdout
    assert "ci.internal/approve" in r.stdout and "/etc/opsconsole/token" in r.stdout
    # The file itself is untouched: show never writes.
    assert "PromPw72" in (tmp_path / "config" / "config.toml").read_text()


def test_redact_argv() -> None:
    argv = [
        "watch",
        "--prometheus",
        "https://admin:ArgPw76@prom:9090",
        "--token",
        "ArgTok77",
        "--api-key=ArgKey78",
        "--token-file",
        "/run/token",
        "--name",
        "password=ArgPw79",
    ]
    line = cli.redact_argv(argv)
    assert not any(s in line for s in ("ArgPw76", "ArgTok77", "ArgKey78", "ArgPw79"))
    assert "--token-file /run/token" in line and "https://admin:" in line


def test_crash_log_is_private_and_redacted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for k, v in cli_env(tmp_path).items():
        monkeypatch.setenv(k, v)

    def boom(args: object) -> int:
        raise RuntimeError("lost connection to postgres://app:CrashPw80@db.internal/orders")

    # The command's body fails in a way nobody planned for; main() is what is tested.
    monkeypatch.setattr(cli, "cmd_watch", boom)
    argv = ["watch", "--prometheus", "https://admin:CrashPw81@prom:9090", "--headless"]
    assert cli.main(argv) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected error" in err
    assert "CrashPw80" not in err
    crash = tmp_path / "xdg-state" / "opsconsole" / "crash.log"
    assert stat.S_IMODE(crash.stat().st_mode) == 0o600
    text = crash.read_text()
    assert "Traceback" in text and "RuntimeError" in text
    assert "CrashPw80" not in text and "CrashPw81" not in text
    assert text.count(MARK) >= 2


def test_an_old_crash_log_becomes_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for k, v in cli_env(tmp_path).items():
        monkeypatch.setenv(k, v)
    crash = tmp_path / "xdg-state" / "opsconsole" / "crash.log"
    crash.parent.mkdir(parents=True)
    crash.write_text("--- an older entry\n")
    crash.chmod(0o644)

    def boom(args: object) -> int:
        raise RuntimeError("x")

    monkeypatch.setattr(cli, "cmd_sessions", boom)
    assert cli.main(["sessions"]) == 1
    capsys.readouterr()
    assert stat.S_IMODE(crash.stat().st_mode) == 0o600
    assert crash.read_text().startswith("--- an older entry\n")


def test_screenshots_go_to_the_data_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    from console.ui.app import OpsConsoleApp

    app = OpsConsoleApp(object(), persist_theme=False)  # type: ignore[arg-type]
    assert app.screenshot_dir == tmp_path / "data" / "opsconsole" / "screenshots"
