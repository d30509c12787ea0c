"""The domain core: models, calculations, validation and narrative.

It imports neither Textual, Rich nor SQL, so every figure can be tested with plain pytest
and shared by the CLI and the TUI.
"""
