"""Rich renderables shared by the CLI and the TUI, so a figure looks the same everywhere."""
