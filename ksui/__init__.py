"""ksui: budget follow-up for Swedish municipal controllers, in the terminal."""

__version__ = "0.1.0"
