"""The hostile corpus through watch: a real pipe, the tail source, the parser, the recorder."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import threading
from pathlib import Path

from console.pipeline import Pipeline
from console.redact import redact
from console.sources import tail
from console.store.recorder import Recorder
from tests.helpers.hostile_corpus import Nasty, corpus_file_bytes


def write_in_chunks(fd: int, data: bytes, size: int = 65521) -> None:
    # Odd-sized chunks so multi-byte characters and escape sequences are split across reads.
    try:
        for i in range(0, len(data), size):
            os.write(fd, data[i : i + size])
    finally:
        os.close(fd)


async def test_corpus_through_a_pipe(tmp_path: Path, corpus: list[Nasty]) -> None:
    # The lone surrogate is kept out for the reason given in test_hostile_import.py.
    items = [i for i in corpus if i.name != "json_lone_surrogate"]
    data = corpus_file_bytes(items)
    r, w = os.pipe()
    writer = threading.Thread(target=write_in_chunks, args=(w, data), daemon=True)
    writer.start()
    db = tmp_path / "watch.db"
    pipe = Pipeline(Recorder(db, name="watch", redact=redact))
    try:
        async with asyncio.timeout(120):
            async for event in tail.log_events("-", fd=r, idle_flush=5.0):
                pipe.feed(event)
    finally:
        os.close(r)
        pipe.close()
        writer.join(10)
    assert pipe.recorder is not None and pipe.recorder.error is None
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rows = conn.execute("SELECT data, text FROM events").fetchall()
    conn.close()
    blob = "\n".join(f"{d}\n{t or ''}" for d, t in rows)
    assert [i.name for i in items if i.marker and i.marker not in blob] == []
    assert "item 999: value 999" in blob
