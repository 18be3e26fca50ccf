"""A real Prometheus (console.sim.prometheus) scraping the simulated agent, read by
`watch --prometheus`; a Prometheus that is down; and `demo --with-prometheus`."""

from __future__ import annotations

import argparse
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest

import console.sim.prometheus as simprom
from console import cli
from console.sim.handle import SimHandle
from console.sim.prometheus import (
    PrometheusHandle,
    PrometheusNotInstalled,
    PrometheusStartError,
    start_prometheus,
)
from tests.helpers.cli import cli_env, closed_cleanly, query
from tests.helpers.net import free_port


def installed() -> bool:
    try:
        simprom.prometheus_binary()
    except PrometheusNotInstalled:
        return False
    return True


needs_prometheus = pytest.mark.skipif(
    not installed(),
    reason="prometheus is not installed: run 'make prometheus' (apt-get install prometheus)",
)
# Poll fast and back-fill a little, so a test sees samples within seconds.
FAST_POLL = {"OPSCONSOLE_PROMETHEUS_INTERVAL": "0.5", "OPSCONSOLE_PROMETHEUS_BACKFILL": "30"}


@pytest.fixture
def sim_scraped() -> Iterator[tuple[SimHandle, PrometheusHandle]]:
    with SimHandle.start("healthy", speed=13.0) as sim:
        prom = start_prometheus(scrape_target=urlsplit(sim.url).netloc)
        try:
            yield sim, prom
        finally:
            prom.stop()


@needs_prometheus
@pytest.mark.prometheus
def test_watch_prometheus_records_samples_from_prometheus(
    tmp_path: Path, background, sim_scraped: tuple[SimHandle, PrometheusHandle]
) -> None:
    sim, prom = sim_scraped
    # start_prometheus returned only once the target was scraped as up.
    up = httpx.get(f"{prom.url}/api/v1/query", params={"query": "up"}).json()["data"]["result"]
    assert [(r["metric"]["instance"], r["value"][1]) for r in up] == [
        (urlsplit(sim.url).netloc, "1")
    ]
    db = tmp_path / "prom.db"
    bg = background(
        "watch", "--prometheus", prom.url, "--preset", "promhttp", "--headless", "--db", str(db),
        env=cli_env(tmp_path, **FAST_POLL),
    )  # fmt: skip
    sql = (
        "SELECT DISTINCT json_extract(data, '$.name') FROM events"
        " WHERE kind = 'metric' AND source = 'prometheus'"
    )
    blue = (
        "SELECT 1 FROM events WHERE kind = 'metric' AND json_extract(data, '$.scope') = 'blue'"
        " AND json_extract(data, '$.name') = 'latency_p99_ms' LIMIT 1"
    )
    bg.wait_for(
        "latency and DB samples, blue apart",
        lambda: (
            {"latency_p99_ms", "db_connections"} <= {n for (n,) in query(db, sql)}
            and bool(query(db, blue))
        ),
    )
    code = bg.stop()
    assert code == 128 + 15, bg.stderr  # SIGTERM before any outcome (issue 19)
    assert "Traceback" not in bg.stderr
    closed_cleanly(db)
    statuses = query(
        db,
        "SELECT json_extract(data, '$.status'), json_extract(data, '$.message') FROM events"
        " WHERE kind = 'source_status' AND source = 'prometheus'",
    )
    # Before Prometheus has scraped twice, rate() has nothing: "no data" is honest then.
    assert statuses and statuses[-1][0] in ("ok", "partial"), statuses
    assert not any(status in ("error", "stale") for status, _ in statuses), statuses
    # The simulator names things as promhttp does, with a colour label for the split.
    assert "preset promhttp (chosen), split by colour" in statuses[-1][1]
    scopes = query(
        db,
        "SELECT DISTINCT json_extract(data, '$.scope') FROM events WHERE kind = 'metric'"
        " AND json_extract(data, '$.name') = 'latency_p99_ms'",
    )
    assert ("blue",) in scopes


def test_watch_prometheus_down_records_the_error_and_keeps_running(
    tmp_path: Path, background
) -> None:
    url = f"http://127.0.0.1:{free_port()}"
    db = tmp_path / "down.db"
    bg = background(
        "watch", "--prometheus", url, "--headless", "--db", str(db),
        env=cli_env(tmp_path, **FAST_POLL),
    )  # fmt: skip
    sql = (
        "SELECT json_extract(data, '$.status'), json_extract(data, '$.message') FROM events"
        " WHERE kind = 'source_status' AND source = 'prometheus'"
    )
    bg.wait_for("two failed polls", lambda: len(query(db, sql)) >= 2)
    assert bg.running  # a Prometheus that is down does not end the watch
    code = bg.stop()
    assert code == 128 + 15, bg.stderr  # SIGTERM before any outcome (issue 19)
    assert "Traceback" not in bg.stderr
    closed_cleanly(db)
    rows = query(db, sql)
    assert all(status in ("error", "stale") for status, _ in rows)
    assert f"cannot reach Prometheus at {url}" in rows[0][1]
    assert "retrying in" in rows[0][1]
    assert f"source  prometheus error: cannot reach Prometheus at {url}" in bg.stdout


@needs_prometheus
@pytest.mark.prometheus
def test_watch_prometheus_with_nothing_scraped_says_no_data(tmp_path: Path, background) -> None:
    # A real Prometheus whose only target is down: it answers every query, with nothing.
    prom = start_prometheus(scrape_target=f"127.0.0.1:{free_port()}", wait_for_target=False)
    try:
        db = tmp_path / "empty.db"
        bg = background(
            "watch", "--prometheus", prom.url, "--headless", "--db", str(db),
            env=cli_env(tmp_path, **FAST_POLL),
        )  # fmt: skip
        sql = (
            "SELECT json_extract(data, '$.status'), json_extract(data, '$.message') FROM events"
            " WHERE kind = 'source_status' AND source = 'prometheus'"
        )
        bg.wait_for("a status", lambda: len(query(db, sql)) >= 1)
        code = bg.stop()
    finally:
        prom.stop()
    assert code == 128 + 15, bg.stderr  # stopped by SIGTERM before any outcome (issue 19)
    rows = query(db, sql)
    assert [status for status, _ in rows] == ["no data"]
    assert rows[0][1].startswith("every query came back empty (latency_avg_ms, ")
    assert "source  prometheus no data: every query came back empty (" in bg.stdout


@needs_prometheus
@pytest.mark.prometheus
def test_start_prometheus_cleans_up_after_itself() -> None:
    with SimHandle.start("healthy", speed=13.0) as sim:
        prom = start_prometheus(scrape_target=sim.url)  # a URL is accepted as well
        workdir = prom.workdir
        assert prom.target == urlsplit(sim.url).netloc
        assert httpx.get(f"{prom.url}/-/ready").status_code == 200
        assert prom.target_health() == ("up", "")
        prom.stop()
        assert prom.proc.poll() is not None
        assert not workdir.exists()
        prom.stop()  # twice is harmless
        with pytest.raises(httpx.ConnectError):
            httpx.get(f"{prom.url}/-/ready")


def test_prometheus_not_installed_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(simprom, "DEBIAN_BINARY", str(tmp_path / "prometheus"))
    with pytest.raises(PrometheusNotInstalled) as info:
        start_prometheus("127.0.0.1:9")
    assert str(info.value) == (
        "prometheus is not installed: run 'make prometheus' (apt-get install prometheus)"
    )


def test_a_bad_scrape_target_is_refused_before_anything_starts() -> None:
    with pytest.raises(PrometheusStartError, match="host:port"):
        start_prometheus("no port here")


@needs_prometheus
@pytest.mark.prometheus
def test_demo_with_prometheus_reads_the_panels_from_prometheus(tmp_path: Path, background) -> None:
    db = tmp_path / "demo.db"
    bg = background(
        "demo", "--with-prometheus", "--headless", "--auto", "--scenario", "healthy",
        "--speed", "200", "--db", str(db),
        env=cli_env(tmp_path, **FAST_POLL),
    )  # fmt: skip
    bg.wait_for("the outcome", lambda: query(db, "SELECT 1 FROM events WHERE kind = 'outcome'"))
    try:
        bg.proc.wait(timeout=5)  # the rollout is over: the demo ends, with its Prometheus
        ended_by_itself = True
    except subprocess.TimeoutExpired:
        ended_by_itself = False
    code = bg.stop()  # SIGTERM: the demo takes its Prometheus down with it
    assert "Traceback" not in bg.stderr
    assert bg.stdout.splitlines()[-1].endswith("outcome succeeded")
    rows = query(db, "SELECT count(*) FROM events WHERE kind = 'metric' AND source = 'prometheus'")
    assert rows[0][0] > 0
    assert ended_by_itself, "the demo kept running after the rollout ended"
    assert code == 0, bg.stderr


@pytest.fixture
def taken_ports() -> Iterator[Callable[[], int]]:
    """``take()``: a loopback port another process (here: a socket of ours) listens on, as
    when something binds a port between our finding it free and our binding it."""
    held: list[socket.socket] = []

    def take() -> int:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        s.listen()
        held.append(s)
        return int(s.getsockname()[1])

    yield take
    for s in held:
        s.close()


def _free_ports_then(monkeypatch: pytest.MonkeyPatch, ports: list[int]) -> None:
    """``free_port`` answers ``ports`` first (each taken by the time it is bound), then
    really free ones."""
    real, queue = simprom.free_port, list(ports)
    monkeypatch.setattr(simprom, "free_port", lambda: queue.pop(0) if queue else real())


@needs_prometheus
@pytest.mark.prometheus
def test_prometheus_moves_to_another_port_when_its_own_is_taken(
    monkeypatch: pytest.MonkeyPatch, taken_ports: Callable[[], int]
) -> None:
    taken = [taken_ports(), taken_ports()]
    _free_ports_then(monkeypatch, taken)
    with start_prometheus(f"127.0.0.1:{free_port()}", wait_for_target=False) as prom:
        assert prom.port not in taken
        assert httpx.get(f"{prom.url}/-/ready").status_code == 200


@needs_prometheus
@pytest.mark.prometheus
def test_prometheus_ports_all_taken_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, taken_ports: Callable[[], int]
) -> None:
    _free_ports_then(monkeypatch, [taken_ports() for _ in range(5)])
    with pytest.raises(PrometheusStartError) as caught:
        start_prometheus(f"127.0.0.1:{free_port()}", wait_for_target=False)
    line = str(caught.value)
    assert "\n" not in line and "level=" not in line  # not Prometheus's own log
    assert "taken by another process" in line and "try again" in line


@needs_prometheus
@pytest.mark.prometheus
def test_demo_with_prometheus_survives_its_agent_port_being_taken(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    taken_ports: Callable[[], int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The demo chooses the agent's port, starts Prometheus scraping it (seconds), then
    starts the agent there: here another process took the port meanwhile."""
    _free_ports_then(monkeypatch, [taken_ports()])
    for name, value in cli_env(tmp_path, **FAST_POLL).items():
        monkeypatch.setenv(name, value)
    db = tmp_path / "demo.db"
    argv = ["demo", "--with-prometheus", "--headless", "--auto", "--scenario", "healthy"]
    argv += ["--speed", "200"]
    code = cli.main([*argv, "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 0, err
    assert query(db, "SELECT 1 FROM events WHERE kind = 'outcome'")
    rows = query(db, "SELECT count(*) FROM events WHERE kind = 'metric' AND source = 'prometheus'")
    assert rows[0][0] > 0  # Prometheus scraped the agent where it ended up


@needs_prometheus
@pytest.mark.prometheus
def test_demo_agent_ports_all_taken_is_one_clear_line(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    taken_ports: Callable[[], int],
    capsys: pytest.CaptureFixture[str],
) -> None:
    from console.sim.prometheus import free_port as really_free

    prometheus_port = really_free()
    agent_ports = [taken_ports() for _ in range(cli.SIM_PORT_ATTEMPTS)]
    # The agent's first port, Prometheus's own, then each port the agent is moved to.
    _free_ports_then(monkeypatch, [agent_ports[0], prometheus_port, *agent_ports[1:]])
    for name, value in cli_env(tmp_path).items():
        monkeypatch.setenv(name, value)
    code = cli.main(["demo", "--with-prometheus", "--headless", "--db", str(tmp_path / "d.db")])
    err = capsys.readouterr().err
    assert code != 0
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "taken by another process" in err


def test_the_preset_help_and_the_config_docs_name_every_preset() -> None:
    # The names are written out (the CLI does not import the presets to build its help): a
    # preset added without them would be one a user cannot find.
    from console.sources.prompresets import PRESETS

    names = ", ".join(p.name for p in PRESETS)
    (commands,) = [
        a for a in cli.build_parser()._actions if isinstance(a, argparse._SubParsersAction)
    ]
    watch = commands.choices["watch"]
    (preset,) = [a for a in watch._actions if "--preset" in a.option_strings]
    assert preset.help is not None and names in " ".join(preset.help.split())
    config = (Path(__file__).parents[2] / "docs" / "configuration.md").read_text()
    said = config.split("as --preset: ", 1)[1].split(";", 1)[0]
    assert " ".join(said.replace("#", " ").split()) == names
