"""The CLI's help and usage errors in Swedish: what typer and click print around ksui's words.

Click writes its own chrome in English (»Usage:«, »Options«, »Show this message and
exit.«, »Error: No such option«) without gettext. Here a help formatter puts it in
Swedish, and every usage error becomes one Swedish line (»ksui: okänd flagga --lim
(menade du --limit?); se ksui log --help«). The root group installs both on every command
below it, so `ksui … --help`, a CliRunner and ``ksui.cli.main.run`` all read alike.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import IO, Any

import typer.core
from typer._click import Command, Context, HelpFormatter
from typer._click import exceptions as click_errors

from ksui.core.text import one_line

#: Section headings.
SECTIONS = {"Options": "Flaggor", "Commands": "Kommandon", "Arguments": "Argument"}

#: Value placeholders (click names them by type) and argument names (typer by parameter).
METAVARS = {
    "int range": "heltal",
    "int": "heltal",
    "integer": "heltal",
    "float range": "tal",
    "float": "tal",
    "str": "text",
    "text": "text",
    "path": "fil",
    "file": "fil",
    "filename": "fil",
    "directory": "katalog",
    "boolean": "ja/nej",
    "datetime": "tid",
    "choice": "val",
    "target": "mål",
    "unit": "enhet",
    "units": "enheter",
    "committee": "nämnd",
    "name": "namn",
    "new_name": "nytt_namn",
    "kind": "slag",
    "value": "värde",
    "amount": "belopp",
    "measure": "mått",
    "area": "område",
    "field": "fält",
    "changeset": "ändring",
    "number": "nummer",
    "project": "projekt",
    "goal": "mål",
    "period": "period",
    "year": "år",
    "parent": "förälder",
    "code": "kod",
    "files": "filer",
    "output": "utfil",
    "words": "ord",
    "query": "sökord",
    "reason": "skäl",
    "note": "anteckning",
    "destination": "mål",
    "source": "källa",
    "account": "konto",
    "line": "rad",
    "title": "titel",
    "old": "gammalt",
    "new": "nytt",
    "content": "text",
    "dimension": "dimension",
}

#: Whole help texts click writes itself.
HELP_TEXTS = {"Show this message and exit.": "Visa den här hjälpen och avsluta."}

_BRACKETED = re.compile(r"\[([^\[\]]*)\]\s*$")
_PLACEHOLDER = re.compile(r"<([^<>]+)>|\{([^{}]+)\}|\[([a-z_]+)\]")
_RANGE = re.compile(r"^(?:(-?[\d.]+)(<=?))?x(?:(<=?|>=?)(-?[\d.]+))?$")


def metavar(name: str) -> str:
    """A placeholder's name in Swedish (»heltal« for int, »fil« for path)."""
    key = name.strip().lower()
    if key in METAVARS:
        return METAVARS[key]
    if "|" in key:  # a choice's values: the codes the user types, as they are
        return name
    return name


def _range(text: str) -> str | None:
    """»x>=1« → »minst 1«, »1900<=x<=2200« → »1900–2200«; None when it is no range."""
    found = _RANGE.match(text.replace(" ", ""))
    if found is None or text.strip() == "x":
        return None
    low, low_op, high_op, high = found.groups()
    if low is not None and high is not None and high_op and high_op.startswith("<"):
        return f"{low}–{high}"
    if high_op is not None and high is not None:
        words = {">=": "minst", ">": "över", "<=": "högst", "<": "under"}
        return f"{words[high_op]} {high}"
    if low is not None and low_op is not None:
        return f"{'minst' if low_op == '<=' else 'över'} {low}"
    return None


def _extra(text: str) -> str:
    """The bracketed end of a help text: »[default: 20; x>=1]« → »[standard: 20; minst 1]«."""
    parts = []
    for part in text.split(";"):
        part = part.strip()
        if part.startswith("default:"):
            part = "standard:" + part.removeprefix("default:")
        elif part.startswith("env var:"):
            part = "miljövariabel:" + part.removeprefix("env var:")
        elif part == "required":
            part = "krävs"
        else:
            part = _range(part) or part
        parts.append(part)
    return "[" + "; ".join(parts) + "]"


def help_text(text: str) -> str:
    """A help column in Swedish: click's own texts and its bracketed notes."""
    for english, swedish in HELP_TEXTS.items():
        text = text.replace(english, swedish)
    return _BRACKETED.sub(lambda m: _extra(m.group(1)), text)


def placeholders(text: str) -> str:
    """Every <typ> and {argument} in a usage or an option column, in Swedish."""

    def one(found: re.Match[str]) -> str:
        if found.group(1) is not None:
            return f"<{metavar(found.group(1))}>"
        if found.group(2) is not None:
            return "{" + metavar(found.group(2)) + "}"
        return f"[{metavar(found.group(3))}]"  # an optional argument

    return _PLACEHOLDER.sub(one, text)


def usage_args(args: str) -> str:
    """The usage line's words: [FLAGGOR], KOMMANDO [ARGUMENT]..., arguments by name."""
    args = args.replace("[OPTIONS]", "[FLAGGOR]").replace("COMMAND [ARGS]...", "KOMMANDO …")
    args = args.replace("[ARGS]...", "[ARGUMENT] …")
    return placeholders(args)


class SwedishFormatter(HelpFormatter):
    """Click's help formatter with its headings, usage and notes in Swedish."""

    #: The section being written (its English name): arguments are named in Swedish.
    current = ""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """»Användning: ksui log [FLAGGOR]«."""
        super().write_usage(prog, usage_args(args), "Användning: " if prefix is None else prefix)

    @contextmanager
    def section(self, name: str) -> Iterator[None]:
        """A section under its Swedish heading."""
        self.current = name
        try:
            with super().section(SECTIONS.get(name, name)):
                yield
        finally:
            self.current = ""

    def write_dl(
        self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2
    ) -> None:
        """Options, arguments and commands with their placeholders and notes in Swedish."""
        named = metavar if self.current == "Arguments" else placeholders
        swedish = [(named(term), help_text(text)) for term, text in rows]
        super().write_dl(swedish, col_max, col_spacing)


class SwedishContext(Context):
    """A context whose help is formatted in Swedish."""

    formatter_class = SwedishFormatter


class SwedishUsageError(click_errors.UsageError):
    """A usage error already put in Swedish: shown as one line, with the same exit code."""

    def __init__(self, line: str, exit_code: int) -> None:
        super().__init__(line)
        self.exit_code = exit_code

    def show(self, file: IO[Any] | None = None) -> None:
        """One line on stderr: »ksui: okänd flagga --lim; se ksui log --help«."""
        (file or sys.stderr).write(f"ksui: {one_line(self.message)}\n")


def _hint(ctx: Context | None) -> str:
    """Where to read more: »se ksui log --help«."""
    names: list[str] = []
    while ctx is not None and ctx.parent is not None:  # the root is ksui, however started
        names.insert(0, ctx.info_name or "")
        ctx = ctx.parent
    return " ".join(["se ksui", *names, "--help"])


def _quoted(value: str) -> str:
    """A value the user typed, quoted as ksui quotes input: »…«."""
    return f"»{value}«"


def swedish_message(exc: click_errors.ClickException) -> str:
    """A click error's message in Swedish, without the ``ksui:`` prefix or the hint."""
    message = exc.format_message()
    if isinstance(exc, click_errors.NoSuchOption):
        line = f"okänd flagga {exc.option_name}"
        if exc.possibilities:
            line += f" (menade du {' eller '.join(sorted(exc.possibilities))}?)"
        return line
    if isinstance(exc, click_errors.MissingParameter):
        hint = _param_hint(exc)
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        word = {"argument": "argumentet", "option": "flaggan"}.get(kind, "värdet")
        return f"{word} {hint} saknas".replace("  ", " ")
    if isinstance(exc, click_errors.BadParameter):
        return f"ogiltigt värde för {_param_hint(exc)}: {_value_message(exc.message)}"
    if isinstance(exc, click_errors.BadOptionUsage):
        found = re.match(r"Option '(.+)' requires (an argument|\d+ arguments)\.", message)
        if found:
            return f"flaggan {found.group(1)} behöver ett värde"
        found = re.match(r"Option '(.+)' does not take a value\.", message)
        if found:
            return f"flaggan {found.group(1)} tar inget värde"
    found = re.match(r"No such command '(.*)'\.(?: Did you mean (.*)\?)?", message)
    if found:
        line = f"okänt kommando {_quoted(found.group(1))}"
        return line + (f" (menade du {found.group(2)}?)" if found.group(2) else "")
    found = re.match(r"Got unexpected extra argument\(s\) \((.*)\)", message)
    if found:
        return f"för många argument: {found.group(1)}"
    if message == "Missing command.":
        return "ange ett kommando"
    return message


def _param_hint(exc: click_errors.BadParameter) -> str:
    """The option or argument named as the user wrote it: »--limit / -n«, »PATH«."""
    hint: Any = exc.param_hint
    if hint is None and exc.param is not None:
        hint = exc.param.get_error_hint(exc.ctx) if exc.ctx else exc.param.name
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(str(h) for h in hint)
    text = str(hint or "").replace("'", "")
    return placeholders("{" + text + "}")[1:-1] if text and " " not in text else text


def _value_message(message: str) -> str:
    """Click's reasons a value is refused, in Swedish."""
    found = re.match(r"(.*) is not a valid (.+?)\.(?: Recognized values: (.*))?$", message)
    if found:
        kind = metavar(found.group(2))
        return f"{_quoted(found.group(1).strip(chr(39)))} är inget giltigt {kind}"
    found = re.match(r"(.*) is not in the range (.*)\.$", message)
    if found:
        allowed = _range(found.group(2)) or found.group(2)
        return f"{found.group(1)} ligger utanför det tillåtna ({allowed})"
    found = re.match(r"(.*) is not one of (.*)\.$", message)
    if found:
        return (
            f"{_quoted(found.group(1).strip(chr(39)))} är inget av "
            f"{found.group(2).replace(chr(39), '')}"
        )
    found = re.match(r"(.*) does not match the formats (.*)\.$", message)
    if found:
        return f"{_quoted(found.group(1).strip(chr(39)))} har inte formen {found.group(2)}"
    return message


def swedish_error(exc: click_errors.ClickException) -> click_errors.ClickException:
    """The same error as one Swedish line; help shown for a missing command stays as it is."""
    if isinstance(exc, (SwedishUsageError, click_errors.NoArgsIsHelpError)):
        return exc
    ctx = getattr(exc, "ctx", None)
    line = swedish_message(exc)
    if isinstance(exc, click_errors.UsageError):
        line += f"; {_hint(ctx)}"
    return SwedishUsageError(line, exc.exit_code)


def use_swedish(command: Command) -> None:
    """Give a command and every command below it the Swedish help."""
    command.context_class = SwedishContext
    if isinstance(command, typer.core.TyperGroup):
        for sub in command.commands.values():
            use_swedish(sub)


class SwedishGroup(typer.core.TyperGroup):
    """The root ``ksui`` group: Swedish help everywhere below it, usage errors in Swedish."""

    context_class = SwedishContext

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_swedish(self)

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: Context | None = None,
        **extra: Any,
    ) -> Context:
        """Parse the root's own options; an error there in Swedish."""
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click_errors.ClickException as exc:
            raise swedish_error(exc) from exc

    def invoke(self, ctx: Context) -> Any:
        """Run the command; any usage error on the way (a subcommand's options) in Swedish."""
        try:
            return super().invoke(ctx)
        except click_errors.ClickException as exc:
            raise swedish_error(exc) from exc
