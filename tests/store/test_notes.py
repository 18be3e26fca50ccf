"""Reviewer notes: stored in the session's own file, listed in time order, deletable."""

from __future__ import annotations

from pathlib import Path

import pytest

from console import events as ev
from console.store.notes import add_note, delete_note, list_notes
from console.store.schema import StoreError
from tests.helpers.store import Recorded, record_session

T0 = 1_741_096_800.0


@pytest.fixture
def session(db_path: Path) -> Recorded:
    events = [ev.LogLine(ts=T0 + i * 10, level="INFO", message=f"step {i}") for i in range(10)]
    return record_session(db_path, events)


def test_add_list_delete(session: Recorded, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("USER", "reviewer-kim")
    late = add_note(session.path, session.session_id, "  latency starts to climb  ", seq=7)
    early = add_note(session.path, session.session_id, "gate approved too fast", at=T0 + 15)
    assert late.at == T0 + 60  # pinned to event 7: its time
    assert late.body == "latency starts to climb" and late.author == "reviewer-kim"
    assert early.seq is None and early.id != late.id
    notes = list_notes(session.path, session.session_id)
    assert [n.body for n in notes] == ["gate approved too fast", "latency starts to climb"]
    assert notes[1].to_dict()["seq"] == 7

    delete_note(session.path, session.session_id, early.id)
    assert [n.id for n in list_notes(session.path, session.session_id)] == [late.id]
    with pytest.raises(StoreError, match="no note"):
        delete_note(session.path, session.session_id, early.id)


def test_notes_as_replay_markers(session: Recorded) -> None:
    from console.store.replay import ReplayCursor

    add_note(session.path, session.session_id, "pinned", seq=3, author="a")
    add_note(session.path, session.session_id, "at a time", at=T0 + 55, author="a")
    with ReplayCursor(session.path, session.session_id) as cursor:
        marks = cursor.note_markers()
    assert [(m.seq, m.label, m.marker) for m in marks] == [
        (3, "pinned", "note"),
        (6, "at a time", "note"),  # the last event at or before T0+55 is step 5 (seq 6)
    ]


def test_notes_written_through_an_open_cursor_show_at_once(session: Recorded) -> None:
    from console.store.replay import ReplayCursor

    with ReplayCursor(session.path, session.session_id) as cursor:
        assert cursor.notes() == []
        note = cursor.add_note("seen live", seq=4, author="a")
        assert [n.body for n in cursor.notes()] == ["seen live"]
        assert [m.seq for m in cursor.note_markers()] == [4]
        assert cursor.state_at(cursor.total).counts["log"] == 10  # still reads the events
        cursor.delete_note(note.id)
        assert cursor.notes() == []
    assert list_notes(session.path, session.session_id) == []


def test_notes_belong_to_their_session(session: Recorded) -> None:
    other = record_session(session.path, [ev.LogLine(ts=T0, level="INFO", message="x")])
    add_note(session.path, session.session_id, "mine", at=T0, author="a")
    assert list_notes(session.path, other.session_id) == []
    with pytest.raises(StoreError, match="no note"):
        delete_note(session.path, other.session_id, 1)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"body": "   ", "at": T0}, "needs some text"),
        ({"body": "x"}, "needs a moment"),
        ({"body": "x", "seq": 999}, "has no event 999"),
        ({"body": "x" * 10_001, "at": T0}, "limited to"),
    ],
)
def test_bad_notes(session: Recorded, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(StoreError, match=message) as info:
        add_note(session.path, session.session_id, **kwargs)  # type: ignore[arg-type]
    assert "\n" not in str(info.value)
    assert list_notes(session.path, session.session_id) == []


def test_unknown_session_and_bad_file(session: Recorded, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no session 'nope'"):
        add_note(session.path, "nope", "x", at=T0)
    text = tmp_path / "not.db"
    text.write_text("hello\n")
    with pytest.raises(StoreError, match="not SQLite"):
        add_note(text, "s", "x", at=T0)
    assert text.read_text() == "hello\n"
    with pytest.raises(StoreError, match="no session database"):
        add_note(tmp_path / "missing.db", "s", "x", at=T0)
    assert not (tmp_path / "missing.db").exists()
