"""The report's texts in the app: the tjänsteskrivelse and the sections, chosen and edited.

From the palette ("Rapporttexter …"): a list of every text with its first words (or that
it is empty), then the text in an edit box that holds it exactly as stored — live
references included — so that saving it unchanged writes nothing.
"""

from __future__ import annotations

from textual.app import App

from ksui.core.texts import FIELDS
from ksui.tui.host import host

#: The letter a field is chosen by in the list.
_KEYS = "dasfbeuolgr"


def _first_words(text: str, width: int = 38) -> str:
    flat = " ".join(text.split())
    if not flat:
        return "(tom)"
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def choose(app: App[object]) -> None:
    """Say which texts the follow-up has, and edit the one chosen."""
    from ksui.tui.dialogs.choice import ChoiceDialog

    data = host(app).data
    if data is None:
        app.notify("Det finns ingen rapport att skriva texter till.", severity="warning")
        return
    choices = [
        # Label and first words on one line of the dialog (about 66 cells at 80 columns).
        (
            key,
            f"{label}: {_first_words(data.texts.get(field, ''), max(12, 60 - len(label)))}",
            field,
        )
        for key, (field, label) in zip(_KEYS, FIELDS.items(), strict=True)
    ]

    def chosen(field: str | None) -> None:
        if field in FIELDS:
            edit(app, field)

    app.push_screen(
        ChoiceDialog(
            f"Rapporttexter · {data.committee.name} · {data.period_info.label.lower()} {data.year}",
            choices,
            hint="Texterna trycks i rapporten; {resultat:Ekonomi} skrivs som siffran.",
        ),
        callback=chosen,
    )


def edit(app: App[object], field: str) -> None:
    """The text in an edit box as stored; ctrl+s writes it (empty removes it)."""
    from ksui.tui.dialogs import LongTextDialog
    from ksui.tui.edits import ReportTextEdit

    ksui = host(app)
    data = ksui.data
    if data is None:
        return
    label = FIELDS[field]
    stored = data.texts.get(field, "")

    def done(text: str | None) -> None:
        if text is None:
            return
        ksui.submit(ReportTextEdit(data.committee.id, data.year, data.period, field, text, label))

    app.push_screen(
        LongTextDialog(f"{label} · {data.committee.name} · {data.year}", stored),
        callback=done,
    )
