"""Entities: spaCy mentions clustered into one entry per real-world entity, with titles and roles."""
