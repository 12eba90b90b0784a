"""The corpus index: every analysed article of the folders a user reads, in one SQLite file.

``store`` holds the schema and the writes (a transaction per article), ``build`` keeps it up to
date with the files (only new or changed files are analysed), ``people`` merges one person's
names across articles and guesses gender from what the articles say, ``query`` answers the
``sources`` and ``search`` commands and the reader's Sources screen, and ``render`` prints them.
No spaCy and no Textual import at module level here: the analysis is called through
``build.default_analyze_batch`` only for files not in the analysis cache.
"""
