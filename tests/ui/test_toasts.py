"""Notifications carry data (replies, reasons, searches): never parsed as markup."""

from __future__ import annotations


def test_toasts_never_parse_markup() -> None:
    """An agent's reply or a typed reason in a notification is text, even '[/]'."""
    import asyncio

    from console.ui.app import OpsConsoleApp
    from console.ui.replay import ReplayFeed

    async def run() -> None:
        from pathlib import Path

        from console.store.catalog import resolve

        sample = Path(__file__).resolve().parents[2] / "sample_sessions" / "healthy.db"
        target = resolve(str(sample))
        app = OpsConsoleApp(ReplayFeed(target.db_path, target.session_id), persist_theme=False)
        async with app.run_test(size=(100, 30)) as pilot:
            app.notify("refused: [/] closing [bold]nothing")
            await pilot.pause()
            assert app.return_code is None  # still running, no MarkupError

    asyncio.run(run())
