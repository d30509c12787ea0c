"""The five screens, one module each; the app imports a screen's module when it is first shown."""
