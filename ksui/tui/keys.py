"""Every key binding of the app as data: id, default key, action and its Swedish description.

Bindings are data so that config.toml's ``[keys]`` can remap any of them by id (through
``App.set_keymap``), the help screen and the README list the same keys, and a screen only
says which groups of keys it offers.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType


@dataclass(frozen=True)
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
    # Everywhere.
    Key("screen.oversikt", "1", "show_screen('oversikt')", "Översikt", "app", show=False),
    Key("screen.drift", "2", "show_screen('drift')", "Drift", "app", show=False),
    Key(
        "screen.investeringar",
        "3",
        "show_screen('investeringar')",
        "Investeringar",
        "app",
        show=False,
    ),
    Key("screen.mal", "4", "show_screen('mal')", "KF-mål", "app", show=False),
    Key("screen.personal", "5", "show_screen('personal')", "Personal", "app", show=False),
    Key("undo", "ctrl+z", "undo", "Ångra", "app", display="^z"),
    Key("redo", "ctrl+y", "redo", "Gör om", "app", show=False, display="^y"),
    Key("help", "question_mark", "help", "Tangenter", "app", display="?"),
    Key("palette", "ctrl+p", "command_palette", "Kommandon", "app", show=False, display="^p"),
    Key("quit", "q", "quit", "Avsluta", "app"),
    Key("log", "l", "show_log", "Ändringslogg", "app", show=False),
    Key("import", "i", "show_import", "Importera", "app", show=False),
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
    # Översikt only.
    Key("geh", "g", "geh", "GEH-bedömning", "oversikt"),
    Key("narrative", "t", "copy_narrative", "Kopiera texten", "oversikt", show=False),
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


def key_for(binding_id: str, keymap: dict[str, str] | None = None) -> str:
    """The key a binding answers to, after the user's remapping."""
    if keymap and binding_id in keymap:
        return keymap[binding_id]
    return BY_ID[binding_id].key


def unknown_ids(keymap: dict[str, str]) -> list[str]:
    """Ids in config.toml's [keys] that name no binding (likely typos)."""
    return sorted(k for k in keymap if k not in BY_ID)


GROUP_TITLES = {
    "app": "Överallt",
    "table": "I tabellerna",
    "drift": "Drift",
    "tree": "Drift, enhetsträdet",
    "oversikt": "Översikt",
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
