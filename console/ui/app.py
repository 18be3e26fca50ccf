"""The Textual application: one screen over a feed (live session or replay)."""

from __future__ import annotations

import asyncio
import contextlib
import gc
import os
import re
import signal
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.notifications import Notification, Notify, SeverityLevel
from textual.screen import Screen

from console import config as cfgmod
from console.files import screenshots_dir, write_private
from console.store.schema import default_db_path
from console.ui.clipboard import copy_text
from console.ui.hangup import terminal_fd, terminal_gone
from console.ui.literal import shown
from console.ui.screens.confirm import ConfirmQuit
from console.ui.screens.console import ConsoleScreen, Feed
from console.ui.screens.help import HelpScreen
from console.ui.screens.log_detail import LogEntryDetail
from console.ui.themes import load_themes


def worded_once(message: str) -> str:
    """A word said twice in a row at the start of a clause goes once: "warning: warning: gate"
    (a prefix added by each layer a message passes through) reads "warning: gate"."""
    return re.sub(r"\b([\w-]+): (?:\1: )+", r"\1: ", message, flags=re.IGNORECASE)


# The collector's thresholds while the screen is up: young objects in rounds of 10,000
# rather than 700, so that full collections come about 60 times less often.
GC_THRESHOLDS = (10_000, 20, 20)


class OpsConsoleApp(App[int]):
    TITLE = "opsconsole"
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding("ctrl+s", "save_svg", "Screenshot", show=False),
        Binding("q", "quit", "Quit"),
    ]
    # Toasts at the top right, under the status line: at the bottom they covered the gate bar,
    # the one place a decision is read from.
    CSS = """
    ToastRack { dock: top; align: right top; margin-top: 1; margin-bottom: 0; }
    """
    ENABLE_COMMAND_PALETTE = True

    def __init__(
        self,
        feed: Feed,
        *,
        screen_factory: Callable[[Feed], Screen[Any]] | None = None,
        theme: str | None = None,
        refresh_interval: float = 0.2,
        runner: Callable[[asyncio.Event], Any] | None = None,
        on_exit: Callable[[], None] | None = None,
        on_hangup: Callable[[], None] | None = None,
        screenshot_dir: Path | None = None,
        persist_theme: bool = True,
    ) -> None:
        super().__init__()
        self.feed = feed
        self._screen_factory = screen_factory
        self._refresh_interval = refresh_interval
        self._runner = runner
        self._on_exit = on_exit
        self._on_hangup = on_hangup  # saves what must be saved when the terminal is gone
        self._stop = asyncio.Event()
        self._tty: int | None = None
        self._hung_up = False
        # The data directory: where the session is recorded (the feed's), else the default.
        feed_dir = getattr(feed, "data_dir", None)
        self.data_dir = Path(feed_dir) if feed_dir is not None else default_db_path().parent
        self.screenshot_dir = screenshot_dir or screenshots_dir()
        self._persist_theme = persist_theme
        self._mounted_once = False
        self._slots: dict[str, Notification] = {}  # notify_in_place's toasts, by slot
        self._gc_thresholds: tuple[int, int, int] | None = None
        for t in load_themes():
            self.register_theme(t)
        wanted = theme or "opsconsole-dark"
        self.theme = wanted if wanted in self.available_themes else "opsconsole-dark"

    def on_mount(self) -> None:
        self._mounted_once = True
        # SIGTERM, and SIGHUP when the SSH link drops: leave cleanly so the session is flushed.
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
                loop.add_signal_handler(sig, self._on_signal)
        # And when the terminal hangs up with no SIGHUP for us (see console/ui/hangup.py).
        self._tty = None if self.is_headless else terminal_fd()
        if self._tty is not None:
            self.set_interval(1.0, self._check_terminal, name="terminal-watch")
        if self._screen_factory is not None:
            screen = self._screen_factory(self.feed)
        else:
            screen = ConsoleScreen(self.feed, refresh_interval=self._refresh_interval)
        self.push_screen(screen)
        if self._runner is not None:
            self.run_worker(self._run_feed(), name="feed", exit_on_error=False)
        # Everything alive once the screen is up (Textual, Rich, our modules) stays alive:
        # keep it out of full collections, which otherwise stall a busy screen for 100+ ms.
        gc.freeze()
        # And collect young objects in bigger, rarer rounds: at a busy rollout's event rate the
        # default thresholds run full collections often enough to delay key presses.
        self._gc_thresholds = gc.get_threshold()
        gc.set_threshold(*GC_THRESHOLDS)

    def on_unmount(self) -> None:
        if self._gc_thresholds is not None:  # the process goes on (tests, a second app)
            gc.set_threshold(*self._gc_thresholds)

    async def _run_feed(self) -> None:
        assert self._runner is not None
        await self._runner(self._stop)

    def watch_theme(self, theme: str) -> None:
        if self._persist_theme and self._mounted_once:
            # A read-only config dir must not break switching themes.
            with contextlib.suppress(OSError):
                cfgmod.save_value("ui", "theme", theme)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Toasts here carry data (an agent's reply, a reason, a search typed by the user):
        always redacted and shown as plain, printable text, never parsed as markup."""
        super().notify(
            worded_once(shown(message, 500)),
            title=shown(title, 80),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def notify_in_place(
        self, slot: str, message: str, *, severity: SeverityLevel, timeout: float
    ) -> None:
        """A toast (as ``notify`` words it) that takes the place of the one shown before in
        the same ``slot``: a decision that failed and then went through on a retry reads as
        gone through, not as both side by side."""
        previous = self._slots.pop(slot, None)
        if previous is not None and previous in self._notifications:
            self._unnotify(previous)  # what clicking a toast away does
        toast = Notification(worded_once(shown(message, 500)), "", severity, timeout)
        self._slots[slot] = toast
        self.post_message(Notify(toast))

    def copy_out(self, text: str, what: str) -> None:
        """Copy to the terminal's clipboard (OSC 52) and to a 0600 file; say where."""
        self.notify(copy_text(self, text, what, self.data_dir), timeout=6)

    def on_log_entry_detail_copy(self, message: LogEntryDetail.Copy) -> None:
        self.copy_out(message.text, message.what)

    def _on_signal(self) -> None:
        if self._tty is not None and terminal_gone(self._tty):
            self._leave_without_terminal()
            return
        self._stop.set()
        self.exit(0)

    def _check_terminal(self) -> None:
        if self._tty is not None and not self._hung_up and terminal_gone(self._tty):
            self._leave_without_terminal()

    def _leave_without_terminal(self) -> None:
        """The terminal is gone: Textual's own exit would write to it and block, and nobody
        is there to read a word. The feed stops, what it recorded is saved (``on_hangup``),
        and the process ends as a hang-up ends it (128 + SIGHUP)."""
        if self._hung_up:
            return
        self._hung_up = True
        self._stop.set()
        self.run_worker(self._hang_up(), name="hang-up", exit_on_error=False)

    async def _hang_up(self) -> None:
        feed = next((w for w in self.workers if w.name == "feed"), None)
        for _ in range(200):  # the feed's runner returns once stop is set: 10 s at most
            if feed is None or feed.is_finished:
                break
            await asyncio.sleep(0.05)
        try:
            if self._on_hangup is not None:
                self._on_hangup()
        finally:
            os._exit(128 + signal.SIGHUP)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        if self._hung_up:
            return  # the terminal is gone: _hang_up ends the process (an exit would block)
        super().exit(*args, **kwargs)

    async def action_quit(self) -> None:
        screen = self.screen
        if isinstance(screen, ConsoleScreen) and (why := screen.quit_question()):
            self.push_screen(ConfirmQuit(why, screen.quit_question), self._quit_answered)
            return
        await self._quit_now()

    async def _quit_answered(self, quit: bool | None) -> None:
        if quit:
            await self._quit_now()

    async def _quit_now(self) -> None:
        self._stop.set()
        if self._on_exit is not None:
            self._on_exit()
        self.exit(0)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_save_svg(self) -> None:
        """The screen as SVG, 0600 in the data directory (not the working directory: a
        shared bastion's cwd may be anyone's to read), and the toast says where."""
        name = f"opsconsole-{self.feed.session_id or 'screen'}-{int(self._clock())}.svg"
        path = self.screenshot_dir / name
        try:
            self.screenshot_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            write_private(path, self.export_screenshot())
        except OSError as exc:
            self.notify(f"screenshot not saved: {path}: {exc.strerror}", severity="error")
            return
        self.notify(f"screenshot saved: {path}", timeout=8)

    def _clock(self) -> float:
        state = self.feed.state
        return state.clock or 0.0

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        # Textual's own Screenshot (to the working directory) and Keys (class names) give way
        # to ours: one Screenshot, to the data directory, and one help.
        for command in super().get_system_commands(screen):
            if command.title not in ("Screenshot", "Keys"):
                yield command
        if isinstance(screen, ConsoleScreen) and screen.decides:
            for verb, help_text in (
                ("approve", "Approve the open gate (asks first if a check fails)"),
                ("hold", "Hold the open gate: the rollout waits"),
                ("rollback", "Roll back: all traffic to blue (asks for a reason)"),
            ):
                yield SystemCommand(
                    verb.capitalize(), help_text, lambda v=verb: screen.action_verb(v)
                )
        yield SystemCommand("Help", "Every key, grouped by task", self.action_help)
        yield SystemCommand(
            "Screenshot",
            f"Save the screen as SVG in {self.screenshot_dir}",
            self.action_save_svg,
        )
