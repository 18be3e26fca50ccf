"""Issue #20: what each panel shows is true at one instant. Findings that ended read as
resolved; set and actual weight are two values; per-colour figures beside the total; a
panel never combines values of different observations without saying how old each is."""

from __future__ import annotations

from typing import Any

from textual.app import App, ComposeResult

from console import events as ev
from console.state import State, reduce_all
from console.ui.widgets.database import DatabasePanel
from console.ui.widgets.errors import ErrorsPanel
from console.ui.widgets.incident import IncidentPanel
from console.ui.widgets.latency import LatencyPanel
from console.ui.widgets.panel import Panel
from console.ui.widgets.traffic import TrafficPanel

T0 = 1_732_181_400.0  # 2024-11-21T09:30:00Z


class Panels(App[None]):
    def __init__(self, width: int) -> None:
        super().__init__()
        self.width = width

    def compose(self) -> ComposeResult:
        for cls in (TrafficPanel, LatencyPanel, ErrorsPanel, DatabasePanel, IncidentPanel):
            panel = cls()
            panel.styles.width = self.width
            yield panel


async def drawn(state: State, width: int = 44) -> dict[str, str]:
    """Each panel's text for ``state``, laid out ``width`` cells wide."""
    app = Panels(width)
    async with app.run_test(size=(120, 60)) as pilot:
        for panel in app.query(Panel):
            panel.show(state)
        await pilot.pause()
        return {type(p).__name__: str(p.render()) for p in app.query(Panel)}


def fold(*events: ev.Event) -> State:
    return reduce_all(State(), events)


def at(seconds: float) -> float:
    return T0 + seconds


async def test_a_resolved_finding_is_dimmed_and_says_when_it_ended() -> None:
    state = fold(
        ev.GateOpened(ts=at(0), gate_id="g1", stage_pct=50.0, next_pct=75.0),
        ev.Finding(
            ts=at(300),
            code="gate_waiting",
            severity="warning",
            message="gate g1 after 50 % has waited 5 min for a decision",
            data={"gate_id": "g1"},
        ),
    )
    live = (await drawn(state))["IncidentPanel"]
    assert live.startswith("▲ 09:35:00 gate g1") and "resolved" not in live
    reduce_all(state, [ev.GateClosed(ts=at(330), gate_id="g1", decision="approve")])
    text = (await drawn(state))["IncidentPanel"]
    assert text.startswith("✓ 09:35:00 gate g1") and "resolved at 09:35:30" in text
    assert "▲" not in text


async def test_the_root_cause_is_shown_whole_as_the_rca_command_writes_it() -> None:
    # The analyser's sentence for pool exhaustion runs past 200 characters: it ended in
    # "assumed equal to g… (+6 bytes)" on the panel.
    cause = (
        "likely cause: capacity (97%): Database connection pool exhausted as traffic grew "
        "((3 blue + 3 green) pods × 20 connections per pod = 120 > max_connections 100 "
        "(120 %) (blue replicas assumed equal to green))"
    )
    state = fold(ev.Finding(ts=at(0), code="rca", severity="critical", message=cause))
    text = (await drawn(state))["IncidentPanel"]
    assert text.replace("\n", " ").startswith(cause[:60]) and "bytes)" not in text
    assert text.replace("\n", "").replace(" ", "").endswith("equaltogreen))")


def sample(seconds: float, name: str, value: float, scope: str = "") -> ev.MetricSample:
    return ev.MetricSample(ts=at(seconds), name=name, value=value, scope=scope)


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


async def test_latency_never_shows_an_old_p99_as_current() -> None:
    """The seed's end: p95/p99 last said at 09:51:00, avg fresh at 09:52:30 ("Service
    fully restored"): the old p99 is apart, with its age, and not judged ✗."""
    state = fold(
        ev.Threshold(ts=at(0), metric=ev.LATENCY_P99, value=500.0, slo=True),
        ev.MetricBatch(
            ts=at(60),
            samples=(
                (ev.LATENCY_AVG, 215.0, ""),
                (ev.LATENCY_P95, 450.0, ""),
                (ev.LATENCY_P99, 780.0, ""),
            ),
        ),
    )
    text = lines((await drawn(state))["LatencyPanel"])
    assert text[0] == "avg 215ms✗  p95 450ms  p99 780ms✗"  # one instant: judged
    reduce_all(state, [sample(150, ev.LATENCY_AVG, 108.0)])
    text = lines((await drawn(state))["LatencyPanel"])
    assert text[0] == "avg 108ms✓"
    assert text[1] == "1m earlier: p95 450ms  p99 780ms"
    assert "✗" not in "\n".join(text)


async def test_database_never_sets_old_parts_beside_a_fresh_total() -> None:
    """'db conns 155/250 … blue 58 green 62' (58 + 62 ≠ 155): the parts are of another
    instant, and say so; parts observed together with no total are summed."""
    parts = (
        (ev.DB_CONNECTIONS, 58.0, "blue"),
        (ev.DB_CONNECTIONS, 62.0, "green"),
        (ev.DB_CONNECTIONS, 120.0, ""),
        (ev.DB_CONNECTIONS_MAX, 250.0, ""),
    )
    state = fold(ev.MetricBatch(ts=at(0), samples=parts))
    text = lines((await drawn(state))["DatabasePanel"])
    assert text[0] == "db conns 120/250 48%" and text[1].endswith(" blue 58 green 62")
    reduce_all(state, [sample(455, ev.DB_CONNECTIONS, 155.0)])
    text = lines((await drawn(state))["DatabasePanel"])
    assert text[0] == "db conns 155/250 62%"
    assert "blue" not in text[1] and "7m earlier: blue 58 green 62" in text
    # Parts alone, observed together: their sum is the total.
    state = fold(
        ev.MetricBatch(ts=at(0), samples=((ev.DB_CONNECTIONS_MAX, 250.0, ""),)),
        ev.MetricBatch(ts=at(10), samples=parts[:2]),
    )
    assert lines((await drawn(state))["DatabasePanel"])[0] == "db conns 120/250 48%"
    # ... not when they were observed apart.
    state = fold(
        ev.MetricBatch(ts=at(0), samples=((ev.DB_CONNECTIONS_MAX, 250.0, ""), parts[0])),
        ev.MetricBatch(ts=at(60), samples=(parts[1],)),
    )
    text = lines((await drawn(state))["DatabasePanel"])
    assert text[0] == "db conns —/250 —" and "1m earlier: blue 58 green 62" in text


async def test_errors_show_each_colour_beside_the_total_the_incident_judges_by() -> None:
    state = fold(
        ev.Threshold(ts=at(0), metric=ev.ERROR_RATE, value=5.0, slo=True),
        ev.MetricBatch(
            ts=at(30),
            samples=(
                (ev.ERROR_RATE, 3.68, ""),
                (ev.ERROR_RATE, 0.4, "blue"),
                (ev.ERROR_RATE, 7.3, "green"),
            ),
        ),
    )
    text = lines((await drawn(state))["ErrorsPanel"])
    assert text[0] == "errors 3.68% ✓  SLO ≤5.0%"
    assert text[1] == "blue 0.4% ✓  green 7.3% ✗"


async def test_latency_per_colour_and_a_colour_gone_quiet_is_aged() -> None:
    state = fold(
        ev.Threshold(ts=at(0), metric=ev.LATENCY_P99, value=500.0, slo=True),
        ev.MetricBatch(
            ts=at(0),
            samples=(
                (ev.LATENCY_P99, 300.0, ""),
                (ev.LATENCY_P99, 280.0, "blue"),
                (ev.LATENCY_P99, 628.0, "green"),
            ),
        ),
    )
    text = lines((await drawn(state))["LatencyPanel"])
    assert text[1] == "blue p99 280ms✓  green p99 628ms✗"
    # Green took no more traffic; blue and the total went on.
    reduce_all(
        state,
        [
            ev.MetricBatch(
                ts=at(20), samples=((ev.LATENCY_P99, 290.0, ""), (ev.LATENCY_P99, 285.0, "blue"))
            )
        ],
    )
    text = lines((await drawn(state))["LatencyPanel"])
    assert text[:3] == [
        "avg —  p95 —  p99 290ms✓",  # never seen: a dash
        "blue p99 285ms✓",
        "20s earlier: green p99 628ms",
    ]


async def test_traffic_shows_set_and_actual_weight() -> None:
    state = fold(ev.TrafficSplit(ts=at(0), green_pct=75.0))
    text = lines((await drawn(state))["TrafficPanel"])
    assert text[:2] == ["set    blue 25%  green 75%", "actual green —"]
    reduce_all(state, [ev.TrafficSplit(ts=at(4), green_pct=75.0, actual_green_pct=70.0)])
    assert lines((await drawn(state))["TrafficPanel"])[1] == "actual green 70%"
    # The set weight moves on; the split measured before it is of an earlier instant.
    reduce_all(state, [ev.TrafficSplit(ts=at(64), green_pct=100.0)])
    text = lines((await drawn(state))["TrafficPanel"])
    assert text[:3] == [
        "set    blue 0%  green 100%",
        "actual green —",
        "1m earlier: actual green 70%",
    ]


async def test_traffic_with_no_split_reported_claims_none() -> None:
    # A service's own log: no rollout said anything. It read "set blue 100%  green 0%" over
    # a full blue bar and the default plan.
    state = fold(ev.MetricBatch(ts=at(0), samples=((ev.REQUEST_RATE, 2.0, ""),)))
    text = lines((await drawn(state))["TrafficPanel"])
    assert text == ["set    no split reported", "rate   2 req/s total"]
    # A quiet service's rate is not "0 req/s": 27 requests in 20 minutes.
    reduce_all(state, [ev.MetricBatch(ts=at(2), samples=((ev.REQUEST_RATE, 0.0225, ""),))])
    assert lines((await drawn(state))["TrafficPanel"])[1] == "rate   0.022 req/s total"
    reduce_all(state, [ev.TrafficSplit(ts=at(5), green_pct=10.0)])
    assert lines((await drawn(state))["TrafficPanel"])[0] == "set    blue 90%  green 10%"


async def test_traffic_says_whose_request_rate_it_shows() -> None:
    # An agent's "Request rate: 150 req/s to green" is green's, not the service's.
    state = fold(
        ev.TrafficSplit(ts=at(0), green_pct=10.0, actual_green_pct=10.0),
        ev.MetricBatch(ts=at(0), samples=((ev.REQUEST_RATE, 150.0, "green"),)),
    )
    assert lines((await drawn(state))["TrafficPanel"])[1] == "actual green 10%  green 150 req/s"
    # A source that measures the whole service: the total, said so.
    reduce_all(state, [ev.MetricBatch(ts=at(0), samples=((ev.REQUEST_RATE, 1507.0, ""),))])
    assert lines((await drawn(state))["TrafficPanel"])[1] == "actual green 10%  1507 req/s total"


async def test_a_panel_behind_the_clock_says_when_it_is_of() -> None:
    state = fold(
        ev.MetricBatch(
            ts=at(0), samples=((ev.DB_CONNECTIONS, 40.0, ""), (ev.DB_CONNECTIONS_MAX, 250.0, ""))
        ),
        ev.LogLine(ts=at(150), level="INFO", message="later"),
    )
    text = lines((await drawn(state))["DatabasePanel"])
    assert text[:2] == ["as of 09:30:00 (2m ago)", "db conns 40/250 16%"]


async def test_a_panel_redraws_when_a_slice_it_reads_changes_and_only_then() -> None:
    from console.ui.widgets.timeline import TimelinePanel

    state = fold(ev.StageStarted(ts=at(0), traffic_pct=10.0))
    app = Panels(44)
    async with app.run_test(size=(120, 60)) as pilot:
        latency = app.query_one(LatencyPanel)
        timeline = TimelinePanel()
        await app.mount(timeline)
        await pilot.pause()
        for panel in (latency, timeline):
            panel.show(state)
        keys = (latency.key(state), timeline.key(state))
        reduce_all(state, [sample(10, ev.LATENCY_AVG, 120.0)])
        assert latency.key(state) != keys[0] and timeline.key(state) == keys[1]
        latency.show(state)
        assert str(latency.render()).startswith("avg 120ms")
        reduce_all(state, [ev.StageStarted(ts=at(20), traffic_pct=25.0)])
        assert timeline.key(state) != keys[1]
        timeline.show(state)
        assert "25%" in str(timeline.render())


async def test_at_every_event_of_a_recorded_rollout_each_panel_is_one_instant(
    tmp_path: Any,
) -> None:
    """Fold a seed-shaped agent log (observation blocks a minute apart, parts of them in
    different blocks) one event at a time; at every instant: a figure judged ✓/✗ is of the
    panel's newest observation, an older one is only ever on an 'earlier' line, and the
    database's blue and green sit by the bar only when observed with its total."""
    from console.ingest import import_files
    from console.store.replay import ReplayCursor
    from console.ui.widgets.panel import SAME_INSTANT_S
    from tests.helpers.ui import LOGS

    db = tmp_path / "s.db"
    sid = import_files([LOGS / "rollout_missing_index.log"], db).session_id
    app = Panels(44)
    state = State()
    seen_earlier = 0
    async with app.run_test(size=(120, 60)) as pilot:
        panels = list(app.query(Panel))
        await pilot.pause()
        with ReplayCursor(db, sid) as cursor:
            for _seq, event in cursor.events():
                reduce_all(state, [event])
                for panel in panels:
                    text = str(panel.draw(state))
                    for line in text.splitlines():
                        if "earlier" in line:
                            seen_earlier += 1
                            assert "✓" not in line and "✗" not in line, (panel, line)
                    if isinstance(panel, DatabasePanel) and " blue " in text.splitlines()[1]:
                        # Blue and green by the bar: both of the panel's instant.
                        reading = panel.reading(state)
                        for colour in ("blue", "green"):
                            at_ = reading.at[(ev.DB_CONNECTIONS, colour)]
                            if at_ is None:
                                continue  # never seen: a dash
                            assert reading.instant is not None
                            assert reading.instant - at_ <= SAME_INSTANT_S
    assert seen_earlier  # the log does mix instants: the test saw some


async def test_errors_total_older_than_its_parts_keeps_its_value_and_says_its_age() -> None:
    """The per-colour rates are fresh, the total is a minute old: the headline is not
    'errors  SLO ≤5.0%' with the value gone, but the old value, unjudged, with its age."""
    state = fold(
        ev.Threshold(ts=at(0), metric=ev.ERROR_RATE, value=5.0, slo=True),
        ev.MetricBatch(
            ts=at(0),
            samples=(
                (ev.ERROR_RATE, 3.68, ""),
                (ev.ERROR_RATE, 0.4, "blue"),
                (ev.ERROR_RATE, 7.3, "green"),
            ),
        ),
        ev.MetricBatch(
            ts=at(60), samples=((ev.ERROR_RATE, 0.5, "blue"), (ev.ERROR_RATE, 6.1, "green"))
        ),
    )
    text = lines((await drawn(state))["ErrorsPanel"])
    assert text[0] == "errors 3.68%  1m earlier  SLO ≤5.0%"
    assert text[1] == "blue 0.5% ✓  green 6.1% ✗"
    assert sum("3.68%" in line for line in text) == 1  # said once, not again on an 'earlier' line


async def test_no_findings_under_a_breached_limit_says_what_is_over_it() -> None:
    # An access log's import: p99 and errors over their SLO (✗ in their panels), no
    # finding yet. "every signal within its baseline" under them read as a contradiction.
    state = fold(
        ev.Threshold(ts=at(0), metric=ev.LATENCY_P99, value=500.0, slo=True),
        ev.Threshold(ts=at(0), metric=ev.ERROR_RATE, value=1.0, slo=True),
        ev.MetricBatch(ts=at(60), samples=((ev.LATENCY_P99, 2222.0, ""), (ev.ERROR_RATE, 0.5, ""))),
    )
    text = (await drawn(state, width=80))["IncidentPanel"]
    assert text == "no findings yet; over the limit now: p99 latency"
    reduce_all(state, [ev.MetricBatch(ts=at(120), samples=((ev.LATENCY_P99, 300.0, ""),))])
    assert (await drawn(state, width=80))["IncidentPanel"] == (
        "✓ no findings: every signal within its baseline"
    )


async def test_a_panel_s_rows_are_framed_as_textual_frames_them() -> None:
    """Panels frame their content rows once per repaint (row_frame.py): each row, the
    title rule and the padding included, is what Textual's own styles cache draws, in the
    console's look and in others (a border on every side, padding above and below)."""
    from textual._styles_cache import StylesCache
    from textual.geometry import Region

    from console.ui.widgets.row_frame import RowFrameCache

    state = fold(
        ev.GateOpened(ts=at(0), gate_id="g1", stage_pct=50.0, next_pct=75.0),
        ev.MetricSample(ts=at(5), name=ev.LATENCY_P99, value=310.0, scope="green"),
        ev.MetricSample(ts=at(5), name=ev.LATENCY_AVG, value=118.0),
        ev.MetricSample(ts=at(6), name=ev.ERROR_RATE, value=0.4),
        ev.MetricSample(ts=at(7), name=ev.DB_CONNECTIONS, value=62.0, scope="green"),
    )
    app = Panels(44)
    async with app.run_test(size=(120, 60)) as pilot:
        for panel in app.query(Panel):
            panel.show(state)
        await pilot.pause()

        framed: list[object] = []

        class Seen(RowFrameCache):
            def _plain_frame(self, *args: Any) -> Any:
                framed.append(frame := super()._plain_frame(*args))
                return frame

        def rows(panel: Panel, cache: StylesCache) -> list[list[tuple[str, object]]]:
            panel._styles_cache = cache
            panel.refresh()
            strips = panel.render_lines(Region(0, 0, panel.size.width, panel.size.height))
            return [[(seg.text, seg.style) for seg in strip] for strip in strips]

        for look in ("console", "boxed", "padded"):
            if look == "boxed":
                for panel in app.query(Panel):
                    panel.styles.border = ("round", "red")
            elif look == "padded":
                for panel in app.query(Panel):
                    panel.styles.padding = (1, 2, 1, 0)
            await pilot.pause()
            for panel in app.query(Panel):
                framed.clear()
                ours = rows(panel, Seen())
                assert framed and framed[-1] is not None  # framed by row_frame.py
                assert ours == rows(panel, StylesCache()), (look, type(panel).__name__)
                assert len(ours) == panel.size.height >= 2


async def test_no_findings_before_any_signal_does_not_claim_they_are_within_baseline() -> None:
    # A replay's first frame: nothing measured yet. "every signal within its baseline"
    # there claimed a health no reading had shown.
    state = fold(ev.Threshold(ts=at(0), metric=ev.LATENCY_P99, value=500.0, slo=True))
    assert (await drawn(state, width=80))["IncidentPanel"] == "no findings: no signals yet"
    reduce_all(state, [ev.MetricBatch(ts=at(60), samples=((ev.LATENCY_P99, 300.0, ""),))])
    assert (await drawn(state, width=80))["IncidentPanel"] == (
        "✓ no findings: every signal within its baseline"
    )


async def test_a_log_timing_only_work_shows_it_as_work_time_never_judged() -> None:
    # A worker's (or a slow-query log's, a CI job's) import: its durations are derived's work
    # time, no request's. The latency panel names them and judges none against the 500 ms SLO;
    # the incident view finds nothing over a limit in them.
    state = fold(
        ev.Threshold(ts=at(0), metric=ev.LATENCY_P99, value=500.0, slo=True),
        ev.Threshold(ts=at(0), metric=ev.LATENCY_AVG, value=150.0, slo=False),
        ev.MetricBatch(
            ts=at(60),
            samples=(
                (ev.WORK_AVG, 31000.0, ""),
                (ev.WORK_P95, 64000.0, ""),
                (ev.WORK_P99, 66469.0, ""),
            ),
        ),
        ev.MetricBatch(ts=at(60), samples=((ev.ERROR_RATE, 0.0, ""),)),
    )
    panels = await drawn(state, width=60)
    text = lines(panels["LatencyPanel"])
    assert text[0] == "work time · no request · no SLO"
    assert text[1] == "avg 31s  p95 1m 04s  p99 1m 06s"
    assert "✗" not in panels["LatencyPanel"] and "✓" not in panels["LatencyPanel"]
    assert "over the limit" not in panels["IncidentPanel"]
    # once requests are timed, the panel is the latency's again, judged
    reduce_all(state, [sample(120, ev.LATENCY_P99, 780.0)])
    text = lines((await drawn(state, width=60))["LatencyPanel"])
    assert "p99 780ms✗" in text[0]


async def test_latency_a_source_gives_per_colour_only_is_never_hidden_by_work_time() -> None:
    # (review) a source reporting latency per colour alone, and derived work time beside it:
    # the panel is the latency's, judged
    state = fold(
        ev.Threshold(ts=at(0), metric=ev.LATENCY_P99, value=500.0, slo=True),
        ev.MetricBatch(ts=at(60), samples=((ev.WORK_P99, 4000.0, ""),)),
        ev.MetricBatch(ts=at(60), samples=((ev.LATENCY_P99, 900.0, "green"),)),
    )
    text = "\n".join(lines((await drawn(state, width=60))["LatencyPanel"]))
    assert "work time" not in text and "green p99 900ms✗" in text
