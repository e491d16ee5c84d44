"""Analysis: the shared corpus and the coverage statistics."""
