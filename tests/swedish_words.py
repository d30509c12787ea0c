"""Finding English a user would meet in ksui's help and screens.

There is no Swedish dictionary to check every word against, so the test looks for the
English that typer, click and Textual write (and common English words around it) and
allows only a short list of names that are the same in both languages or are typed as
they are (file formats, format codes, command names).
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: English a user must not meet: click's and typer's chrome, Textual's built-in texts, and
#: the common words around them.
ENGLISH = _words(
    """
    usage options option commands command arguments show this message exit
    error errors no such missing try help default required invalid value values valid
    possible did you mean got unexpected requires take takes does not
    range int str float boolean path file files directory env aborted abort
    search searching matches found select selected dismiss menu quit copy paste
    palette next previous page bottom top go cancel save close open yes the and or of
    to with for from is are be was were been will would should can cannot could must
    this that these those it its an on at as if then else when where which who what
    any some none only also more less most least than other another each every
    new old add remove rename delete edit update set get list lists show shows showing
    view table tables column columns row rows cell cells totals sum
    forecast actual deviation
    unit units committee goal goals area areas project projects indicator
    comment comments assessment report year years periods month months
    lock locked unlock undo redo log history change changes changed
    parent kind code name names title content field fields target measure
    loading please wait done ready press key keys enter escape back
    theme themes light dark toggle screenshot maximize minimize
    """
)

#: The same in Swedish, or typed as it is: formats, codes, names of things and commands.
ALLOWED = _words(
    """
    ksui sie csv xlsx json markdown ok docx pdf word excel kolada ssh tkr mkr kr
    geh kf ks id enter esc ctrl shift tab
    """
)

_WORD = re.compile(r"[A-Za-zÅÄÖåäöÉé]+")


def english_words(text: str, allowed: frozenset[str] = frozenset()) -> list[str]:
    """The English words a reader meets in ``text``.

    Options (``--year``), placeholders' choice lists (``<table|json>``), config keys
    (``defaults.year``) and environment variables (``KSUI_DB``) are what the user types,
    not prose, and are skipped.
    """
    prose = re.sub(r"-\n\s*", "-", text)  # an option wrapped at its hyphen
    prose = re.sub(r"(?<![\w])-{1,2}[\w-]+", " ", prose)  # --year, -y
    prose = re.sub(r"<[^<>]*\|[^<>]*>", " ", prose)  # <table|json|csv>
    prose = re.sub(r"\[[\w.]+\] \w+", " ", prose)  # a config key: [organisation] name
    prose = re.sub(r"\b[\w-]+\.[\w.-]+\b", " ", prose)  # config.toml, defaults.year
    prose = re.sub(r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b", " ", prose)  # KSUI_DB
    found = []
    for word in _WORD.findall(prose):
        lower = word.lower()
        if word.isupper() and len(word) > 1:  # an acronym: IT, KF, SIE
            continue
        if lower in ENGLISH and lower not in ALLOWED and lower not in allowed:
            found.append(word)
    return found


def svg_text(svg: str) -> str:
    """The text of a Textual screenshot (an SVG), line by line, as a reader sees it."""
    from html import unescape

    rows: dict[float, list[tuple[float, str]]] = {}
    pattern = r'<text class="[^"]*" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>'
    for found in re.finditer(pattern, svg):
        text = unescape(found.group(3)).replace("\xa0", " ")
        rows.setdefault(float(found.group(2)), []).append((float(found.group(1)), text))
    return "\n".join("".join(t for _, t in sorted(row)) for _, row in sorted(rows.items()))
