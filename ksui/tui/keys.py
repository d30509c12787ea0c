"""Every key binding of the app as data: id, default key, action and its Swedish description.

Bindings are data so that config.toml's ``[keys]`` can remap any of them by id (through
``App.set_keymap``), the help screen and the README list the same keys, and a screen only
says which groups of keys it offers. The keys that switch screens come from the screen
registry (``ksui.tui.registry``), so a new screen brings its key with it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from pathlib import Path

from textual.binding import Binding, BindingType
from textual.keys import KEY_TO_UNICODE_NAME, REPLACED_KEYS, Keys, _normalize_key_list

from ksui.config import Config, ConfigError
from ksui.core.records import record
from ksui.tui.registry import SCREENS


@record
class Key:
    """One remappable key: ``id`` is what config.toml names, ``key`` the default."""

    id: str
    key: str
    action: str
    description: str
    group: str
    show: bool = True
    display: str | None = None
    priority: bool = False

    def bound(self, keymap: Mapping[str, str]) -> str:
        """The key this answers to after config.toml's remapping ('f2' for 'screen.drift')."""
        return keymap.get(self.id, self.key)

    def binding(self) -> Binding:
        """The Textual binding, carrying the id that a keymap refers to."""
        return Binding(
            self.key,
            self.action,
            self.description,
            show=self.show,
            key_display=self.display,
            priority=self.priority,
            id=self.id,
        )


KEYS: tuple[Key, ...] = (
    # Everywhere: one key per screen (see ksui.tui.registry), then the app's own.
    *(Key(s.key_id, s.key, s.action, s.label, "app", show=False) for s in SCREENS),
    Key("undo", "ctrl+z", "undo", "Ångra", "app", display="^z"),
    Key("redo", "ctrl+y", "redo", "Gör om", "app", show=False, display="^y"),
    Key("help", "question_mark", "help", "Tangenter", "app", display="?"),
    Key("palette", "ctrl+p", "command_palette", "Kommandon", "app", show=False, display="^p"),
    Key("quit", "q", "quit", "Avsluta", "app"),
    Key("log", "l", "show_log", "Ändringslogg", "app", show=False),
    Key("import", "i", "show_import", "Importera", "app", show=False),
    # Every screen's table (a screen without one says so): as tab-separated text.
    Key("copy.row", "y", "screen.copy_row", "Kopiera raden", "app", show=False),
    Key("copy.table", "Y", "screen.copy_table", "Kopiera tabellen", "app", show=False),
    # Tables: what a controller does to the row or cell under the cursor.
    Key("edit", "enter", "edit", "Ändra", "table", display="⏎"),
    Key("comment", "c", "comment", "Kommentar", "table"),
    Key("add", "a", "add", "Lägg till", "table", show=False),
    Key("delete", "d", "delete", "Ta bort", "table", show=False),
    Key("filter", "slash", "filter", "Filtrera", "table", display="/"),
    # Drift only.
    Key("fold", "space", "fold", "Fäll ut/ihop", "tree", show=False, display="␣"),
    Key("expand_all", "plus", "expand_all", "Fäll ut allt", "tree", show=False, display="+"),
    Key("collapse_all", "minus", "collapse_all", "Fäll ihop allt", "tree", show=False, display="-"),
    Key("period", "p", "choose_period", "Period", "drift", show=False),
    Key("months", "m", "months", "Månad för månad", "drift", show=False),
    Key("costs", "b", "costs", "Per kostnadsslag", "drift", show=False),
    Key("forecast.suggest", "f", "suggest_forecast", "Prognosförslag", "drift", show=False),
    Key(
        "forecast.accept_all",
        "F",
        "accept_all_forecasts",
        "Prognosförslag för alla",
        "drift",
        show=False,
    ),
    Key("forecast.done", "k", "toggle_forecast_done", "Prognos klar på/av", "drift", show=False),
    Key("comment.read", "v", "read_comment", "Läs hela kommentaren", "drift", show=False),
    Key("drift.sort", "s", "sort", "Sortera efter kolumnen", "drift", show=False),
    Key(
        "drift.next_deviation",
        "n",
        "next_deviation",
        "Nästa avvikelse över gränsen",
        "drift",
        show=False,
    ),
    # Översikt only.
    Key("geh", "g", "geh", "GEH-bedömning", "overview"),
    Key("overview.add", "a", "add", "Lägg till i nämnden", "overview", show=False),
    Key("narrative", "t", "copy_narrative", "Kopiera texten", "overview", show=False),
    # Kommunen only.
    Key("kommun.open", "enter", "open_namnd", "Öppna nämnden", "kommun", display="⏎"),
    # The Ändringslogg.
    Key("log.unit", "e", "toggle_unit", "Enhet på/av", "log"),
    Key("log.period", "p", "toggle_period", "Period på/av", "log"),
    Key("log.person", "v", "next_person", "Vem: nästa person", "log"),
    Key("log.more", "m", "more", "Visa fler", "log"),
    Key("log.undo", "u", "undo_selected", "Ångra vald ändring", "log"),
    Key("log.reload", "r", "reload", "Läs om", "log", show=False),
)

BY_ID: dict[str, Key] = {k.id: k for k in KEYS}


def bindings(*groups: str, without: tuple[str, ...] = ()) -> list[BindingType]:
    """The bindings of the named groups (less the ids in ``without``), for BINDINGS."""
    return [k.binding() for k in KEYS if k.group in groups and k.id not in without]


#: Groups of bindings that are active at the same time (a screen's groups, the log): one key
#: may not do two things within one of them.
TOGETHER: tuple[frozenset[str], ...] = (
    *dict.fromkeys(frozenset(s.groups) for s in SCREENS),
    frozenset({"log"}),
)
MODIFIERS = frozenset({"ctrl", "shift", "alt", "meta", "super", "hyper"})
KEY_NAMES = frozenset(k.value for k in Keys) | {"space", "tab", "enter", "escape", "backspace"}


def valid_key(key: str) -> bool:
    """Whether Textual can read a key: 'f2', 'ctrl+e', 'x', 'question_mark', 'enter,e'."""
    for part in key.split(","):
        *mods, last = part.strip().split("+")
        if not last or any(m not in MODIFIERS for m in mods):
            return False
        if len(last) == 1 and last.isprintable() and not last.isspace():
            continue
        if last in KEY_NAMES:
            continue
        try:
            name = REPLACED_KEYS.get(last, last)
            unicodedata.lookup(KEY_TO_UNICODE_NAME.get(name, name.replace("_", " ")).upper())
        except KeyError:
            return False
    return True


def _keys_of(key: str) -> set[str]:
    """The keys of a binding as Textual compares them ('?' and 'question_mark' are one)."""
    return {part.strip() for part in _normalize_key_list(key).split(",") if part.strip()}


def check_keymap(config: Config) -> None:
    """Refuse a [keys] table with an unknown id, an unreadable key or one key for two actions.

    Raises ConfigError naming config.toml and the line, so the app never starts with keys
    that silently do nothing (or the wrong thing).
    """
    keymap = config.keys
    if not keymap:
        return

    def fail(key_id: str, message: str) -> ConfigError:
        path = config.path
        line = _line_in(path, key_id) if path is not None else None
        where = f"{path}:{line}" if line else str(path or "config.toml")
        return ConfigError(f'{where}: keys."{key_id}": {message}')

    for key_id, key in keymap.items():
        if key_id not in BY_ID:
            raise fail(key_id, f"okänd åtgärd; finns: {', '.join(BY_ID)}")
        if not key.strip() or not valid_key(key):
            raise fail(key_id, f"»{key}« är ingen tangent Textual känner, t.ex. f2, ctrl+e, x")
    effective = {k.id: _keys_of(k.bound(keymap)) for k in KEYS}
    for together in TOGETHER:
        owner: dict[str, str] = {}
        for k in KEYS:
            if k.group not in together:
                continue
            for key in sorted(effective[k.id]):
                other = owner.setdefault(key, k.id)
                if other != k.id:
                    # Name the line the user wrote: the remapped one of the two.
                    culprit, rival = (k.id, other) if k.id in keymap else (other, k.id)
                    raise fail(culprit, f"»{key}« gör redan »{rival}«; välj en annan tangent")


def _line_in(path: Path, key_id: str) -> int | None:
    """The line of ``[keys]`` that sets ``key_id`` (read again: tomllib keeps no lines)."""
    from ksui.config import _line_of

    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    return _line_of(text, "keys", key_id)


GROUP_TITLES = {
    "app": "Överallt",
    "table": "I tabellerna",
    "drift": "Drift",
    "tree": "Drift, enhetsträdet",
    "overview": "Översikt",
    "kommun": "Kommunen",
    "log": "Ändringsloggen",
}


def pretty(key: str) -> str:
    """A key as a controller reads it: 'ctrl+z' → 'Ctrl+Z', 'question_mark' → '?'."""
    names = {
        "question_mark": "?",
        "slash": "/",
        "plus": "+",
        "minus": "-",
        "space": "Mellanslag",
        "enter": "Enter",
        "escape": "Esc",
    }
    parts = []
    for part in key.split(","):
        *mods, last = part.strip().split("+")
        shown = [m.capitalize() for m in mods]
        last = names.get(last, last.capitalize() if len(last) > 1 else last)
        shown.append(last.upper() if mods and len(last) == 1 else last)
        parts.append("+".join(shown))
    return " / ".join(parts)


def keymap_markdown() -> str:
    """The keymap as a Markdown table, for the README."""
    lines = ["| tangent | id | vad den gör |", "| --- | --- | --- |"]
    for group, title in GROUP_TITLES.items():
        lines.append(f"| **{title}** | | |")
        for k in KEYS:
            if k.group == group:
                lines.append(f"| `{pretty(k.key)}` | `{k.id}` | {k.description} |")
    return "\n".join(lines)
