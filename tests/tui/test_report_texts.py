"""The report's texts edited in the app: chosen from a list, edited as stored."""

from __future__ import annotations

from textual.command import CommandList
from textual.widgets import OptionList, TextArea

from ksui.store import Store, read, texts
from ksui.tui import report_texts
from ksui.tui.dialogs import LongTextDialog
from ksui.tui.dialogs.choice import ChoiceDialog
from tests.tui.conftest import AppFactory, settle, until


def stored(app_path: object, field: str) -> str | None:
    store = Store(app_path)  # type: ignore[arg-type]
    try:
        committee = read.find_committee(store, None)
        return texts.read_texts(store, committee.id, 2017, "bokslut").get(field)
    finally:
        store.close()


async def test_a_section_is_chosen_edited_and_saved(make_app: AppFactory) -> None:
    app = make_app()
    async with app.run_test() as pilot:
        await settle(pilot)
        report_texts.choose(app)
        await until(
            pilot,
            "the list",
            lambda: isinstance(app.screen, ChoiceDialog) and bool(app.screen.query(OptionList)),
        )
        options = app.screen.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any(label.startswith("e  Årets effektiviseringar: Inga riktade") for label in labels)
        await pilot.press("e")
        await until(
            pilot,
            "the edit box",
            lambda: isinstance(app.screen, LongTextDialog) and bool(app.screen.query(TextArea)),
        )
        area = app.screen.query_one(TextArea)
        assert area.text == "Inga riktade effektiviseringar beslutades inför eller under 2017."
        area.text = "Två tjänster drogs in: {resultat:HR}."
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.data is not None
        assert app.data.texts["efficiency"] == "Två tjänster drogs in: {resultat:HR}."
    assert stored(app.config.database, "efficiency") == "Två tjänster drogs in: {resultat:HR}."


async def test_an_unchanged_text_writes_nothing(make_app: AppFactory) -> None:
    app = make_app()
    store = Store(app.config.database)
    before = store.conn.execute("SELECT count(*) FROM changeset").fetchone()[0]
    store.close()
    async with app.run_test() as pilot:
        await settle(pilot)
        report_texts.edit(app, "risk")
        await until(pilot, "the edit box", lambda: isinstance(app.screen, LongTextDialog))
        await pilot.press("ctrl+s")
        await settle(pilot)
    store = Store(app.config.database)
    after = store.conn.execute("SELECT count(*) FROM changeset").fetchone()[0]
    store.close()
    assert after == before


async def test_the_palette_opens_the_report_texts(make_app: AppFactory) -> None:
    app = make_app()

    def prompts() -> list[str]:
        found = app.screen.query(CommandList)
        if not found:
            return []
        options = found.first()
        return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]

    async with app.run_test() as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Rapporttexter")
        await until(pilot, "the command", lambda: any("Rapporttexter" in p for p in prompts()))
        index = next(i for i, p in enumerate(prompts()) if "Rapporttexter" in p)
        app.screen.query_one(CommandList).highlighted = index
        await pilot.press("enter")
        await until(pilot, "the list", lambda: isinstance(app.screen, ChoiceDialog))
