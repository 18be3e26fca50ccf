"""The live feed: every event is numbered, recorded, folded into State and analysed.

Used the same way by the screen, ``--headless`` runs and ``import``; replay reads what this
wrote. Analysers see each event after the reducer and may answer with events of their own
(gate checks, early warnings); those go through the same path, so they are recorded and
replay shows them without running analysis again.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Iterable, Sequence
from operator import itemgetter
from typing import TYPE_CHECKING, Protocol

from console import events as ev
from console.state import State, reduce, reduce_all

if TYPE_CHECKING:  # a recorder is handed in; analysers importing Analyzer need no store
    from console.store.bulk import BulkRecorder
    from console.store.recorder import Recorder

# The events that change what the sessions row shows (service, version, name, outcome).
_value = itemgetter(1)
_STATUS_EVENTS = frozenset({ev.SessionInfo, ev.Outcome})
SNAPSHOT_EVERY = 2000  # events between stored State snapshots (seek = snapshot + the rest)
# Events the analysers may answer to one event (their answers included); beyond it they are
# answering one another in a loop, which would hold the event loop (and its signals) for ever.
MAX_ANSWERS = 1000


def _runaway_note(event: ev.Event) -> ev.LogLine:
    return ev.LogLine(
        ts=event.ts,
        source="opsconsole",
        level="WARNING",
        message=f"analysis answered one {event.kind} event more than {MAX_ANSWERS} times; "
        "the rest of its answers were not kept",
        fmt="plain",
    )


def _finite(event: ev.Event) -> ev.Event | None:
    """``event`` without its NaN/inf samples (JSON can't store them faithfully, so replay
    would differ), or None when nothing is left of it."""
    kind = type(event)
    if kind is ev.MetricBatch or kind is ev.LogLine:
        samples = event.samples  # type: ignore[attr-defined]
        # One sum in C instead of a test per sample: a NaN or infinity makes it one too
        # (a sum that overflows only sends finite samples the long way, unchanged).
        if samples and not math.isfinite(sum(map(_value, samples))):
            finite = tuple(t for t in samples if math.isfinite(t[1]))
            if not finite and kind is ev.MetricBatch:
                return None
            return dataclasses.replace(event, samples=finite)  # type: ignore[call-arg]
    elif kind is ev.MetricSample and not math.isfinite(event.value):  # type: ignore[attr-defined]
        return None
    return event


class Analyzer(Protocol):
    def observe(self, state: State, event: ev.Event) -> Iterable[ev.Event]: ...


Listener = Callable[[ev.Event, int], None]


class Pipeline:
    def __init__(
        self,
        recorder: Recorder | BulkRecorder | None = None,
        analyzers: Iterable[Analyzer] = (),
        *,
        snapshot_every: int = SNAPSHOT_EVERY,
    ) -> None:
        self.recorder = recorder
        self.analyzers = list(analyzers)
        self.state = State()
        self.snapshot_every = snapshot_every
        self.listeners: list[Listener] = []
        self._count = 0
        self._last_status: tuple[str | None, str | None, str | None, str | None] | None = None

    def feed(self, event: ev.Event, *, durable: bool = False) -> int:
        """Record and fold one event (and whatever the analysers answer). Returns its seq."""
        kept = _finite(event)
        if kept is None:
            return 0
        event, kind = kept, type(kept)
        if not self.analyzers and not self.listeners and not durable:
            # An import or a replay-less run: nothing answers, so no queue (the hot path).
            seq = self._record(event, durable=False)
            reduce(self.state, event)
            if kind in _STATUS_EVENTS:
                self._sync_session_row()
            return seq
        pending = [event]
        first_seq = 0
        answered = 0
        runaway = False
        while pending:
            e = pending.pop(0)
            if e is not event:
                answered += 1
                if answered > MAX_ANSWERS:
                    # Analysers answering each other without end: a note instead, and on.
                    pending.clear()
                    e = _runaway_note(event)
                    runaway = True
            seq = self._record(e, durable=durable and e is event)
            first_seq = first_seq or seq
            reduce(self.state, e)
            if type(e) in _STATUS_EVENTS:
                self._sync_session_row()
            for listener in self.listeners:
                listener(e, seq)
            if self.analyzers and not runaway:
                # Analysers judge samples one at a time, whatever batch they came in.
                kind = type(e)
                if kind is ev.MetricBatch or (kind is ev.LogLine and e.samples):  # type: ignore[attr-defined]
                    for sample in ev.explode((e,)):
                        for analyzer in self.analyzers:
                            pending.extend(analyzer.observe(self.state, sample))
                else:  # most events: no generator to build
                    for analyzer in self.analyzers:
                        pending.extend(analyzer.observe(self.state, e))
        return first_seq

    def feed_batch(self, events: Sequence[ev.Event]) -> None:
        """``feed`` each event in turn, for an import (no analysers, no listeners; a
        BulkRecorder): the same rows, snapshots and state, with the per-event work done once
        a run. The events between two snapshots are recorded with one call
        (``append_many``) and folded with one (``reduce_all``); an event that changes the
        sessions row goes alone, so the row's fields leave with the same batch as before."""
        rec = self.recorder
        append_many = getattr(rec, "append_many", None)
        if self.analyzers or self.listeners or rec is None or append_many is None:
            for e in events:
                self.feed(e)
            return
        state, every = self.state, self.snapshot_every
        seq = rec.seq  # the last seq it gave
        snap_at = (seq // every + 1) * every  # the next seq recorded with a snapshot
        run: list[ev.Event] = []
        for given in events:
            event = _finite(given)
            if event is None:
                continue
            kind = type(event)
            if kind in _STATUS_EVENTS or seq + 1 == snap_at:
                if run:
                    self._count += len(run)
                    append_many(run)
                    reduce_all(state, run)
                    run = []
                self.feed(event)  # a snapshot of the state before it, or the row's change
                seq = rec.seq
                snap_at = (seq // every + 1) * every
                continue
            run.append(event)
            seq += 1
        if run:
            self._count += len(run)
            append_many(run)
            reduce_all(state, run)

    def feed_all(self, events: Iterable[ev.Event]) -> None:
        for e in events:
            self.feed(e)

    def _record(self, event: ev.Event, *, durable: bool) -> int:
        self._count += 1
        rec = self.recorder
        if rec is None:
            return self._count
        seq = rec.append_durable(event) if durable else rec.append(event)
        if seq % self.snapshot_every == 0:
            # The snapshot is the state *before* this event is folded in: seq - 1.
            # Serialised by the recorder before this returns, so no copy is needed.
            rec.snapshot(seq - 1, self.state.clock or event.ts, self.state.to_dict(deep=False))
        return seq

    def _sync_session_row(self) -> None:
        """Keep the sessions row's name/service/version/outcome current (cheap: on change)."""
        s = self.state
        status = (
            s.info.get("service"),
            s.info.get("version"),
            s.outcome["status"] if s.outcome else None,
            s.info.get("name"),
        )
        if status != self._last_status and self.recorder is not None:
            self._last_status = status
            fields = {"service": status[0], "version": status[1]}
            if status[2]:
                fields["outcome"] = status[2]
            if status[3]:
                fields["name"] = status[3]
            self.recorder.update_session(**{k: v for k, v in fields.items() if v is not None})

    def close(self) -> None:
        # An analyser that concludes at the end of its input (the incident panel's last word)
        # answers before the recording closes, so replay shows what the live run ended on.
        for analyzer in self.analyzers:
            finish = getattr(analyzer, "finish", None)
            if finish is not None:
                for e in finish(self.state):
                    self.feed(e)
        if self.recorder is not None:
            self._sync_session_row()
            self.recorder.close()
