"""`make screenshot`: the README's picture, saved by the console itself (replay of a sample
session at its first failing gate, 120x40, the default theme).

    python -m console.ui.screenshot OUT.svg [SAMPLE.db]
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

from console.store.catalog import resolve
from console.ui.app import OpsConsoleApp
from console.ui.replay import ReplayFeed, ReplayScreen

SAMPLE = Path(__file__).resolve().parents[2] / "sample_sessions" / "missing-index.db"


async def shoot(out: Path, sample: Path = SAMPLE, size: tuple[int, int] = (120, 40)) -> Path:
    target = resolve(str(sample))
    feed = ReplayFeed(target.db_path, target.session_id)
    # The moment worth showing: the SLO breach at 75 %, just before the rollback.
    marker = feed.cursor.next_marker(0, ("rollback",))
    feed.seek(marker.seq - 1 if marker else feed.cursor.total)
    app = OpsConsoleApp(feed, screen_factory=lambda f: ReplayScreen(feed), persist_theme=False)
    async with app.run_test(size=size) as pilot:
        await pilot.pause(0.5)
        app.save_screenshot(filename=out.name, path=str(out.parent))
    feed.cursor.close()
    return out


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else Path("docs/screenshot.svg")
    sample = Path(argv[1]) if len(argv) > 1 else SAMPLE
    out.parent.mkdir(parents=True, exist_ok=True)
    print(asyncio.run(shoot(out, sample)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
