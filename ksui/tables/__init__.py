"""One specification per report table, which every renderer and writer iterates.

``spec`` holds the types (``Table``, ``Column``, ``Row``) and the Swedish formatting of a
cell; each other module builds one report table from the domain. Imports only
``ksui.core``: the CLI's startup path and the exporters can use it without Rich.
"""
