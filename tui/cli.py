"""The ``newsreader`` command.

  newsreader [--config FILE] [PATH]                 the reader (file, folder or the bundled sample)
  newsreader [--config FILE] extract PATH... [--format json|jsonl]
  newsreader [--config FILE] eval GOLD_DIR          score quotes against brat-standoff gold
  newsreader [--config FILE] sources PATH... [--format table|json|csv|markdown] [--since D] [--until D]
                                   [--speaker NAME | --quotes NAME]
  newsreader [--config FILE] search TEXT PATH...     quotes whose content matches TEXT

Exit status: 0 when all went well, 2 for usage, config and input errors (one line on stderr each).
"""

from __future__ import annotations

import argparse
import stat
import sys
import warnings
from pathlib import Path
from typing import Sequence

from . import __version__
from .textsafe import one_line

COMMANDS = ("read", "extract", "eval", "sources", "search")
EXIT_OK, EXIT_ERROR = 0, 2


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_ERROR, f"{self.prog}: error: {one_line(message)} (see --help)\n")


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected 1 or more, got {n}")
    return n


def _iso_date(value: str) -> str:
    from datetime import date

    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a date like 2016-09-30, got {value!r}") from None


def _err(msg: str) -> None:
    print(f"newsreader: {one_line(msg)}", file=sys.stderr, flush=True)


def build_parser() -> argparse.ArgumentParser:
    from .config import ENV_VAR, user_config_file

    def _common(default):
        c = argparse.ArgumentParser(add_help=False)
        c.add_argument("--config", metavar="FILE", default=default, help="a YAML file that overrides the settings")
        c.add_argument("--no-cache", action="store_true", default=default or False,
                       help="neither read nor write the analysis cache")
        return c

    # Sub-commands take the global options too; SUPPRESS keeps a value given before the command.
    common, sub_common = _common(None), _common(argparse.SUPPRESS)

    p = _Parser(
        prog="newsreader",
        usage="newsreader [--config FILE] [--no-cache] [FILE | FOLDER]\n"
              "       newsreader [--config FILE] [--no-cache] {read,extract,eval,sources,search} ...",
        description="A terminal reader for news articles: entities, quotes with their speakers, relations. "
                    "Without a command it opens the reader on FILE, on FOLDER's first article, or on the "
                    "bundled sample.",
        epilog=f"Settings: packaged defaults < {user_config_file()} < ${ENV_VAR} < --config FILE.",
        parents=[common],
    )
    p.add_argument("--version", action="version", version=f"newsreader {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser, prog="newsreader")

    r = sub.add_parser("read", parents=[sub_common], help="open the reader (the default command)")
    r.add_argument("path", nargs="?", help="an article or a folder of articles (default: the bundled sample, or the last article read when reader.open_last is true)")

    e = sub.add_parser("extract", parents=[sub_common], help="print the analysis of articles as JSON")
    e.add_argument("paths", nargs="+", metavar="PATH", help="articles or folders of articles")
    e.add_argument("--format", choices=("json", "jsonl"), default="json",
                   help="json: one pretty JSON document (a list when there are several articles); "
                             "jsonl: one line per article")
    e.add_argument("--jobs", type=_positive_int, default=1, metavar="N",
                   help="worker processes for big batches (default 1; with --scheduler local, Dask workers)")
    e.add_argument("--out", metavar="DIR",
                   help="write one analysis file per article under DIR (mirroring the input) with a manifest; "
                        "a rerun skips what is done")
    e.add_argument("--scheduler", metavar="ADDRESS",
                   help="with --out: run on a Dask cluster (tcp://host:8786) or 'local' (a LocalCluster of --jobs "
                        "workers); needs newsreader[dask]")

    def _corpus_options(c: argparse.ArgumentParser) -> None:
        c.add_argument("--format", choices=("table", "json", "csv", "markdown"), default="table",
                       help="table (default), json, csv or markdown")
        c.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD", help="only articles dated on or after")
        c.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD", help="only articles dated on or before")
        c.add_argument("--jobs", type=_positive_int, default=1, metavar="N",
                       help="worker processes when many articles need analysing (default 1)")

    s = sub.add_parser("sources", parents=[sub_common],
                       help="who is quoted across articles: one row per source (the index is updated first)")
    s.add_argument("paths", nargs="+", metavar="PATH", help="articles or folders of articles")
    who = s.add_mutually_exclusive_group()
    who.add_argument("--speaker", metavar="NAME", help="only the sources NAME names (a name, alias or surname)")
    who.add_argument("--quotes", metavar="NAME", help="list the quotes of the source NAME names")
    _corpus_options(s)

    f = sub.add_parser("search", parents=[sub_common], help="quotes whose content matches TEXT (full-text)")
    f.add_argument("text", metavar="TEXT", help='words that must all occur; "a phrase" in double quotes')
    f.add_argument("paths", nargs="+", metavar="PATH", help="articles or folders of articles")
    _corpus_options(f)

    v = sub.add_parser("eval", parents=[sub_common], help="score quote extraction against brat-standoff gold")
    v.add_argument("gold", metavar="GOLD_DIR", help="a folder with text/*.txt and attributions/*.ann")
    v.add_argument("--json", action="store_true", help="print the scores as one JSON object")
    return p


def _normalise_argv(argv: list[str]) -> list[str]:
    """Insert the default ``read`` command when the first positional is not a command."""
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--":  # what follows is a path, even one that starts with "-"
            break
        if a == "--config":
            i += 2
            continue
        if a.startswith("-"):
            if a in ("-h", "--help", "--version"):
                return argv
            i += 1
            continue
        if a in COMMANDS:
            return argv
        break
    return argv[:i] + ["read"] + argv[i:]


def _one_line_warning(message, category, filename, lineno, line=None) -> str:
    """Warnings (the cache disabled, ...) as one ``newsreader: warning:`` line, without the
    source file and line Python adds by default."""
    return f"newsreader: warning: {one_line(message)}\n"


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    warnings.formatwarning = _one_line_warning
    parser = build_parser()
    args = parser.parse_args(_normalise_argv(argv))
    try:
        code = _dispatch(args)
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        code = EXIT_OK
    return code


def _dispatch(args: argparse.Namespace) -> int:
    from .articles import ArticleError
    from .config import ConfigError, load_settings
    from .analysis.pipeline import PipelineError

    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        _err(str(exc))
        return EXIT_ERROR
    try:
        if args.command == "extract":
            return cmd_extract(args, settings)
        if args.command == "eval":
            return cmd_eval(args, settings)
        if args.command in ("sources", "search"):
            return cmd_corpus(args, settings)
        return cmd_read(args, settings)
    except (ConfigError, PipelineError, ArticleError) as exc:
        _err(str(exc))
        return EXIT_ERROR


def cmd_read(args: argparse.Namespace, settings) -> int:
    from .articles import ArticleError, list_articles, probe
    from .resume import start_article

    path = Path(args.path) if args.path else start_article(settings)
    if stat.S_ISDIR(probe(path).st_mode):  # probe: one line for a missing path, a name too long …
        files = list_articles(path)
        if not files:
            raise ArticleError(f"{path}: no articles here (.txt, .md, .html)")
    # Before Textual is imported: read the first article and its cache entry (so a cached
    # article paints text and panels in its first frames), and on a miss start the analysis
    # worker now, so spaCy loads while the reader's own imports run.
    from .app.service import AnalysisService, start_path

    service = AnalysisService(settings, use_cache=not args.no_cache)
    first, _ = start_path(path)
    preloaded = service.preload_in_background(first) if first.is_file() else None
    from .app import NewsReaderApp

    app = NewsReaderApp(settings, path, service=service, preloaded=preloaded)
    return app.run_reader() or EXIT_OK


def cmd_extract(args: argparse.Namespace, settings) -> int:
    if args.scheduler and not args.out:
        _err("--scheduler needs --out DIR (the analyses are written there, one file per article)")
        return EXIT_ERROR
    if args.out:
        from .archive import run_archive

        return run_archive(args.paths, settings, args.out, jobs=args.jobs, scheduler=args.scheduler,
                           use_cache=not args.no_cache)
    from .extract import run_extract

    return run_extract(args.paths, settings, fmt=args.format, jobs=args.jobs, use_cache=not args.no_cache)


def cmd_corpus(args: argparse.Namespace, settings) -> int:
    import sqlite3

    from .corpus.commands import run_search, run_sources
    from .corpus.store import CorpusError

    opts = dict(fmt=args.format, since=args.since, until=args.until, use_cache=not args.no_cache, jobs=args.jobs)
    try:
        if args.command == "search":
            return run_search(args.text, args.paths, settings, **opts)
        return run_sources(args.paths, settings, speaker=args.speaker, quotes=args.quotes, **opts)
    except CorpusError as exc:
        _err(str(exc))
        return EXIT_ERROR
    except sqlite3.Error as exc:  # a read-only or vanished index file, a full disk …
        _err(f"corpus index: {str(exc).splitlines()[0] if str(exc) else exc.__class__.__name__}")
        return EXIT_ERROR


def cmd_eval(args: argparse.Namespace, settings) -> int:
    from .evaluate import run_eval

    return run_eval(args.gold, settings, as_json=args.json)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
