"""Quotes: quotation marks, reported clauses, frames, the learned pass and speakers."""
