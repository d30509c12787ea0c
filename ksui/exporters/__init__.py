"""Exporters: the report as data (JSON, CSV) and as documents (Markdown); no Rich here."""
