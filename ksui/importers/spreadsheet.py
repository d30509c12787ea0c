"""CSV and XLSX import of drift, investments and sick leave, with Swedish headers.

Controllers keep figures in spreadsheets; a template from `ksui template` names the
columns, and an import writes every row in one transaction or, on the first bad cell,
nothing at all, naming the file, the line and the text it could not read. The file is
streamed: each row is read, checked and written before the next, so memory does not grow
with the file's size.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from ksui.core.periods import BY_CODE, PeriodError, parse_period
from ksui.core.spreadsheet import unguard_cell
from ksui.core.swedish import ORE_PER, NumberError, parse_amount, parse_decimal
from ksui.importers.errors import ImportFileError
from ksui.store import import_support as lookup
from ksui.store import read, writes
from ksui.store.db import Store, Tx
from ksui.store.lookups import committee_projects, leaf_units

Progress = Callable[[int, int], None]

#: Rows between two progress reports.
PROGRESS_ROWS = 500
#: New projects named in the summary; more are counted, so a huge file's list stays short.
CREATED_SHOWN = 50


@dataclass(frozen=True)
class TemplateColumn:
    """One column of a template: its key in code and its Swedish header."""

    key: str
    header: str
    required: bool = False
    aliases: tuple[str, ...] = ()


SPECS: dict[str, tuple[TemplateColumn, ...]] = {
    "drift": (
        TemplateColumn("unit", "Enhet", True, ("kod", "enhetskod", "ansvar", "kostnadsställe")),
        # The unit's name beside its code: for the reader, and checked against the code,
        # so a sheet sorted on one column only is refused instead of writing to the wrong unit.
        TemplateColumn("name", "Namn", aliases=("enhetsnamn", "benämning")),
        TemplateColumn("year", "År"),
        TemplateColumn("period", "Period", aliases=("uppföljning",)),
        TemplateColumn("budget", "Budget (tkr)", aliases=("nämndbidrag", "kommunbidrag")),
        TemplateColumn("budget_ytd", "Periodiserad budget (tkr)"),
        TemplateColumn("forecast", "Prognos (tkr)", aliases=("helårsprognos",)),
        TemplateColumn("actual", "Utfall (tkr)", aliases=("bokslut",)),
        TemplateColumn("comment", "Kommentar"),
    ),
    "investeringar": (
        TemplateColumn("category", "Kategori", True),
        TemplateColumn("project", "Projekt", True),
        TemplateColumn("year", "År"),
        TemplateColumn("period", "Period", aliases=("uppföljning",)),
        TemplateColumn("appropriation", "Anslag (tkr)"),
        TemplateColumn("spent", "Utfall (tkr)", aliases=("ack. utfall", "ack utfall")),
        TemplateColumn("status", "Status"),
        TemplateColumn("comment", "Kommentar"),
        # The finance system's project object: where a project has one, the row is found
        # by it (and the Projekt name checked against it), as a drift row by its unit code.
        TemplateColumn("project_code", "Projektkod", aliases=("kod", "projektnummer")),
    ),
    "personal": (
        TemplateColumn("measure", "Mått", True),
        TemplateColumn("group", "Grupp", True),
        TemplateColumn("year", "År"),
        TemplateColumn("scope", "Omfattning"),
        TemplateColumn("rate", "Procent", True, ("sjuktal", "andel")),
    ),
}
#: Each column's Swedish header by its key, for a message about a column the file lacks.
HEADERS = {c.key: c.header.split(" (")[0] for spec in SPECS.values() for c in spec}
KIND_ALIASES = {
    "drift": "drift",
    "investeringar": "investeringar",
    "investments": "investeringar",
    "personal": "personal",
    "personnel": "personal",
}


@dataclass
class SpreadsheetResult:
    """What an import did, for the summary printed at the end."""

    kind: str
    rows: int = 0
    figures: int = 0
    #: The change set the import wrote (None when the file changed nothing), for undo.
    changeset_id: int | None = None
    #: The first CREATED_SHOWN new projects' names, and how many were made in all.
    created: list[str] = field(default_factory=list)
    created_count: int = 0
    comments: int = 0


def describe(result: SpreadsheetResult, name: str) -> list[str]:
    """Swedish summary lines after an import, the same in the CLI and the TUI."""

    def count(n: int, one: str, many: str) -> str:
        return f"{n} {one if n == 1 else many}"

    lines = [
        f"Importerade {count(result.rows, 'rad', 'rader')} från {name}: "
        f"{count(result.figures, 'värde', 'värden')}, "
        f"{count(result.comments, 'kommentar', 'kommentarer')}."
    ]
    if result.created:
        more = result.created_count - len(result.created)
        tail = f" och {more} till" if more > 0 else ""
        lines.append("Nya projekt: " + ", ".join(result.created) + tail)
    return lines


@dataclass(frozen=True)
class Row:
    """A data row with its line number in the file, for error messages."""

    line: int
    cells: dict[str, str]
    raw: str


@dataclass(frozen=True)
class Table:
    """An open CSV or XLSX file: its header, and its data rows read one at a time.

    The rows are an iterator, not a list, so that an import holds one row at a time and
    its memory does not grow with the file; ``position`` says how far the read has come
    as (done, total): bytes for CSV, rows for XLSX.
    """

    header: list[str]
    rows: Iterator[Row]
    position: Callable[[], tuple[int, int]]

    def finished(self) -> tuple[int, int]:
        """The position once every row is read: done equals total, for a full progress bar."""
        done, total = self.position()
        return max(done, total), max(done, total)


def _normalise(header: str) -> tuple[str, str | None]:
    """'Budget (tkr)' -> ('budget', 'tkr'); the unit in brackets scales the column."""
    match = re.match(r"^\s*(.*?)\s*(?:\((kr|tkr|mkr)\))?\s*$", header, re.IGNORECASE)
    name = (match.group(1) if match else header).strip().lower()
    unit = match.group(2).lower() if match and match.group(2) else None
    return name, unit


def _cell_text(value: Any) -> str:
    """A spreadsheet cell as text: Excel numbers become exact decimal strings."""
    if value is None:
        return ""
    if isinstance(value, float):
        if not math.isfinite(value):
            return repr(value)
        # repr gives the shortest exact form; Decimal spells 1e+20 out without the exponent.
        text = format(Decimal(repr(value)), "f")
        return text[:-2] if text.endswith(".0") else text.replace(".", ",")
    return str(value).strip()


@contextmanager
def open_table(path: Path) -> Iterator[Table]:
    """Open a CSV (UTF-8 or Windows-1252, ; , or tab) or XLSX file to read row by row.

    The header is read at once (so a wrong column is refused before anything is written);
    the rows are read as the caller asks for them, and the file is closed on leaving.
    """
    opener = _open_xlsx if path.suffix.lower() in (".xlsx", ".xlsm") else _open_csv
    with opener(path) as table:
        yield table


def read_table(path: Path) -> tuple[list[str], list[Row]]:
    """The header and every row at once: for small files and tests; imports stream instead."""
    with open_table(path) as table:
        return table.header, list(table.rows)


#: Bytes read at a time while checking a CSV file's encoding: memory stays this size.
ENCODING_CHUNK = 1 << 14


#: Why a CSV file whose bytes no longer fit the encoding its first pass found is refused.
CHANGED = "filen ändrades medan den lästes"


def _csv_encoding(path: Path) -> str:
    """'utf-8-sig' when the whole file is UTF-8, else 'cp1252' (Excel's Swedish default).

    The check reads the file in chunks, so a large file is never held whole; a NUL byte
    near the start means the file is no text file (an XLSX saved as .csv, say).
    """
    source = str(path)
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as handle:
        chunk = handle.read(ENCODING_CHUNK)
        if b"\x00" in chunk[:4096]:
            raise ImportFileError(
                source, None, "", "är ingen textfil (CSV); spara som CSV eller XLSX"
            )
        try:
            while chunk:
                decoder.decode(chunk)
                chunk = handle.read(ENCODING_CHUNK)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


class _Lines:
    """The file's lines as the csv module takes them, keeping those of the current record.

    An error names the record's text, and a record may span lines (a cell with a line
    break): ``taken`` holds just those lines, never the file.
    """

    def __init__(self, lines: Iterator[str]) -> None:
        self.lines = lines
        self.taken: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.taken.append(line)
        return line

    def shown(self) -> str:
        """The current record's lines as one line of text, then forget them."""
        text = " ⏎ ".join(line.rstrip("\r\n") for line in self.taken)
        self.taken.clear()
        return text


@contextmanager
def _open_csv(path: Path) -> Iterator[Table]:
    """Open a CSV file; each row keeps the physical line its record starts on."""
    source = str(path)
    encoding = _csv_encoding(path)
    errors = "strict" if encoding == "utf-8-sig" else "replace"
    with path.open("rb") as binary:
        size = os.fstat(binary.fileno()).st_size
        # newline="" gives the lines exactly as the csv module counts them (\n, \r\n or
        # \r): splitting on \x0c or U+2028 inside a cell would put every later line off.
        with io.TextIOWrapper(binary, encoding=encoding, errors=errors, newline="") as text:
            try:
                first = list(itertools.islice(text, 20))
            except UnicodeDecodeError:  # it was UTF-8 when its encoding was checked
                raise ImportFileError(source, None, "", CHANGED) from None
            if not first:
                raise ImportFileError(source, None, "", "filen är tom")
            try:
                sniffed: Any = csv.Sniffer().sniff("".join(first), delimiters=";,\t")
                sep, skip = sniffed.delimiter, sniffed.skipinitialspace
            except csv.Error:
                sep, skip = (";" if ";" in first[0] else ","), False

            class dialect(csv.excel):  # a local dialect; csv.excel itself is never changed
                # Only the delimiter is guessed: the sniffer would take the ' that guards a
                # cell against formulas (see guard_cell) for a quote character.
                delimiter = sep
                skipinitialspace = skip

            lines = _Lines(itertools.chain(first, text))
            records = _csv_records(source, csv.reader(lines, dialect), lines)
            header = next(records, (1, [], ""))[1]

            def rows() -> Iterator[Row]:
                for number, record, shown in records:
                    if any(cell.strip() for cell in record):
                        cells = dict(enumerate_cells(header, record, source, number, shown))
                        yield Row(number, cells, shown)

            yield Table(header, rows(), lambda: (min(binary.tell(), size), size))


def _csv_records(source: str, reader: Any, lines: _Lines) -> Iterator[tuple[int, list[str], str]]:
    """Each record with the line it starts on, its cells unguarded, and its text."""
    start = 1
    try:
        for record in reader:
            yield start, [unguard_cell(cell) for cell in record], lines.shown()
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(source, start, "", f"trasig CSV ({exc})") from None
    except UnicodeDecodeError:  # as in _open_csv: the file changed after the first pass
        raise ImportFileError(source, None, "", CHANGED) from None


def enumerate_cells(
    header: list[str], record: list[str], source: str, line: int, raw: str
) -> Iterable[tuple[str, str]]:
    """Pair a record's cells with the header, refusing a row with too many cells."""
    if len(record) > len(header) and any(c.strip() for c in record[len(header) :]):
        raise ImportFileError(
            source, line, raw, f"raden har {len(record)} celler men rubriken bara {len(header)}"
        )
    for index, name in enumerate(header):
        yield name, record[index].strip() if index < len(record) else ""


@contextmanager
def _open_xlsx(path: Path) -> Iterator[Table]:
    """Open the first sheet of an XLSX file with openpyxl in read-only mode, row by row.

    The sheet's XML is parsed as the rows are asked for (see ``_sheet_values``); only the
    workbook's shared-string table is read whole, as the format needs.
    """
    from openpyxl import load_workbook  # imported here: only XLSX needs it

    source = str(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise ImportFileError(source, None, "", f"kan inte läsas som XLSX ({exc})") from None
    try:

        def broken(exc: Exception) -> ImportFileError:
            return ImportFileError(source, None, "", f"arket kan inte läsas ({exc})")

        try:
            # read_only parses the sheet lazily, so a broken sheet fails here, not on load.
            sheet = book.worksheets[0]
            values = _sheet_values(book, sheet)
            first = next(values, None)
            total = int(sheet.max_row or 0)
        except Exception as exc:  # zip, XML and value errors alike mean a broken file
            raise broken(exc) from None
        if first is None:
            raise ImportFileError(source, None, "", "arket är tomt")
        header = [_cell_text(v) for v in first]
        while header and not header[-1]:
            header = header[:-1]
        read = [1]

        def rows() -> Iterator[Row]:
            while True:
                try:
                    found = next(values, None)
                except Exception as exc:  # as above: a broken sheet
                    raise broken(exc) from None
                if found is None:
                    return
                read[0] += 1
                record = [_cell_text(v) for v in found]
                if any(record):
                    number, raw = read[0], " | ".join(record)
                    cells = dict(enumerate_cells(header, record, source, number, raw))
                    yield Row(number, cells, raw)

        yield Table(header, rows(), lambda: (read[0], max(read[0], total)))
    finally:
        book.close()


def _sheet_values(book: Any, sheet: Any) -> Iterator[Sequence[Any]]:
    """The sheet's rows as values, exactly as openpyxl's ``iter_rows(values_only=True)``.

    openpyxl's read-only parser clears each row but leaves it in the parse tree, and keeps
    the attributes of every formatted row: some 100 bytes a row, for the whole sheet. This
    loop drops both once a row is read, and parses each row with openpyxl's own code so
    every cell (shared strings, dates, booleans) reads the same.
    """
    try:
        from openpyxl.worksheet._reader import DATA_TAG, ROW_TAG, WorkSheetParser
        from openpyxl.xml.functions import iterparse

        open_source, get_row = sheet._get_source, sheet._get_row
        parser_options = {
            "data_only": book.data_only,
            "epoch": book.epoch,
            "date_formats": book._date_formats,
            "timedelta_formats": book._timedelta_formats,
        }
        strings = sheet._shared_strings
    except (ImportError, AttributeError):  # another openpyxl: its own streaming reader
        yield from sheet.iter_rows(values_only=True)
        return
    max_col, max_row = sheet.max_column, sheet.max_row
    empty: Sequence[Any] = (None,) * max_col if max_col is not None else ()
    counter = index = 1
    with open_source() as src:
        parser = WorkSheetParser(src, strings, **parser_options)
        data = None
        for event, element in iterparse(src, events=("start", "end")):
            if event == "start":
                if element.tag == DATA_TAG:
                    data = element
                continue
            if element.tag != ROW_TAG:
                continue
            index, cells = parser.parse_row(element)
            parser.row_dimensions.clear()
            element.clear()
            if data is not None:
                data.remove(element)  # its only child: earlier rows are already gone
            if max_row is not None and index > max_row:
                break
            while counter < index:  # rows the file leaves out are empty
                counter += 1
                yield empty
            if counter <= index:
                counter += 1
                yield get_row(cells, 1, max_col, True)
    if max_row is not None and max_row < index:
        while counter <= max_row:
            counter += 1
            yield empty


def _map_header(header: list[str], kind: str, source: str) -> dict[str, tuple[str, str | None]]:
    """Match the file's headers to the template's columns: key -> (header text, unit)."""
    spec = SPECS[kind]
    found: dict[str, tuple[str, str | None]] = {}
    for text in header:
        name, unit = _normalise(text)
        if not name:
            continue
        for column in spec:
            names = {_normalise(column.header)[0], column.key, *column.aliases}
            if name in names:
                found[column.key] = (text, unit)
                break
        else:
            known = ", ".join(c.header for c in spec)
            raise ImportFileError(source, 1, text, f"okänd kolumn; kända är {known}")
    missing = [c.header for c in spec if c.required and c.key not in found]
    if missing:
        raise ImportFileError(source, 1, "", f"kolumn saknas: {', '.join(missing)}")
    return found


class _RowReader:
    """Typed access to one row's cells, with errors that point at the line and the text."""

    def __init__(
        self,
        source: str,
        row: Row,
        columns: dict[str, tuple[str, str | None]],
        default_unit: str,
        year: int | None,
        period: str | None = None,
    ) -> None:
        self.source, self.row, self.columns = source, row, columns
        self.default_unit, self.default_year, self.default_period = default_unit, year, period

    def text(self, key: str) -> str:
        if key not in self.columns:
            return ""
        return self.row.cells.get(self.columns[key][0], "")

    def fail(self, key: str, message: str) -> ImportFileError:
        header = self.columns[key][0] if key in self.columns else HEADERS.get(key, key)
        return ImportFileError(
            self.source, self.row.line, self.row.raw, f"kolumnen »{header}«: {message}"
        )

    def amount(self, key: str) -> int | None:
        text = self.text(key)
        if not text:
            return None
        unit = self.columns[key][1] or self.default_unit
        try:
            return parse_amount(text, unit)
        except NumberError as exc:
            raise self.fail(key, str(exc)) from None

    def year(self) -> int:
        text = self.text("year")
        if not text:
            if self.default_year is None:
                raise self.fail("year", "år saknas (ange kolumnen År eller --year)")
            return self.default_year
        if not re.fullmatch(r"(19|20|21)\d\d", text.replace(",0", "")):
            raise self.fail("year", f"»{text}« är inget årtal")
        return int(text.replace(",0", ""))

    def period(self) -> str:
        text = self.text("period")
        if not text:
            # Never a guess: a T1 file without its period must not land at bokslut.
            if self.default_period is None:
                raise self.fail("period", "period saknas (ange kolumnen Period eller --period)")
            return self.default_period
        try:
            return parse_period(text).code
        except PeriodError as exc:
            raise self.fail("period", str(exc)) from None

    def decimal(self, key: str) -> Decimal:
        try:
            return parse_decimal(self.text(key))
        except NumberError as exc:
            raise self.fail(key, str(exc)) from None


def import_table(
    store: Store,
    path: Path,
    kind: str,
    committee_id: int,
    *,
    default_unit: str = "tkr",
    year: int | None = None,
    period: str | None = None,
    progress: Progress | None = None,
) -> SpreadsheetResult:
    """Import one CSV/XLSX file of the given kind in one transaction (all or nothing).

    The file is read as it is written, row by row, so a file of any size imports in the
    same memory; ``progress`` gets (bytes read, file size) for CSV, (rows, sheet rows) for
    XLSX. ``year`` and ``period`` stand where a row leaves its År or Period empty; a row's
    own value always wins.
    """
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in SPECS:
        raise ImportFileError(
            str(path), None, kind, "okänd sort; använd drift, investeringar eller personal"
        )
    if default_unit not in ORE_PER:
        raise ImportFileError(str(path), None, default_unit, "okänd enhet")
    source = str(path)
    with open_table(path) as table:
        columns = _map_header(table.header, kind, source)
        result = SpreadsheetResult(kind)
        writer = {"drift": _drift, "investeringar": _investments, "personal": _personnel}[kind]
        # One transaction for the whole file: each row is read, checked and written before
        # the next is read, so memory holds one row; a bad row anywhere rolls all back.
        with store.transaction(f"Import av {kind} från {path.name}") as tx:
            context = _Context(store, tx, committee_id)
            for row in table.rows:
                reader = _RowReader(source, row, columns, default_unit, year, period)
                writer(context, reader, result)
                result.rows += 1
                if progress is not None and result.rows % PROGRESS_ROWS == 0:
                    progress(*table.position())
            if progress is not None:
                progress(*table.finished())
            result.changeset_id = tx.changeset_id if tx.changes else None
    return result


@dataclass
class _Context:
    store: Store
    tx: Tx
    committee_id: int
    units: dict[str, int] | None = None
    names: dict[int, str] = field(default_factory=dict)

    def unit(self, reader: _RowReader) -> int:
        if self.units is None:
            self.units = {}
            for uid, code, name in lookup.units_within(self.tx, self.committee_id):
                self.units.setdefault(name.lower(), uid)
                self.names[uid] = name
                if code:
                    self.units[str(code).lower()] = uid
        text = reader.text("unit")
        found = self.units.get(text.lower())
        if found is None:
            raise reader.fail("unit", f"okänd enhet »{text}« i nämnden (ange kod eller namn)")
        named = reader.text("name")
        if named and named.casefold() != self.names[found].casefold():
            raise reader.fail(
                "name", f"»{named}« är inte {text}; {text} heter »{self.names[found]}«"
            )
        return found


def _drift(ctx: _Context, r: _RowReader, result: SpreadsheetResult) -> None:
    unit = ctx.unit(r)
    year, period = r.year(), r.period()
    for measure in ("budget", "budget_ytd", "forecast", "actual"):
        amount = r.amount(measure)
        if amount is not None:
            ctx.tx.upsert(
                "drift_figure",
                {"unit_id": unit, "year": year, "period": period, "measure": measure},
                {"amount": amount},
            )
            result.figures += 1
    _comment(ctx, r, "unit", unit, year, result)


def _comment(
    ctx: _Context, r: _RowReader, entity: str, entity_id: int, year: int, result: SpreadsheetResult
) -> None:
    """The row's Kommentar, if any, as the controller's comment on the unit or project."""
    text = r.text("comment")
    if text:
        ctx.tx.upsert(
            "comment",
            {"entity": entity, "entity_id": entity_id, "field": "", "year": year},
            {"text": text},
        )
        result.comments += 1


_STATUS = {
    "pågående": "pagaende",
    "pagaende": "pagaende",
    "avslutat": "avslutat",
    "avslutad": "avslutat",
    "": "pagaende",
}


def _investments(ctx: _Context, r: _RowReader, result: SpreadsheetResult) -> None:
    name = r.text("category")
    category = lookup.category_id(ctx.tx, ctx.committee_id, name)
    if category is None:
        names = lookup.category_names(ctx.tx, ctx.committee_id)
        raise r.fail("category", f"okänd kategori »{name}«; finns: {', '.join(names) or 'inga'}")
    status = _STATUS.get(r.text("status").lower())
    if status is None:
        raise r.fail("status", f"»{r.text('status')}«: använd Pågående eller Avslutat")
    project_name = r.text("project")
    found = _project_by_code(ctx, r, category, project_name)
    if found is None:
        found = lookup.project_id(ctx.tx, category, project_name)
    if found is None:
        if r.text("project_code"):
            try:  # a new project with a code: the store's rules for both
                project = writes.insert_project(
                    ctx.tx, category, project_name, code=r.text("project_code")
                )
            except writes.RuleError as exc:
                column = "project_code" if exc.field == "code" else "project"
                raise r.fail(column, str(exc)) from None
            ctx.tx.upsert("investment_project", {"id": project}, {"status": status})
        else:
            position = lookup.next_position(ctx.tx, "investment_project", "category_id", category)
            project = ctx.tx.insert(
                "investment_project",
                {
                    "category_id": category,
                    "name": project_name,
                    "status": status,
                    "position": position,
                },
            )
        result.created_count += 1
        if len(result.created) < CREATED_SHOWN:
            result.created.append(project_name)
    else:
        project = found
        if r.text("status"):
            ctx.tx.upsert("investment_project", {"id": project}, {"status": status})
    year, period = r.year(), r.period()
    values = {k: r.amount(k) for k in ("appropriation", "spent") if r.text(k)}
    if values:
        key = {"project_id": project, "year": year, "period": period}
        ctx.tx.upsert("investment_figure", key, values)
        result.figures += len(values)
    _comment(ctx, r, "investment_project", project, year, result)


def _project_by_code(ctx: _Context, r: _RowReader, category: int, name: str) -> int | None:
    """The row's project by its Projektkod, the name and category checked against it; a
    project found by name without a code gets the row's (``writes.apply_project_code``)."""
    code = r.text("project_code")
    if not code:
        return None
    found = writes.project_by_code(ctx.store, ctx.committee_id, code)
    if found is None:
        by_name = lookup.project_id(ctx.tx, category, name)
        if by_name is not None:
            try:
                writes.apply_project_code(ctx.tx, by_name, code)
            except writes.RuleError as exc:
                raise r.fail("project_code", str(exc)) from None
        return by_name
    if name and name.casefold() != str(found["name"]).casefold():
        raise r.fail("project", f"»{name}« är inte projekt {code}; {code} heter »{found['name']}«")
    if found["category_id"] != category:
        raise r.fail("category", f"projekt {code} (»{found['name']}«) hör till en annan kategori")
    return int(found["id"])


_MEASURES = {
    "sjuktal": "total",
    "sjukfrånvaro": "total",
    "total": "total",
    "korttidsfrånvaro": "short",
    "korttid": "short",
    "short": "short",
}
_SCOPES = {
    "": "namnd",
    "nämnden": "namnd",
    "nämnd": "namnd",
    "namnd": "namnd",
    "kommunen": "kommun",
    "kommun": "kommun",
}


def _personnel(ctx: _Context, r: _RowReader, result: SpreadsheetResult) -> None:
    measure = _MEASURES.get(r.text("measure").lower())
    if measure is None:
        raise r.fail("measure", "använd Sjuktal eller Korttidsfrånvaro")
    scope = _SCOPES.get(r.text("scope").lower())
    if scope is None:
        raise r.fail("scope", "använd Nämnden eller Kommunen")
    group = r.text("group")
    kind = (
        "kon"
        if group.lower() in ("kvinnor", "män")
        else "totalt"
        if group.lower() == "totalt"
        else "alder"
    )
    rate = r.decimal("rate")
    if not Decimal(0) <= rate <= Decimal(100):
        raise r.fail("rate", f"{rate} ligger inte mellan 0 och 100 procent")
    key = {
        "committee_id": ctx.committee_id,
        "measure": measure,
        "group_name": group,
        "year": r.year(),
        "scope": scope,
    }
    existing = ctx.tx.get("sick_leave", key)
    position = (
        existing["position"]
        if existing
        else lookup.next_position(ctx.tx, "sick_leave", "committee_id", ctx.committee_id)
    )
    ctx.tx.upsert("sick_leave", key, {"group_kind": kind, "rate": str(rate), "position": position})
    result.figures += 1


def template_rows(
    store: Store | None,
    kind: str,
    committee_id: int | None,
    year: int | None,
    period: str | None = None,
) -> tuple[list[str], list[list[str]]]:
    """Headers and (when a database is at hand) rows prefilled with the committee's units
    (the leaves, which carry figures: code and name) or projects, with the year and the
    period asked for, so a filled template imports without looking anything up."""
    kind = KIND_ALIASES.get(kind, kind)
    if kind not in SPECS:
        raise ImportFileError(
            kind, None, "", "okänd sort; använd drift, investeringar eller personal"
        )
    headers = [c.header for c in SPECS[kind]]
    rows: list[list[str]] = []
    if store is None or committee_id is None:
        return headers, rows
    year_text = str(year or "")
    period_text = BY_CODE[period].label if period in BY_CODE else ""
    if kind == "drift":
        for code, name in leaf_units(store, committee_id):
            rows.append([code or name, name, year_text, period_text, "", "", "", "", ""])
    elif kind == "investeringar":
        codes = {name.casefold(): code for code, name in _coded_projects(store, committee_id)}
        for category, project, status in committee_projects(store, committee_id):
            label = "Avslutat" if status == "avslutat" else "Pågående"
            code = codes.get(project.casefold(), "")
            rows.append([category, project, year_text, period_text, "", "", label, "", code])
    else:
        for group in ("Kvinnor", "Män", "-29 år", "30-49 år", "50- år", "Totalt"):
            rows.append(["Sjuktal", group, year_text, "Nämnden", ""])
    return headers, rows


def _coded_projects(store: Store, committee_id: int) -> list[tuple[str, str]]:
    """(code, name) of the nämnd's projects that have a code (project names are unique in
    a nämnd, see ``writes.insert_project``)."""
    names = {
        p.id: p.name for c in read.investment_categories(store, committee_id, 0) for p in c.projects
    }
    return [(code, names[pid]) for pid, code in read.project_codes(store, committee_id).items()]


def template_title(kind: str) -> str:
    """The sheet title of a template: the kind in Swedish, e.g. Drift or Personal."""
    return KIND_ALIASES.get(kind, kind).capitalize()
