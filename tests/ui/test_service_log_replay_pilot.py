"""A service's own access log, imported and replayed: the console claims no agent, no
rollout and no stages it was never told of, and the access records read as requests."""

from __future__ import annotations

from pathlib import Path

from console.ingest import import_files
from tests.helpers.ui import replay_app, screen_text, wait_for

# Traefik's JSON access log shape (msg empty, the request under its own keys), written here.
LINES = [
    f'{{"DownstreamStatus":{status},"Duration":{ns},"RequestMethod":"GET","RequestPath":"/p/{i}",'
    f'"level":"info","msg":"","time":"2024-06-07T00:{i // 6:02d}:{i % 60:02d}Z"}}'
    for i, (status, ns) in enumerate([(200, 40_000_000)] * 20 + [(502, 2_500_000_000)] * 4)
]


async def test_an_imported_access_log_reports_no_rollout_and_reads_as_requests(
    tmp_path: Path,
) -> None:
    log = tmp_path / "access.json"
    log.write_text("\n".join(LINES) + "\n")
    db = tmp_path / "s.db"
    import_files([log], db)
    app, _feed = replay_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("$")  # the end of the session
        text = await wait_for(
            pilot, lambda: "GET /p/23 502" in screen_text(app) and screen_text(app)
        )
        assert "no rollout reported" in text.splitlines()[0]
        assert "agent waiting" not in text
        assert "no gate open · no rollout reported" in text
        assert "no split reported" in text and "no stages: no rollout reported" in text
        assert "over the limit now: " in text and "error rate" in text
        # the log is named by its file, no agent's; its 502s are errors (an access record's
        # status is its severity), the last of them under what is over its limit
        assert "Log · access.json" in text and "Agent log" not in text
        assert "▲ 00:03:23 ERROR GET /p/23 502" in text


async def test_files_imported_together_are_named_together(tmp_path: Path) -> None:
    # two services' logs in one session interleave in the panel: its title named only the
    # first file's, over lines of the second
    first, second = tmp_path / "access.json", tmp_path / "api.log"
    first.write_text("\n".join(LINES[:3]) + "\n")
    second.write_text(
        "2024-06-07 00:05:00,100 INFO api: ready\n2024-06-07 00:05:01,100 ERROR api: db gone\n"
    )
    db = tmp_path / "s.db"
    import_files([first, second], db)
    app, _feed = replay_app(db)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("$")
        text = await wait_for(pilot, lambda: "db gone" in screen_text(app) and screen_text(app))
        assert "Log · 2 files (access.json, …)" in text
