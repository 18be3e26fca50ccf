"""One line per Rollout: waiting marker, name, strategy, status, step, weights, revision,
image tag, age. Narrow terminals get shorter columns, never a wrapped line."""

from __future__ import annotations

import time
from collections.abc import Sequence

from textual.content import Content
from textual.widgets import DataTable

from console.sources.kube.fleet import WAITING, FleetRow
from console.textsafe import printable
from console.timefmt import age

_STATUS_STYLE = {
    "Healthy": "$success",
    "Progressing": "$accent",
    "Paused": "$warning",
    "Degraded": "$error",
}
# The table's width from which the wide columns fit.
_WIDE_FROM = 100
# (key, heading, width when narrow, width when wide); None: as wide as it needs.
_COLUMNS = (
    ("wait", " ", 1, 1),
    ("name", "NAME", 15, 30),
    ("strategy", "STRATEGY", 3, 9),
    ("status", "STATUS", 13, 13),
    ("step", "STEP", 5, 5),
    ("weight", "SET/ACT", 7, 9),
    ("revision", "REV", 3, 4),
    ("image", "IMAGE", 8, 16),
    ("age", "AGE", 4, 5),
)


def _weight(row: FleetRow) -> str:
    actual = "?" if row.actual_weight is None else f"{row.actual_weight:g}"
    return f"{row.set_weight:g}/{actual}"


def _status(row: FleetRow, now: float) -> str:
    """The status, with the time left of a pause that resumes by itself."""
    left = None if row.pause_until is None else row.pause_until - now
    if left is not None and left > 0 and row.phase == "Paused" and not row.waiting:
        return f"{row.status} {age(left)}"
    return row.status


def _strategy(row: FleetRow, wide: bool) -> str:
    if wide:
        return {"blueGreen": "bluegreen", "canary": "canary"}.get(row.strategy, "?")
    return {"blueGreen": "b-g", "canary": "can"}.get(row.strategy, "?")


def _cut(text: str, width: int) -> str:
    text = printable(text, 200)
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


class FleetTable(DataTable[Content]):
    DEFAULT_CSS = """
    FleetTable { height: 1fr; }
    FleetTable > .datatable--header { text-style: bold; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=False)
        self._wide: bool | None = None
        self._keys: list[str] = []
        self._shown: tuple[Sequence[FleetRow], bool] | None = None  # for a resize to redraw

    def _columns(self, wide: bool) -> None:
        self.clear(columns=True)
        for key, heading, narrow_w, wide_w in _COLUMNS:
            self.add_column(heading, key=key, width=wide_w if wide else narrow_w)
        self._wide = wide

    def on_resize(self) -> None:
        # Rows shown before the first layout (width 0) or across a terminal's resize take the
        # columns the new width fits, without waiting for the next poll.
        if self._shown is not None and (self.size.width >= _WIDE_FROM) != self._wide:
            self.show(self._shown[0], namespaces=self._shown[1])

    @property
    def selected_key(self) -> str | None:
        """namespace/name of the row under the cursor."""
        if not self._keys or self.cursor_row < 0 or self.cursor_row >= len(self._keys):
            return None
        return self._keys[self.cursor_row]

    def show(
        self, rows: Sequence[FleetRow], now: float | None = None, *, namespaces: bool = False
    ) -> None:
        """Replace the rows, keeping the cursor on the same rollout. ``namespaces``: name
        each rollout namespace/name (a fleet across namespaces)."""
        self._shown = (rows, namespaces)
        wide = self.size.width >= _WIDE_FROM
        if wide != self._wide:
            self._columns(wide)
        keep = self.selected_key
        now = time.time() if now is None else now
        widths = {key: (w_wide if wide else w_narrow) for key, _, w_narrow, w_wide in _COLUMNS}
        self.clear()
        self._keys = []
        for row in rows:
            style = _STATUS_STYLE.get(row.phase, "")
            if row.aborted:
                style = "$error"
            name = row.key if namespaces else row.name
            cells = [
                Content.styled(WAITING, "$warning bold") if row.waiting else Content(" "),
                Content(_cut(name, widths["name"])),
                Content(_strategy(row, wide)),
                Content.styled(_cut(_status(row, now), widths["status"]), style),
                Content(row.step or "—"),
                Content(_weight(row)),
                Content(str(row.revision) if row.revision is not None else "—"),
                Content(_cut(row.image_tag or "—", widths["image"])),
                Content(age(now - row.created) if row.created is not None else "?"),
            ]
            self.add_row(*cells, key=row.key)
            self._keys.append(row.key)
        if keep in self._keys:
            self.move_cursor(row=self._keys.index(keep), animate=False)
