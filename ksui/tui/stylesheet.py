"""Textual's stylesheet, parsed once per theme instead of once per screen, and once for all
starts.

Textual re-parses every CSS source from scratch whenever it refreshes the CSS, and it does
so each time a screen of ``MODES`` is first shown, even when nothing changed: at the start
that is a second full parse before the first frame, and because the refresh also empties
the cache of parsed sources, a third one as soon as a widget brings its own default CSS.
Here the parsed sources are kept for as long as the theme's variables stay the same (the
only input a parse has besides the source itself); a new theme still parses everything.

Between runs, the rules a source parses to are kept too (``ksui.codecache``), pickled, by
the source, where it was read from, its scope and the theme's variables, in a file named
by Textual's version: parsing the app's stylesheets took some 4 ms of each start's first
frame, unpickling them takes well under one. A source with errors is never kept (it is
parsed, and its errors shown, every time).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from typing import TYPE_CHECKING

import textual
from textual.css.stylesheet import Stylesheet

from ksui import codecache

if TYPE_CHECKING:
    from textual.css.model import RuleSet
    from textual.css.types import CSSLocation


def _textual_version() -> str | None:
    """Textual's installed version, from its dist-info folder's name (asking importlib's
    metadata costs more than the parse it would save); None when it cannot be told."""
    folder = os.path.dirname(os.path.dirname(textual.__file__))
    try:
        names = os.listdir(folder)
    except OSError:
        return None
    found = [n for n in names if n.startswith("textual-") and n.endswith(".dist-info")]
    return found[0].removeprefix("textual-").removesuffix(".dist-info") if len(found) == 1 else None


def _kept_rules() -> codecache.KeptFile | None:
    version = _textual_version()
    if version is None:
        return None
    tag = sys.implementation.cache_tag  # the file is marshalled: one per Python
    return codecache.kept(f"stylesheets-textual-{version}-{tag}.marshal")


_KEPT = _kept_rules()


class KeptStylesheet(Stylesheet):
    """A stylesheet whose parsed sources survive a refresh while the variables are the same,
    and a run while the variables and Textual are."""

    def _parse_rules(
        self,
        css: str,
        read_from: CSSLocation,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> list[RuleSet]:
        """The rules of one source: parsed this run already, kept from an earlier run, or
        parsed now (and kept when the source has no errors)."""
        key = (css, read_from, is_default_rules, tie_breaker, scope)
        parse = super()._parse_rules  # which answers from this run's parses first
        if _KEPT is None or self._parse_cache.get(key) is not None:
            return parse(css, read_from, is_default_rules, tie_breaker, scope)
        kept_key = (*key, tuple(sorted(self._variables.items())))
        raw = _KEPT.get(kept_key)
        if raw is not None:
            try:
                found = pickle.loads(raw)  # our own private file (see codecache)
            except Exception:  # damaged, or pickled by another Textual: parse it
                found = None
            if isinstance(found, list):
                self._parse_cache[key] = found
                return found
        rules = parse(css, read_from, is_default_rules, tie_breaker, scope)
        if not any(rule.errors for rule in rules):
            # A rule a later Textual could not pickle is parsed every time instead.
            with contextlib.suppress(Exception):
                _KEPT.put(kept_key, pickle.dumps(rules, protocol=pickle.HIGHEST_PROTOCOL))
        return rules

    def set_variables(self, variables: dict[str, str]) -> None:
        """New variables (a new theme) invalidate what was parsed; the same ones do not."""
        if variables != self._variables:
            super().set_variables(variables)

    def reparse(self) -> None:
        """Parse every source again, taking the ones already parsed with these variables from
        the cache (Textual's own ``reparse`` starts from an empty one)."""
        fresh = KeptStylesheet(variables=self._variables)  # parsing as this one does
        fresh._parse_cache = self._parse_cache  # valid: set_variables empties it on a change
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(
                css,
                read_from=read_from,
                is_default_css=is_defaults,
                tie_breaker=tie_breaker,
                scope=scope,
            )
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
