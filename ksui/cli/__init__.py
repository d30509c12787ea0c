"""Batch commands (typer): parse arguments, call down into the store and the core, print."""
