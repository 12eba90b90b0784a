"""newsreader: a terminal reader for news articles.

Layers:
  tui.model     the JSON contract (dataclasses with to/from JSON)
  tui.config    the YAML settings (pydantic), lexicons and resource paths
  tui.articles  loading .txt/.md/.html articles
  tui.analysis.pipeline       the spaCy pipeline (loaded once, lazily)
  tui.analysis  analyze(article, settings) -> Analysis (no Textual import)
  tui.app       the Textual reader (screens, widgets, one .tcss)
  tui.cli       the `newsreader` command
"""

__version__ = "0.1.0"
