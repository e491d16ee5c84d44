"""A page's element tree, whatever its nesting.

libxml2 stops parsing an HTML document at 256 levels of elements, or 2048 with ``huge_tree``
(which parsel sets), and drops everything after that point: a page that opens thousands of
``div``s before its article (a broken template, a hostile one) would lose its headline and body.
Such a page is parsed again with its runaway nesting flattened (``flattened``).
"""

from __future__ import annotations

import re
from collections import Counter, deque
from dataclasses import dataclass

from lxml import etree
from lxml.html import HTMLParser
from parsel import Selector

# Real themes, page builders included, nest well under 60 levels. A flattened page keeps its
# outer layout (OUTER_DEPTH levels) and nests no deeper than MAX_DEPTH.
OUTER_DEPTH = 20
MAX_DEPTH = 200
# Tag names, filled rather than one a line.
# fmt: off
VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
})
# Elements that a sibling of the same name closes ('<p>a<p>b', '<li>a<li>b').
CLOSED_BY_SIBLING = frozenset({"p", "li", "dt", "dd", "option", "tr", "td", "th"})
# fmt: on
# A tag never spans a '<', so that a quote left open costs no rescan of the rest of the page.
_ATTRIBUTES = r"""(?:"[^"<]*"|'[^'<]*'|[^'"<>])*"""
# Comments and raw-text elements are one token each: the tags inside them are text.
TOKEN = re.compile(
    rf"<!--.*?(?:-->|$)"
    rf"|<(?P<raw>script|style|title|textarea)\b{_ATTRIBUTES}>.*?(?:</(?P=raw)\s*>|$)"
    rf"|<(?P<end>/)?(?P<name>[a-zA-Z][\w:-]*){_ATTRIBUTES}>",
    re.IGNORECASE | re.DOTALL,
)


def page_selector(html: str) -> Selector:
    """The page as parsel reads HTML; parsed again flattened when libxml2 gave up on its
    depth, so the article after runaway nesting is read, never dropped."""
    root, complete = _parse(html)
    if not complete:
        root, _ = _parse(flattened(html))
    return Selector(root=root, type="html")


def _parse(html: str) -> tuple[etree._Element, bool]:
    """The tree as parsel builds it, and whether libxml2 read the whole page."""
    parser = HTMLParser(recover=True, encoding="utf-8", huge_tree=True)
    body = html.strip().replace("\x00", "").encode("utf-8") or b"<html/>"
    root = etree.fromstring(body, parser=parser)
    if root is None:  # nothing but a comment or a doctype
        root = etree.fromstring(b"<html/>", parser=parser)
    return root, not any("Excessive depth" in error.message for error in parser.error_log)


@dataclass(slots=True)
class _Open:
    """An element open at a point of the page, with its start tag's span."""

    name: str
    start: tuple[int, int]
    kept: bool = True  # whether it keeps its tags
    closed: bool = False


def flattened(html: str) -> str:
    """``html`` nested no deeper than MAX_DEPTH: an element that would go deeper takes the
    place of the outermost element past OUTER_DEPTH, which loses its tags (its text and
    children stay). The innermost levels, the article's, keep their structure."""
    stack: list[_Open] = []
    deep: deque[_Open] = deque()  # kept elements opened past OUTER_DEPTH, outermost first
    opened: Counter[str] = Counter()
    depth = 0  # kept elements open
    cuts: list[tuple[int, int]] = []

    def close(name: str) -> _Open:
        nonlocal depth
        element = stack.pop()
        while element.name != name:  # closed by its parent's end tag
            element.closed = True
            opened[element.name] -= 1
            depth -= element.kept
            element = stack.pop()
        element.closed = True
        opened[name] -= 1
        depth -= element.kept
        return element

    for token in TOKEN.finditer(html):
        name = (token["name"] or "").lower()
        if not name or name in VOID or token.group().endswith("/>"):
            continue
        if token["end"]:
            # A stray end tag is left to the parser.
            if opened[name] and not close(name).kept:
                cuts.append(token.span())
            continue
        if name in CLOSED_BY_SIBLING and stack and stack[-1].name == name:
            close(name)
        if depth == MAX_DEPTH:
            outermost = deep.popleft()
            while outermost.closed:
                outermost = deep.popleft()
            outermost.kept = False
            cuts.append(outermost.start)
            depth -= 1
        element = _Open(name, token.span())
        stack.append(element)
        opened[name] += 1
        depth += 1
        if depth > OUTER_DEPTH:
            deep.append(element)
    return _without(html, sorted(cuts))


def _without(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of the ordered ``spans`` replaced by a space."""
    starts = [0, *(end for _, end in spans)]
    ends = [*(start for start, _ in spans), len(text)]
    return " ".join(text[start:end] for start, end in zip(starts, ends, strict=True))
