"""KF-mål screen: the comparison group's median shows under the own series and is not typed."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from ksui.core.peers import GROUP_MEDIAN_SERIES
from ksui.importers.kolada import import_kolada
from ksui.store import Store, read
from ksui.tui import KsuiApp
from ksui.tui.widgets.figure_table import FigureTable
from tests.tui.conftest import AppFactory, sent, settle

FILE = Path(__file__).resolve().parents[1] / "data" / "kolada_peers.json"
NAME = "Nöjd-Region-Index (NRI), Trygghet"


async def test_the_median_row_is_shown_and_refuses_an_edit(
    make_app: AppFactory, demo_path: Path, messages: list[Message]
) -> None:
    store = Store(demo_path)
    try:
        cid = read.find_committee(store, None).id
        import_kolada(store, FILE, {"U07414": NAME}, cid, "0181", ("0114", "0138", "0186"))
    finally:
        store.close()
    app = make_app()
    async with app.run_test(size=(140, 44), message_hook=messages.append) as pilot:
        await pilot.press("4")
        await settle(pilot)
        assert app.data is not None
        goal, indicator = next(
            (g, i) for a in app.data.areas for g in a.goals for i in g.indicators if i.name == NAME
        )
        app.screen.query_one("#goal-list", FigureTable).move_to_row_key(f"goal:{goal.id}", "title")
        await pilot.pause()
        table = app.screen.query_one("#indicators", FigureTable)
        key = f"ind:{indicator.id}:{GROUP_MEDIAN_SERIES}"
        keys = [str(k.value) for k in table.rows]
        assert keys.index(key) == keys.index(f"ind:{indicator.id}:") + 1
        assert "42,8" in " ".join(str(c) for c in table.get_row(key))
        table.focus()
        table.move_to_row_key(key, "y2017")
        await pilot.press("enter")
        await settle(pilot)
        assert not sent(messages, KsuiApp.EditSaved)
        assert app.screen is not None and not app.screen.is_modal
