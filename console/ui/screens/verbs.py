"""The controller's own verbs (Argo Rollouts: promote, promote --full, abort, retry, undo,
restart): each listed with what it does, or greyed out with why not; undo asks which
revision. Returns the chosen (verb, revision); the caller confirms and sends."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from console.textsafe import printable

Choice = tuple[str, int | None]


class RolloutVerbs(ModalScreen[Choice | None]):
    DEFAULT_CSS = """
    RolloutVerbs { align: center middle; }
    RolloutVerbs > Vertical {
        width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: thick $accent; background: $surface; padding: 0 1;
    }
    RolloutVerbs #verbs-title { text-style: bold; }
    RolloutVerbs OptionList { height: auto; max-height: 16; border: none; }
    """
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        verbs: Mapping[str, tuple[bool, str]],
        revisions: Sequence[Any] = (),
    ) -> None:
        """``verbs``: verb → (enabled, what it does or why not); ``revisions``: objects with
        ``number``, ``images`` and ``current``, newest first (for undo)."""
        super().__init__()
        self._title = title
        self._verbs = dict(verbs)
        self._revisions = list(revisions)
        self._choosing_revision = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Label(Content(self._title), id="verbs-title")
            yield OptionList(*self._verb_options(), id="verbs")

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def _verb_options(self) -> list[Option]:
        out = []
        for verb, (enabled, reason) in self._verbs.items():
            mark = "▸" if enabled else "✗"
            text = printable(f"{mark} {verb:<13} {reason}", 96)
            out.append(Option(Content(text), id=verb, disabled=not enabled))
        return out

    def _revision_options(self) -> list[Option]:
        out = []
        for rev in self._revisions:
            images = ", ".join(str(i).rsplit("/", 1)[-1] for i in rev.images)
            note = " (current)" if rev.current else ""
            text = printable(f"revision {rev.number}{note}  {images}", 96)
            out.append(Option(Content(text), id=str(rev.number), disabled=rev.current))
        return out

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = event.option.id or ""
        if self._choosing_revision:
            self.dismiss(("undo", int(chosen)))
        elif chosen == "undo":
            self._choosing_revision = True
            self.query_one("#verbs-title", Label).update(
                Content("Undo: which revision should the rollout go back to?")
            )
            options = self.query_one(OptionList)
            options.clear_options()
            options.add_options(self._revision_options())
        else:
            self.dismiss((chosen, None))

    def action_cancel(self) -> None:
        self.dismiss(None)
