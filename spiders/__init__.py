"""Collection side of siaran: source registry, spiders, page objects, WARC writing."""

__version__ = "0.1.0"
