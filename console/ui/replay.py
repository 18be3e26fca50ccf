"""Replay: the live screen fed from the store, with transport controls (asciinema-style keys).

space play/pause · , . step one event · ←/→ seek 10 s (shift: 60 s) · < > speed ·
0-9 jump to 0 %-90 %, $ the end ·
[ ] previous/next marker (stage, gate, decision, warning, error) · t go to a time ·
/ search the whole session (FTS5), n/N next/previous hit · b bookmark with a note ·
i skip idle · ctrl+s screenshot (SVG)
"""

from __future__ import annotations

import time
from bisect import bisect_left
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Input

from console import events as ev
from console.state import State
from console.store.notes import add_note, list_notes
from console.store.replay import Player, ReplayCursor
from console.ui.screens.confirm import AskText
from console.ui.screens.console import ConsoleScreen
from console.ui.widgets.gate_bar import Availability
from console.ui.widgets.log_view import LogView
from console.ui.widgets.transport import Transport, TransportView

SPEEDS = (0.5, 1.0, 2.0, 5.0, 10.0, 25.0, 50.0, 100.0)
SKIP_IDLE_SECONDS = 5.0
LOG_WINDOW = 400
READ_ONLY = "replay sends nothing"  # beside the verbs; the title bar says READ-ONLY
ANNOUNCED_INDEXING = 20_000  # events a first search indexes before it says so (~0.1 s)
SEARCH_HITS = 1000  # hits a search keeps; one more is asked for, to say when there are more


class ReplayFeed:
    """What the console screen reads, from a Player over the store."""

    def __init__(self, db_path: Path, session_id: str, *, speed: float = 1.0) -> None:
        self.db_path = db_path
        self._session_id = session_id
        self.cursor = ReplayCursor(db_path, session_id)
        self.player = Player(self.cursor, speed=speed)
        self._reset_log = True
        self._shown_upto = 0
        self.hits: list[int] = []
        self.more_hits = False  # the search found more than SEARCH_HITS
        self.hit_pos = -1
        self.marks = self._marks()

    def _marks(self) -> tuple[float, ...]:
        start, end = self.cursor.start_ts, self.cursor.last_ts
        if start is None or end is None or end <= start:
            return ()
        marks = self.cursor.markers(("stage", "gate", "decision", "error"), limit=400)
        return tuple((m.ts - start) / (end - start) for m in marks)

    @property
    def state(self) -> State:
        return self.player.state

    @property
    def session_id(self) -> str:
        return self._session_id

    @property
    def data_dir(self) -> Path:
        return self.db_path.parent

    @property
    def badges(self) -> tuple[str, ...]:
        return ("REPLAY", "PLAYING" if self.player.playing else "PAUSED", "READ-ONLY")

    # --- the screen's side ---------------------------------------------------------------

    def take_log(self) -> tuple[bool, list[tuple[int, ev.LogLine]]]:
        pos = self.player.position
        if self._reset_log or pos < self._shown_upto:
            self._reset_log = False
            self._shown_upto = pos
            return True, self.cursor.log_window(pos + 1, LOG_WINDOW)
        if pos == self._shown_upto:
            return False, []
        lines = self.cursor.log_after(self._shown_upto, LOG_WINDOW + 1)
        lines = [(s, e) for s, e in lines if s <= pos]
        if len(lines) > LOG_WINDOW:  # a big jump forward: start a fresh window
            self._shown_upto = pos
            return True, self.cursor.log_window(pos + 1, LOG_WINDOW)
        self._shown_upto = pos
        return False, lines

    def availability(self) -> Availability:
        return {verb: (False, READ_ONLY) for verb in ("approve", "hold", "rollback")}

    def older_log(self, before_seq: int, limit: int) -> list[tuple[int, ev.LogLine]]:
        return self.cursor.log_window(before_seq, limit)

    def describe(self, verb: str, reason: str = "") -> str:
        return READ_ONLY

    async def decide(self, verb: str, reason: str) -> tuple[str, str]:
        return "refused", READ_ONLY

    def transport(self) -> TransportView:
        p = self.player
        return TransportView(
            playing=p.playing,
            speed=p.speed,
            skip_idle=p.skip_idle is not None,
            clock=p.clock,
            start=self.cursor.start_ts,
            end=self.cursor.last_ts,
            position=p.position,
            total=self.cursor.total,
            marks=self.marks,
        )

    # --- transport ---------------------------------------------------------------------

    def seek(self, seq: int) -> None:
        self.player.seek(seq)
        self._reset_log = True

    def seek_time(self, ts: float) -> None:
        self.player.seek_time(ts)
        self._reset_log = True

    def seek_fraction(self, fraction: float) -> None:
        start, end = self.cursor.start_ts, self.cursor.last_ts
        if start is None or end is None:
            return
        self.seek_time(start + fraction * (end - start))

    def search(self, query: str) -> int:
        found = self.cursor.search(query, limit=SEARCH_HITS + 1)
        self.hits, self.more_hits = found[:SEARCH_HITS], len(found) > SEARCH_HITS
        self.hit_pos = -1
        return len(self.hits)

    def jump_hit(self, step: int) -> int | None:
        if not self.hits:
            return None
        pos = self.player.position
        if step > 0:
            later = [h for h in self.hits if h > pos]
            target = later[0] if later else self.hits[0]
        else:
            earlier = [h for h in self.hits if h < pos]
            target = earlier[-1] if earlier else self.hits[-1]
        self.seek(target)
        return target


class ReplayScreen(ConsoleScreen):
    DEFAULT_CSS = """
    ReplayScreen #gate { dock: none; }
    """
    BINDINGS = [
        Binding("space", "toggle_play", "Play/Pause"),
        Binding("comma", "step(-1)", "Step back", show=False),
        Binding("full_stop", "step(1)", "Step", show=False),
        Binding("left", "seek(-10)", "-10s", show=False),
        Binding("right", "seek(10)", "+10s", show=False),
        Binding("shift+left", "seek(-60)", "-60s", show=False),
        Binding("shift+right", "seek(60)", "+60s", show=False),
        Binding("less_than_sign", "speed(-1)", "Slower", show=False),
        Binding("greater_than_sign", "speed(1)", "Faster", show=False),
        Binding("left_square_bracket", "marker(-1)", "Prev mark", show=False),
        Binding("right_square_bracket", "marker(1)", "Next mark", show=False),
        Binding("t", "goto_time", "Go to"),
        Binding("b", "bookmark", "Note", show=False),
        Binding("i", "skip_idle", "Skip idle", show=False),
        Binding("home", "seek_to(0)", "Start", show=False),
        Binding("end", "seek_to(-1)", "End", show=False),
        # As asciinema: 0-9 jump to 0 %-90 % of the session, $ to its end (these work while
        # the log has focus, where home/end scroll the log).
        *(Binding(str(n), f"seek_percent({n * 10})", f"{n * 10}%", show=False) for n in range(10)),
        Binding("dollar_sign", "seek_to(-1)", "End", show=False),
    ]

    LOG_ARROWS = False  # ←/→ seek here; { and } scroll the log sideways

    def __init__(self, feed: ReplayFeed, *, refresh_interval: float = 0.2) -> None:
        super().__init__(feed, refresh_interval=refresh_interval)
        self.replay = feed
        self._last_tick = time.monotonic()

    def compose(self) -> ComposeResult:
        yield from super().compose()
        yield Transport(id="transport")

    @property
    def decides(self) -> bool:
        return False

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Replay sends nothing: the gate verbs leave the footer, help and palette (the gate
        # bar still shows them disabled, with the reason).
        if action == "verb":
            return False
        return super().check_action(action, parameters)

    def tick(self) -> None:
        now = time.monotonic()
        dt, self._last_tick = now - self._last_tick, now
        if self.replay.player.playing:
            self.replay.player.tick(dt)
        super().tick()
        self.query_one(Transport).show(self.replay.transport())
        self._show_search_place()

    def _search_place(self) -> str:
        """``hit 2/12`` when the playhead is on a search hit, else how many there are (``12``);
        ``1000+`` when the search stopped at its first SEARCH_HITS."""
        hits, position = self.replay.hits, self.replay.player.position
        total = f"{len(hits)}+" if self.replay.more_hits else str(len(hits))
        i = bisect_left(hits, position)
        if i < len(hits) and hits[i] == position:
            return f"hit {i + 1}/{total}"
        return total

    def _show_search_place(self) -> None:
        """The log panel's search count follows the playhead (seeking or playing on never
        leaves a stale one)."""
        log = self.query_one(LogView)
        if log.search_text:
            log.search_summary = f"{self._search_place()} in session"

    def _jumped(self, what: str = "") -> None:
        if what:
            self.notify(what, timeout=2)
        self.tick()

    # --- actions -------------------------------------------------------------------------

    def action_toggle_play(self) -> None:
        player = self.replay.player
        if player.at_end and not player.playing:
            self.replay.seek(0)
        player.playing = not player.playing
        self._last_tick = time.monotonic()
        self.tick()

    def action_step(self, n: int) -> None:
        self.replay.player.playing = False
        self.replay.seek(self.replay.player.position + n)
        self._jumped()

    def action_seek(self, seconds: float) -> None:
        self.replay.seek_time(self.replay.player.clock + seconds)
        self._jumped()

    def action_seek_to(self, where: int) -> None:
        self.replay.seek(self.replay.cursor.total if where < 0 else 0)
        self._jumped()

    def action_seek_percent(self, percent: int) -> None:
        self.replay.seek_fraction(percent / 100)
        self._jumped()

    def action_speed(self, direction: int) -> None:
        player = self.replay.player
        idx = min(range(len(SPEEDS)), key=lambda i: abs(SPEEDS[i] - player.speed))
        player.speed = SPEEDS[max(0, min(len(SPEEDS) - 1, idx + direction))]
        self.tick()

    def action_skip_idle(self) -> None:
        player = self.replay.player
        player.skip_idle = None if player.skip_idle is not None else SKIP_IDLE_SECONDS
        self.tick()

    def action_marker(self, direction: int) -> None:
        pos = self.replay.player.position
        cursor = self.replay.cursor
        marker = cursor.next_marker(pos) if direction > 0 else cursor.prev_marker(pos)
        if marker is None:
            self.notify("no more markers that way", timeout=2)
            return
        self.replay.player.playing = False
        self.replay.seek(marker.seq)
        self._jumped(f"{marker.marker}: {marker.label}"[:120])

    def action_jump_match(self, step: int) -> None:
        self.action_hit(step)

    def action_hit(self, direction: int) -> None:
        target = self.replay.jump_hit(direction)
        if target is None:
            self.notify("no search hits: press / to search", timeout=2)
            return
        self.replay.player.playing = False
        self._jumped(self._search_place())

    def action_goto_time(self) -> None:
        self.app.push_screen(
            AskText("Go to time (HH:MM:SS on the session clock, or +SECONDS from the start)"),
            self._goto,
        )

    def _goto(self, text: str | None) -> None:
        if not text:
            return
        target = parse_goto(text, self.replay.cursor.start_ts)
        if target is None:
            self.notify(f"not a time: {text!r}", severity="warning", timeout=3)
            return
        self.replay.player.playing = False
        self.replay.seek_time(target)
        self._jumped()

    def action_bookmark(self) -> None:
        self.replay.player.playing = False
        self.app.push_screen(AskText("Note at this moment (saved in the session)"), self._note)

    def _note(self, text: str | None) -> None:
        if not text or not text.strip():
            return
        player = self.replay.player
        add_note(
            self.replay.db_path,
            self.replay.session_id,
            at=player.clock,
            seq=player.position,
            body=text.strip(),
        )
        count = len(list_notes(self.replay.db_path, self.replay.session_id))
        self.notify(f"note saved ({count} in this session)", timeout=3)

    @on(Input.Submitted, "#log-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        cursor = self.replay.cursor
        if cursor.unindexed() >= ANNOUNCED_INDEXING:
            # An imported session's first search indexes it (a few seconds a million
            # lines): said, and drawn, before the wait.
            self.notify(cursor.indexing_note(), timeout=5)
            self.call_after_refresh(self._search, event.value)
        else:
            self._search(event.value)

    def _search(self, text: str) -> None:
        count = self.replay.search(text)
        self.query_one(LogView).search_text = text
        self._show_search_place()
        if count == 0:
            self.notify(f"no hits for {text!r}", timeout=3)
            return
        self.action_hit(1)

    @on(Transport.Seek)
    def _on_seek(self, message: Transport.Seek) -> None:
        self.replay.seek_fraction(message.fraction)
        self._jumped()


class BadGotoTime(ValueError):
    """A start time the replay can't place; the command says it as a usage error."""


def parse_goto(text: str, start: float | None) -> float | None:
    """HH:MM[:SS] on the session's day (UTC), or +SECONDS from the start."""
    text = text.strip()
    if start is None:
        return None
    if text.startswith("+"):
        try:
            return start + float(text[1:])
        except ValueError:
            return None
    parts = text.split(":")
    try:
        nums = [int(p) for p in parts]
    except ValueError:
        return None
    if not 2 <= len(nums) <= 3:
        return None
    h, m, s = [*nums, 0][:3]
    if not (0 <= h < 24 and 0 <= m < 60 and 0 <= s < 60):
        return None
    day = start - (start % 86400)
    target = day + h * 3600 + m * 60 + s
    if target < start - 3600:  # past midnight of the session's first day
        target += 86400
    return float(target)


def run_replay(
    db_path: Path,
    session_id: str,
    *,
    speed: float = 1.0,
    theme: str | None = None,
    refresh_interval: float = 0.2,
    start_at: str | None = None,
    before_screen: Callable[[], None] | None = None,
) -> int:
    """Replay a session on the screen. ``before_screen``: a last check once the arguments
    are known good (the CLI's: a terminal to draw on), its error raised as it is."""
    from console.ui.app import OpsConsoleApp

    feed = ReplayFeed(db_path, session_id, speed=speed)
    try:
        if start_at:
            target = parse_goto(start_at, feed.cursor.start_ts)
            if target is None:
                raise BadGotoTime(f"--at {start_at!r} is not HH:MM:SS or +SECONDS")
            feed.seek_time(target)
        if before_screen is not None:
            before_screen()

        def factory(f: Any) -> ReplayScreen:
            return ReplayScreen(f, refresh_interval=refresh_interval)

        app = OpsConsoleApp(
            feed, screen_factory=factory, theme=theme, refresh_interval=refresh_interval
        )
        app.run()
    finally:
        feed.cursor.close()
    return app.return_code or 0
