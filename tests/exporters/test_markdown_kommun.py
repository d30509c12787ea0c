"""The kommun's Markdown report: årets resultat and the balanskravsutredning as tables, with
figures added up by hand, under the Ekonomi section; a nämnd's report has neither."""

from __future__ import annotations

from ksui.core.kommun import AdjustmentEntry, KommunEntries, LineEntry
from ksui.core.models import DriftFigures, OrgTree, Unit
from ksui.core.narrative import narrative
from ksui.core.report import ReportData
from ksui.exporters import markdown
from ksui.exporters.tabular import drift_document
from tests.exporters.conftest import parser, plain

MKR = 100_000_000
KOMMUN = Unit(1, None, "kommun", "Exempelkommun")
NAMNDER = (Unit(2, 1, "namnd", "Barnnämnden", position=1), Unit(3, 1, "namnd", "Miljönämnden"))


def kommun_report(period: str = "bokslut") -> ReportData:
    """Two nämnder costing 900 + 100 mkr by budget and 905 + 98 mkr in utfall."""
    figures = {
        2: DriftFigures(budget=900 * MKR, forecast=910 * MKR, actual=905 * MKR),
        3: DriftFigures(budget=100 * MKR, forecast=100 * MKR, actual=98 * MKR),
    }
    entries = KommunEntries(
        lines=(
            LineEntry("Skatteintäkter", "skatteintakter", "bokslut", 950 * MKR, None, 960 * MKR),
            LineEntry("Finansnetto | *netto*", "finansnetto", "bokslut", 5 * MKR, None, 4 * MKR),
        ),
        adjustments=(
            AdjustmentEntry("Samtliga realisationsvinster", "justering", "bokslut", -3 * MKR),
            AdjustmentEntry("Ianspråktagande av RUR", "rur", "bokslut", 10 * MKR, 1),
        ),
    )
    return ReportData(
        committee=KOMMUN,
        year=2017,
        period=period,
        tree=OrgTree.build([KOMMUN, *NAMNDER]),
        figures=figures,
        net_cost_by_year={},
        kommun_entries=entries,
    )


def tables(text: str) -> dict[str, list[list[str]]]:
    """Each table of the document by the heading above it, as rows of cell text (the no-break
    space between thousands read as a space)."""
    found: dict[str, list[list[str]]] = {}
    title = ""
    rows: list[list[str]] = []
    tokens = parser().parse(text)
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            title = plain(tokens[index + 1])
        elif token.type == "tr_open":
            rows = found.setdefault(title, [])
            rows.append([])
        elif token.type == "inline" and rows and tokens[index - 1].type in ("th_open", "td_open"):
            rows[-1].append(plain(token).replace("\xa0", " "))  # documents keep figures whole
    return found


def test_both_tables_stand_under_ekonomi_with_the_figures_added_up() -> None:
    text = markdown.report(kommun_report())
    found = tables(text)
    assert found["1.2 Årets resultat (mkr)"] == [
        ["Resultatpost", "Budget", "Prognos", "Utfall", "Avvikelse"],
        ["Nämndernas nettokostnader", "-1 000,0", "-1 010,0", "-1 003,0", "-3,0"],
        ["Skatteintäkter", "950,0", "950,0", "960,0", "+10,0"],
        ["Finansnetto | *netto*", "5,0", "5,0", "4,0", "-1,0"],
        # 950 + 5 − 1 000 = −45; 955 − 1 010 = −55; 964 − 1 003 = −39.
        ["Årets resultat", "-45,0", "-55,0", "-39,0", "+6,0"],
    ]
    assert found["1.3 Balanskravsutredning (mkr)"] == [
        ["Balanskravsutredning", "Belopp"],
        ["Årets resultat", "-39,0"],
        ["Samtliga realisationsvinster", "-3,0"],
        ["Årets resultat efter balanskravsjusteringar", "-42,0"],
        ["Ianspråktagande av RUR", "10,0"],
        ["Balanskravsresultat", "-32,0"],
    ]
    assert text.index("## 1. Ekonomi") < text.index("### 1.2 Årets resultat (mkr)")


def test_before_bokslut_the_balanskrav_is_a_prognos() -> None:
    data = kommun_report("delar")
    found = tables(markdown.report(data))
    # Nothing is recorded at delår: the bokslut's lines and adjustments are not shown.
    assert not any("Balanskrav" in title for title in found)
    assert drift_document(data)["kommun_result"]["balance_result"] is None


def test_the_narrative_leads_with_the_result_and_the_balanskrav() -> None:
    first = narrative(kommun_report())[0]
    assert first.startswith("Årets resultat för Exempelkommun blir -39,0 mkr, 6,0 mkr bättre")
    assert first.endswith(
        "balanskravsresultatet -32,0 mkr, så balanskravet är inte uppfyllt: underskottet"
        " på 32,0 mkr ska återställas inom tre år."
    )


def namnd_report(data: ReportData) -> ReportData:
    """The first nämnd of the kommun's report, on its own."""
    return ReportData(
        committee=NAMNDER[0],
        year=2017,
        period="bokslut",
        tree=data.tree,
        figures=data.figures,
        net_cost_by_year={},
    )


def test_a_namnd_report_has_no_kommun_tables() -> None:
    namnd = namnd_report(kommun_report())
    assert [t.key for t in markdown.report_tables(namnd)] == ["drift"]
    assert "kommun_result" not in drift_document(namnd)


def test_the_summary_is_the_kommuns_at_kommun_level_and_the_namnds_below() -> None:
    data = kommun_report()
    kommun_text = markdown.report(data, narrative(data))
    assert "## Kommunens sammanfattning" in kommun_text
    assert "Nämndens sammanfattning" not in kommun_text
    namnd = namnd_report(data)
    assert "## Nämndens sammanfattning" in markdown.report(namnd, narrative(namnd))


def test_the_kommun_narrative_speaks_of_the_namnder_together() -> None:
    # 900 + 100 mkr budget against 905 + 98 mkr utfall: the nämnder are 3,0 mkr over, 0,3 %.
    text = " ".join(narrative(kommun_report()))
    assert (
        "Nämnderna i Exempelkommun redovisar sammantaget ett underskott på 3,0 mkr mot budget, "
        "vilket motsvarar 0,3 procent av nämndernas kommunbidrag." in text
    )
    assert "Exempelkommun redovisar ett" not in text
    early = " ".join(narrative(kommun_report("m08")))
    assert "Helårsprognosen för nämnderna i Exempelkommun" in early, early


def test_a_namnds_narrative_keeps_its_own_name() -> None:
    text = " ".join(narrative(namnd_report(kommun_report())))
    # 900 mkr budget, 905 mkr utfall.
    assert text.startswith(
        "Barnnämnden redovisar ett underskott på 5,0 mkr, vilket motsvarar 0,6 procent av "
        "tilldelat kommunbidrag."
    )
