"""Collection: the source registry, crawling (Scrapy), the WARC archive, reading pages
and the extract stage. Nothing here imports the replica (tests/replica)."""

__version__ = "0.1.0"
