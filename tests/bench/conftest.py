"""Benchmarks are run by hand (``python tests/bench/bench_quotes.py``), never collected by pytest."""

collect_ignore_glob = ["*.py"]
