"""Quotes: the stage is ``build.extract_quotes``; ``rules`` gives the overview of every rule and the module that holds it."""
