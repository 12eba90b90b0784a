# Benchmarks are run by hand (see README), never collected by pytest.
collect_ignore_glob = ["bench_*.py", "score_*.py"]
