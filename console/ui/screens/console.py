"""The console screen: every panel, fed from one State, for live sessions and replay alike."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input, Static

from console import events as ev
from console.state import State
from console.ui.literal import shown
from console.ui.screens.confirm import ConfirmDecision
from console.ui.screens.log_detail import LogEntryDetail
from console.ui.screens.verbs import Choice, RolloutVerbs
from console.ui.widgets.database import DatabasePanel
from console.ui.widgets.errors import ErrorsPanel
from console.ui.widgets.gate_bar import Availability, GateBar
from console.ui.widgets.incident import IncidentPanel
from console.ui.widgets.latency import LatencyPanel
from console.ui.widgets.log_view import OLDER_BATCH, LogView
from console.ui.widgets.panel import Panel
from console.ui.widgets.rollout_panel import RolloutPanel
from console.ui.widgets.status_bar import StatusBar
from console.ui.widgets.timeline import TimelinePanel
from console.ui.widgets.traffic import TrafficPanel

MIN_WIDTH, MIN_HEIGHT = 80, 24


def failing_checks(state: State) -> list[dict[str, Any]]:
    """The checks of the open gate that failed (an unknown one is not a failure)."""
    gate = state.gate
    return [dict(c) for c in (gate.get("checks") or []) if c.get("ok") is False] if gate else []


class Feed(Protocol):
    """Where a screen's State comes from: a live session or a replay cursor."""

    @property
    def state(self) -> State: ...

    @property
    def badges(self) -> tuple[str, ...]: ...

    @property
    def session_id(self) -> str: ...

    def take_log(self) -> tuple[bool, list[tuple[int, ev.LogLine]]]:
        """(reset?, lines): new log lines since the last call, or a whole new window."""
        ...

    def availability(self) -> Availability: ...

    def older_log(self, before_seq: int, limit: int) -> list[tuple[int, ev.LogLine]]:
        """Log lines recorded before ``before_seq`` (the window keeps only the newest)."""
        ...

    def describe(self, verb: str, reason: str = "") -> str: ...

    async def decide(self, verb: str, reason: str) -> tuple[str, str]: ...


class ConsoleScreen(Screen[None]):
    DEFAULT_CSS = """
    ConsoleScreen { layout: vertical; }
    #body { height: 1fr; }
    #panels { width: 44; min-width: 36; height: 1fr; scrollbar-size-vertical: 1; }
    #logcol { width: 1fr; }
    #log { height: 1fr; }
    #log-search { dock: bottom; display: none; height: 1; border: none; padding: 0 1; }
    #log-search.-visible { display: block; }
    #log-filter { dock: bottom; display: none; height: 1; border: none; padding: 0 1; }
    #log-filter.-visible { display: block; }
    ConsoleScreen.-narrow #panels { width: 36; }
    ConsoleScreen.-short Panel { border-top: none; }
    #too-small {
        display: none; width: 100%; height: 100%;
        content-align: center middle; text-align: center;
    }
    ConsoleScreen.-too-small > * { display: none; }
    ConsoleScreen.-too-small > #too-small { display: block; }
    ConsoleScreen.-wide #panels { width: 56; }
    """
    BINDINGS = [
        Binding("a", "verb('approve')", "Approve"),
        Binding("h", "verb('hold')", "Hold"),
        Binding("r", "verb('rollback')", "Rollback"),
        Binding("v", "rollout_verbs", "Verbs"),
        Binding("slash", "search", "Search"),
        Binding("ampersand", "filter", "Show only entries containing a text", show=False),
        Binding("escape", "clear_search", "Clear search and filter", show=False),
        Binding("n", "jump_match(1)", "Next hit", show=False),
        Binding("N", "jump_match(-1)", "Prev hit", show=False),
    ]

    LOG_ARROWS = True  # ←/→ scroll the log sideways (replay seeks with them)

    def __init__(
        self,
        feed: Feed,
        *,
        refresh_interval: float = 0.2,
        back: Callable[[], None] | None = None,
    ) -> None:
        """``back``: what Esc does when there is no search to clear (the fleet's console)."""
        super().__init__()
        self.feed = feed
        self.back = back
        self.refresh_interval = refresh_interval
        self._panels: list[Panel] = []
        self._source_seen: dict[str, tuple[str, str]] = {}
        self._asked_at_gate: str | None = None  # the gate a verb's confirmation was asked at
        self._gate_gone: str | None = None  # ... when it closed under the confirmation

    def compose(self) -> ComposeResult:
        yield Static(id="too-small")
        yield StatusBar(id="status")
        with Horizontal(id="body"):
            with VerticalScroll(id="panels"):
                yield RolloutPanel(id="rollout")
                yield TrafficPanel(id="traffic")
                yield LatencyPanel(id="latency")
                yield ErrorsPanel(id="errors")
                yield DatabasePanel(id="database")
                yield TimelinePanel(id="timeline")
                yield IncidentPanel(id="incident")
            with Vertical(id="logcol"):
                yield LogView(id="log", arrows_scroll=self.LOG_ARROWS)
                yield Input(placeholder="search the log (enter: find, esc: clear)", id="log-search")
                yield Input(
                    placeholder="show only entries containing (enter: apply, empty: show all)",
                    id="log-filter",
                )
        yield GateBar(id="gate")
        yield Footer()

    def on_mount(self) -> None:
        self._panels = list(self.query(Panel))
        self.query_one(LogView).focus()
        self.set_interval(self.refresh_interval, self.tick)
        self.tick()

    def on_resize(self) -> None:
        width = self.size.width
        self.set_class(width < 100, "-narrow")
        self.set_class(width >= 180, "-wide")
        # Below ~32 rows the panel titles go; each panel's first line still names it.
        self.set_class(self.size.height < 32, "-short")
        too_small = width < MIN_WIDTH or self.size.height < MIN_HEIGHT
        if too_small:
            self.query_one("#too-small", Static).update(
                f"The terminal is {width}x{self.size.height}; opsconsole needs at least "
                f"{MIN_WIDTH}x{MIN_HEIGHT}.\nMake the window larger (the session keeps "
                "recording meanwhile), or press q to quit."
            )
        self.set_class(too_small, "-too-small")
        # A panel lays itself out again only when its drawn height changes; a new size
        # (another width, the title rules gone or back) changes its box, not always its
        # lines, and would leave blank or cut rows until a figure changed: once the new
        # styles are in, each panel is measured again.
        self.call_after_refresh(self._lay_out_panels)

    def _lay_out_panels(self) -> None:
        for panel in self._panels:
            panel.refresh(layout=True)

    def tick(self) -> None:
        """Coalesced repaint: however many events arrived, the screen redraws once a tick."""
        reset, lines = self.feed.take_log()
        log = self.query_one(LogView)
        if reset:
            log.reset(lines)
        elif lines:
            log.extend(lines)
        state = self.feed.state
        status = self.query_one(StatusBar)
        status.badges = self.feed.badges
        status.session_id = self.feed.session_id
        for panel in self._panels:
            panel.show(state)
        self.query_one(GateBar).show(state, self.feed.availability())
        self._announce_sources(state)
        self._drop_stale_confirmation(state)

    def _drop_stale_confirmation(self, state: State) -> None:
        """A confirmation asked at a gate that has since closed (the agent timed it out or
        rolled back) would send a decision for nothing: it closes and says so."""
        asked = self._asked_at_gate
        if asked is None:
            return
        gate_id = state.gate["gate_id"] if state.gate else None
        top = self.app.screen_stack[-1] if self.app.screen_stack else None
        if not isinstance(top, ConfirmDecision):
            self._asked_at_gate = None
            return
        if gate_id != asked:
            self._asked_at_gate = None
            self._gate_gone = asked
            top.dismiss(None)

    def _announce_sources(self, state: State) -> None:
        """A source that goes stale, fails (Prometheus down, RBAC refusal, a wrong token) or
        finds no data is said once, in words, as it happens; the status bar keeps the mark
        while it lasts."""
        for name, src in state.sources.items():
            seen = (src["status"], src["message"])
            if self._source_seen.get(name) == seen:
                continue
            previous = self._source_seen.get(name)
            self._source_seen[name] = seen
            if src["status"] in ("error", "stale", "no data"):
                severity: Any = "error" if src["status"] == "error" else "warning"
                self.notify(shown(f"{name}: {src['message']}", 300), severity=severity, timeout=8)
            elif (
                src["status"] in ("ok", "partial")
                and previous
                and previous[0] in ("error", "stale", "no data")
            ):
                self.notify(shown(f"{name}: {src['message'] or 'recovered'}", 200), timeout=4)

    # --- verbs ----------------------------------------------------------------------------

    @on(GateBar.Verb)
    def _on_gate_verb(self, message: GateBar.Verb) -> None:
        self.action_verb(message.verb)

    def action_verb(self, verb: str) -> None:
        enabled, reason = self.feed.availability().get(verb, (False, "unavailable"))
        if not enabled:
            self.notify(f"{verb} is not available: {reason}", severity="warning", timeout=4)
            return
        failing = failing_checks(self.feed.state)
        if verb == "rollback":
            title = (
                "Roll back: abort the rollout and return all traffic to blue"
                if self.feed.state.gate is None
                else "Roll back at this gate: return all traffic to blue"
            )
            self.app.push_screen(
                ConfirmDecision(title, lambda reason: self.feed.describe(verb, reason)),
                lambda reason: self._send(verb, reason),
            )
        elif verb == "approve" and failing:
            self._asked_at_gate = (
                str(self.feed.state.gate["gate_id"]) if self.feed.state.gate else None
            )
            names = ", ".join(shown(str(c.get("name")), 40) for c in failing)
            n = len(failing)
            title = f"Approve although {n} {'checks fail' if n > 1 else 'check fails'}: {names}"
            why = "\n".join(
                f"✗ {shown(str(c.get('name')), 40)}: {shown(str(c.get('reason') or ''), 160)}"
                for c in failing
            )
            self.app.push_screen(
                ConfirmDecision(
                    title, lambda reason: self.feed.describe(verb, reason), warning=why
                ),
                lambda reason: self._send(verb, reason),
            )
        else:
            self._send(verb, "")

    def _send(self, verb: str, reason: str | None) -> None:
        self._asked_at_gate = None
        gone, self._gate_gone = self._gate_gone, None
        if reason is None:
            if gone:
                self.notify(f"Gate {gone} closed meanwhile: nothing was sent.", timeout=6)
            else:
                self.notify(f"{verb.capitalize()} cancelled: nothing was sent.", timeout=3)
            return
        self._decide(verb, reason)

    @property
    def decides(self) -> bool:
        """Whether decisions can be sent from this screen (replay sends none)."""
        return True

    def quit_question(self) -> str | None:
        """Why quitting now needs a second thought (a gate waits on a decision from here)."""
        gate = self.feed.state.gate
        if gate is None or not any(ok for ok, _ in self.feed.availability().values()):
            return None
        return (
            f"Gate {shown(str(gate['gate_id']), 24)} is open after stage "
            f"{float(gate['stage_pct']):g} %: the rollout waits for a decision "
            "(approve, hold or roll back)."
        )

    @work(exclusive=False, group="decisions")
    async def _decide(self, verb: str, reason: str) -> None:
        result, detail = await self.feed.decide(verb, reason)
        self._say_outcome(verb, result, detail)

    def _say_outcome(self, verb: str, result: str, detail: str) -> None:
        """A decision's outcome, in place of the one before: after a failure, a retry that
        went through must not read as failed beside it (the newest outcome wins)."""
        severity: Any = {"accepted": "information", "refused": "warning"}.get(result, "error")
        message = f"{verb}: {result}" + (f" — {detail}" if detail else "")
        in_place = getattr(self.app, "notify_in_place", None)
        if in_place is not None:
            in_place("decision", message, severity=severity, timeout=6)
        else:
            self.notify(message, severity=severity, timeout=6)
        self.tick()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "rollout_verbs":  # only where the decider has verbs of its own (Argo)
            commands = getattr(self.feed, "commands", None)
            return bool(commands and commands())
        return True

    def action_rollout_verbs(self) -> None:
        """The controller's own verbs (Argo Rollouts), when the feed has a decider with any."""
        commands = getattr(self.feed, "commands", None)
        verbs = commands() if commands else {}
        if not verbs:
            self.notify("no rollout verbs here: they come with --kube --rollout", timeout=4)
            return
        revisions: list[Any] = getattr(self.feed, "revisions", list)()
        self.app.push_screen(
            RolloutVerbs("Rollout verbs (esc: back)", verbs, revisions), self._chose_verb
        )

    def _chose_verb(self, choice: Choice | None) -> None:
        if choice is None:
            return
        verb, revision = choice
        feed: Any = self.feed
        title = f"{verb}" + (f" to revision {revision}" if revision is not None else "")
        self.app.push_screen(
            ConfirmDecision(
                f"Send {title} to the rollout",
                lambda reason: feed.describe_command(verb, revision),
                require_reason=verb in ("abort", "undo"),
            ),
            lambda reason: self._send_command(verb, revision, reason),
        )

    def _send_command(self, verb: str, revision: int | None, reason: str | None) -> None:
        if reason is None:
            self.notify(f"{verb} cancelled: nothing was sent.", timeout=3)
            return
        self._command(verb, revision, reason)

    @work(exclusive=False, group="decisions")
    async def _command(self, verb: str, revision: int | None, reason: str) -> None:
        feed: Any = self.feed
        result, detail = await feed.command(verb, reason, revision)
        self._say_outcome(verb, result, detail)

    # --- log search -------------------------------------------------------------------------

    def action_search(self) -> None:
        search = self.query_one("#log-search", Input)
        search.add_class("-visible")
        search.focus()

    def action_clear_search(self) -> None:
        log = self.query_one(LogView)
        boxes = list(self.query("#log-search, #log-filter").results(Input))
        searching = (
            any(box.has_class("-visible") or box.value for box in boxes)
            or log.search_text
            or log.text_filter
        )
        if not searching and self.back is not None:
            self.back()  # opened from the fleet: Esc goes back to it
            return
        for box in boxes:
            box.value = ""
            box.remove_class("-visible")
        log.search_text = ""
        log.text_filter = ""
        log.focus()

    def action_filter(self) -> None:
        box = self.query_one("#log-filter", Input)
        box.value = self.query_one(LogView).text_filter
        box.add_class("-visible")
        box.focus()

    @on(Input.Submitted, "#log-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        log = self.query_one(LogView)
        log.text_filter = event.value.strip()
        if not log.text_filter:
            event.input.remove_class("-visible")
        log.focus()

    @on(LogView.OpenDetail)
    def _on_open_detail(self, message: LogView.OpenDetail) -> None:
        self.app.push_screen(LogEntryDetail(message.entry))

    @on(LogView.CopyText)
    def _on_copy_text(self, message: LogView.CopyText) -> None:
        copy_out = getattr(self.app, "copy_out", None)
        if copy_out is not None:
            copy_out(message.text, message.what)

    @on(Input.Submitted, "#log-search")
    def _search_submitted(self, event: Input.Submitted) -> None:
        log = self.query_one(LogView)
        log.search_text = event.value
        log.jump(1)
        log.focus()

    @on(LogView.NeedOlder)
    def _on_need_older(self, message: LogView.NeedOlder) -> None:
        lines = self.feed.older_log(message.before_seq, OLDER_BATCH)
        if lines:
            self.query_one(LogView).prepend(lines)

    @on(LogView.JumpMatch)
    def _on_jump_match(self, message: LogView.JumpMatch) -> None:
        self.action_jump_match(message.step)

    def action_jump_match(self, step: int) -> None:
        self.query_one(LogView).jump(step)
