"""Corpus and statistics side of siaran."""
