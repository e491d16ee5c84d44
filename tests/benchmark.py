"""Benchmark (``make bench``): extraction throughput of the page-object path against
``trafilatura.bare_extraction`` on the same replica pages, and memory over page counts.

Not a test: it measures this machine. Pages are processed one at a time, as the extract
stage does, so peak memory should not grow with the number of pages.
"""

from __future__ import annotations

import argparse
import json
import time
import tracemalloc
from collections.abc import Callable

import trafilatura
from w3lib.encoding import html_to_unicode

from siaran.spiders.pages import page_class
from siaran.spiders.registry.source import Source, get_source
from tests.replica.build import all_sites

Page = tuple[Source, str, str]  # (source, url, html)


def replica_pages() -> list[Page]:
    """Every HTML release page of every replica site (list APIs are not HTML pages)."""
    pages = []
    for key, site in all_sites().items():
        source = get_source(key)
        for url, _ in site.releases:
            page = site.pages.get(url)
            if page is not None and page.content_type.startswith("text/html"):
                pages.append((source, url, html_to_unicode(page.content_type, page.body)[1]))
    return pages


def page_object(source: Source, url: str, html: str) -> object:
    return page_class(source)(url, html, source).fields()


def bare_trafilatura(source: Source, url: str, html: str) -> object:
    return trafilatura.bare_extraction(html, url=url, with_metadata=True, deduplicate=False)


def throughput(extract: Callable[[Source, str, str], object], pages: list[Page]) -> float:
    started = time.perf_counter()
    for page in pages:
        extract(*page)
    return len(pages) / (time.perf_counter() - started)


def peak_memory(extract: Callable[[Source, str, str], object], pages: list[Page]) -> int:
    """Peak traced memory over ``pages``, after a first pass has filled the libraries' caches
    (htmldate and trafilatura keep bounded LRU caches)."""
    for page in pages[:200]:
        extract(*page)
    tracemalloc.start()
    for page in pages:
        extract(*page)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", help="also write the figures to this JSON file")
    args = parser.parse_args()
    pages = replica_pages()
    site_specific = [p for p in pages if p[0].page != "generic"]
    figures: dict = {"pages": len(pages), "site_specific_pages": len(site_specific)}
    for name, sample in (("all", pages), ("site_specific", site_specific)):
        objects = throughput(page_object, sample)
        bare = throughput(bare_trafilatura, sample)
        figures[name] = {
            "page_object_pages_per_s": round(objects, 1),
            "trafilatura_pages_per_s": round(bare, 1),
            "ratio": round(objects / bare, 2),
        }
    figures["peak_memory_bytes"] = {
        f"{n}_pages": peak_memory(page_object, pages[:n])
        for n in (len(pages) // 4, len(pages) // 2, len(pages))
    }
    print(json.dumps(figures, indent=2))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as out:
            json.dump(figures, out, indent=2)
    return figures


if __name__ == "__main__":
    main()
