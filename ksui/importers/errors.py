"""The error every importer raises: it names the file, the line and the offending text."""

from __future__ import annotations

from typing import Any

from ksui.core.text import one_line


class ImportFileError(Exception):
    """Bad input in an import file; nothing has been written when this is raised."""

    def __init__(self, source: str, line: int | None, text: str, message: str) -> None:
        self.source = source
        self.line = line
        self.text = text
        self.message = message
        super().__init__(str(self))

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle by the four fields, so the error survives a worker process or a thread pool."""
        return (type(self), (self.source, self.line, self.text, self.message))

    def __str__(self) -> str:
        # A file's text may carry escape codes; one_line makes them visible symbols.
        where = one_line(f"{self.source}:{self.line}" if self.line else self.source, None)
        shown = one_line(self.text, 120)
        return f"{where}: {one_line(self.message, None)}" + (f": {shown}" if shown else "")
