"""Confirmation for anything irreversible: says exactly what will be sent, asks for a reason."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from console.textsafe import printable


class ConfirmDecision(ModalScreen[str | None]):
    """Returns the reason typed (the decision goes ahead) or None (cancelled)."""

    DEFAULT_CSS = """
    ConfirmDecision { align: center middle; }
    ConfirmDecision > Vertical {
        width: 90%;
        max-width: 100;
        height: auto;
        max-height: 90%;
        border: thick $error;
        background: $surface;
        padding: 0 1;
    }
    ConfirmDecision #confirm-title { text-style: bold; color: $error; }
    ConfirmDecision #confirm-request {
        background: $panel; padding: 0 1; height: auto; max-height: 12;
    }
    ConfirmDecision #confirm-error { color: $error; height: auto; }
    ConfirmDecision #confirm-warning { color: $warning; height: auto; max-height: 8; }
    ConfirmDecision Horizontal { height: auto; margin-top: 1; }
    ConfirmDecision Button { margin-right: 2; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        request: Callable[[str], str],
        *,
        require_reason: bool = True,
        warning: str = "",
    ) -> None:
        """``request(reason)`` is exactly what will be sent with that reason; it is shown
        again as the reason is typed, so what is read is what goes. ``warning``: what the
        engineer overrides by sending (the failing checks), above the request."""
        super().__init__()
        self._title = title
        self._warning = warning
        self._request = request
        self._require_reason = require_reason

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self._title), id="confirm-title")
            if self._warning:
                yield Static(Content(self._warning), id="confirm-warning")
            yield Static(Content("This will be sent:"))
            yield Static(self._request_text(""), id="confirm-request")
            yield Input(placeholder="reason (recorded in the audit trail)", id="confirm-reason")
            yield Static(id="confirm-error")
            with Horizontal():
                yield Button(Content("Send [enter]"), id="confirm-send", variant="error")
                yield Button(Content("Cancel [esc]"), id="confirm-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def _request_text(self, reason: str) -> Content:
        return Content(printable(self._request(reason), keep_newlines=True))

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#confirm-request", Static).update(self._request_text(event.value.strip()))

    def _send(self) -> None:
        reason = self.query_one(Input).value.strip()
        if self._require_reason and not reason:
            self.query_one("#confirm-error", Static).update("A reason is required.")
            return
        self.dismiss(reason)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._send()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "confirm-send":
            self._send()
        else:
            self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmQuit(ModalScreen[bool]):
    """Quitting while a gate waits on a decision from here: y quits, anything else stays."""

    DEFAULT_CSS = """
    ConfirmQuit { align: center middle; }
    ConfirmQuit > Vertical {
        width: 90%; max-width: 80; height: auto;
        border: thick $warning; background: $surface; padding: 0 1;
    }
    ConfirmQuit #quit-title { text-style: bold; color: $warning; }
    ConfirmQuit Horizontal { height: auto; margin-top: 1; }
    ConfirmQuit Button { margin-right: 2; }
    """
    BINDINGS = [
        Binding("y", "answer(True)", "Quit"),
        Binding("n", "answer(False)", "Stay"),
        Binding("escape", "answer(False)", "Stay"),
    ]

    def __init__(self, why: str, still: Callable[[], str | None] | None = None) -> None:
        """``still``: the question as it stands now (None once nothing waits): a gate that
        closes while this is shown (the agent's answer folded in, another operator's
        decision) closes the question too, rather than leaving one the screen belies, even
        when the next stage's gate is open by the time it looks (another question)."""
        super().__init__()
        self._why = why
        self._still = still

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content("Quit with a gate open?"), id="quit-title")
            yield Static(Content(self._why))
            yield Static(
                Content(
                    "The session stops recording; the agent keeps waiting (and may roll "
                    "back when its own gate timeout passes)."
                )
            )
            with Horizontal():
                yield Button(Content("Quit [y]  (q again)"), id="quit-yes", variant="warning")
                yield Button(Content("Stay [n]"), id="quit-no")

    def on_mount(self) -> None:
        self.query_one("#quit-no", Button).focus()
        if self._still is not None:
            self.set_interval(0.5, self._recheck)

    def _recheck(self) -> None:
        if self._still is None or not self.is_current:
            return
        now = self._still()
        if now == self._why:
            return
        # The gate asked about closed; at 3000x (or a fast agent) the next stage's gate may
        # already be open when this looks: the question was about the one that closed.
        if now is None:
            self.app.notify("The gate closed: nothing waits on a decision now (q quits)")
        else:
            self.app.notify("The gate closed; the next one is open now (q asks again)")
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "quit-yes")

    def action_answer(self, quit: bool) -> None:
        self.dismiss(quit)


class AskText(ModalScreen[str | None]):
    """A one-line prompt (a note, a time to go to, a search)."""

    DEFAULT_CSS = """
    AskText { align: center bottom; }
    AskText > Vertical {
        width: 100%; height: auto; background: $panel; padding: 0 1;
        border-top: heavy $accent;
    }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, prompt: str, *, value: str = "", placeholder: str = "") -> None:
        super().__init__()
        self._prompt = prompt
        self._value = value
        self._placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self._prompt))
            yield Input(value=self._value, placeholder=self._placeholder)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
