"""Textual's stylesheet, parsed once per theme instead of once per screen.

Textual re-parses every CSS source from scratch whenever it refreshes the CSS, and it does
so each time a screen of ``MODES`` is first shown, even when nothing changed: at the start
that is a second full parse before the first frame, and because the refresh also empties
the cache of parsed sources, a third one as soon as a widget brings its own default CSS.
Here the parsed sources are kept for as long as the theme's variables stay the same (the
only input a parse has besides the source itself); a new theme still parses everything.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class KeptStylesheet(Stylesheet):
    """A stylesheet whose parsed sources survive a refresh while the variables are the same."""

    def set_variables(self, variables: dict[str, str]) -> None:
        """New variables (a new theme) invalidate what was parsed; the same ones do not."""
        if variables != self._variables:
            super().set_variables(variables)

    def reparse(self) -> None:
        """Parse every source again, taking the ones already parsed with these variables from
        the cache (Textual's own ``reparse`` starts from an empty one)."""
        fresh = Stylesheet(variables=self._variables)
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
