"""Where an article's parts are on a page whatever its theme: the paragraphs of its body, the
headline, and the short lines around them that carry the date, the byline and the category.

The generic chain reads pages through this when a site's selectors find nothing (a theme
update renames every class), so none of it relies on class names.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from lxml.html import HtmlElement

from siaran.spiders.release import normalise_text

# Tag names, filled rather than one a line.
# fmt: off
# Elements whose text is never the article's: scripts, navigation, forms, asides, figures.
SKIPPED = frozenset({
    "script", "style", "noscript", "template", "nav", "aside", "footer", "form", "button",
    "select", "iframe", "svg", "figure", "figcaption", "blockquote",
})
BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "header", "ul", "ol", "li", "table", "figure",
    "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "form", "nav", "aside", "footer", "pre",
})
# fmt: on
# Text no reader sees: code, styles, fallbacks for browsers without scripts, unused templates.
HIDDEN = ("script", "style", "noscript", "template")
VISIBLE = "not({})".format(" or ".join(f"ancestor::{name}" for name in HIDDEN))
VISIBLE_TEXT = f".//text()[{VISIBLE}]"
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# A body needs this much text in its paragraphs to be taken for one.
MIN_BODY_CHARS = 150
# A line around the headline longer than this is prose, not a date or byline line.
MAX_LINE_CHARS = 200
LINES_AFTER_HEADLINE = 40
SENTENCE_END = (".", "!", "?", "”", '"', "’", ")")


@dataclass
class Layout:
    """What the generic chain reads: the body's paragraphs, the lines of the article's header
    (between the headline and the body, and the body's own leading lines such as a date and
    author line), and those of its footer (boxes inside the body, lines after it)."""

    paragraphs: list[str]
    header: list[str]
    footer: list[str]


def tag(element: HtmlElement) -> str:
    return element.tag.lower() if isinstance(element.tag, str) else ""


def visible_text(element: HtmlElement) -> str:
    """The element's text without the text no reader sees (scripts, styles, templates)."""
    return normalise_text(" ".join(element.xpath(VISIBLE_TEXT)))


def _skipped(element: HtmlElement) -> bool:
    return any(tag(node) in SKIPPED for node in (element, *element.iterancestors()))


def _is_block_free(element: HtmlElement) -> bool:
    return not any(tag(node) in BLOCKS for node in element.iterdescendants())


def _is_paragraph(element: HtmlElement) -> bool:
    """A ``<p>``, or an element with no block inside (a theme writing paragraphs as divs)."""
    name = tag(element)
    if not name or name in SKIPPED:
        return False
    return name == "p" or (name not in BLOCKS - {"div", "section"} and _is_block_free(element))


def _br_lines(element: HtmlElement) -> list[str]:
    """Text of an element split where it has line breaks (bodies written as one block)."""
    lines, current = [], []
    for node in element.xpath("./node()"):
        if isinstance(node, str):
            current.append(node)
        elif tag(node) == "br":
            lines.append(" ".join(current))
            current = []
        elif tag(node) not in SKIPPED:
            current.append(visible_text(node))
    lines.append(" ".join(current))
    return [text for text in map(normalise_text, lines) if text]


def paragraph_texts(container: HtmlElement) -> list[str]:
    """A container's paragraphs, split at line breaks."""
    found = []
    for child in container.iterchildren():
        if _is_paragraph(child):
            found += _br_lines(child) if child.find(".//br") is not None else [visible_text(child)]
    return [text for text in found if text]


def _score(texts: list[str]) -> int:
    # Sentences count, one-word labels and links hardly do.
    return sum(len(text) for text in texts if len(text.split()) >= 6)


def _is_prose(texts: list[str]) -> bool:
    return any(len(text.split()) >= 12 and text.endswith(SENTENCE_END) for text in texts)


def body_container(root: HtmlElement) -> HtmlElement | None:
    """The element whose own paragraphs hold the most prose, outside navigation and asides."""
    best, best_score = None, MIN_BODY_CHARS - 1
    for element in root.iter():
        if tag(element) in ("", *SKIPPED):
            continue
        score = _score(paragraph_texts(element))
        if score > best_score and not _skipped(element):
            best, best_score = element, score
    return best


def _kind(element: HtmlElement) -> tuple:
    """Tag and class of an element, and its parent's tag: what one theme's widgets share
    (their own classes differ by widget id)."""
    return tag(element), element.get("class"), tag(element.getparent())


def body_blocks(root: HtmlElement) -> list[HtmlElement]:
    """The body container, with the containers of the same kind beside it that hold prose:
    page builders (Elementor) cut one post into text widgets around its images. A heading
    between two of them means another section (related news), which ends the body."""
    best = body_container(root)
    parent = best.getparent() if best is not None else None
    grand = parent.getparent() if parent is not None else None
    if grand is None:
        return [best] if best is not None else []
    kind = _kind(best)
    order = list(grand.iter())
    at = {id(element): number for number, element in enumerate(order)}
    headings = [at[id(h)] for h in order if tag(h) in HEADINGS]
    blocks = [
        element
        for element in order
        if element is best
        or (
            element.getparent() is not None
            and element.getparent().getparent() is grand
            and _kind(element) == kind
            and _is_prose(paragraph_texts(element))
        )
    ]
    start = at[id(best)]
    run = [best]
    for block in reversed([b for b in blocks if at[id(b)] < start]):
        if any(at[id(block)] < h < at[id(run[0])] for h in headings):
            break
        run.insert(0, block)
    for block in [b for b in blocks if at[id(b)] > start]:
        if any(at[id(run[-1])] < h < at[id(block)] for h in headings):
            break
        run.append(block)
    return run


def headline_element(root: HtmlElement, title: str | None) -> HtmlElement | None:
    """The heading that shows the title (any level), else the first ``<h1>``."""
    headings = root.xpath("//h1 | //h2 | //h3")
    if title:
        folded = title.casefold()
        for heading in headings:
            if visible_text(heading).casefold() == folded and not _skipped(heading):
                return heading
    ones = [h for h in headings if tag(h) == "h1" and not _skipped(h)]
    return ones[0] if ones else None


def _lines(elements: Iterable[HtmlElement]) -> Iterator[str]:
    for element in elements:
        if tag(element) and not _skipped(element):
            text = visible_text(element)
            if text and len(text) <= MAX_LINE_CHARS:
                yield text


def _is_meta(text: str) -> bool:
    """A short line that is no sentence: a date, an author, a category above the text
    ('Rahmi Yeni (Diskominfotik Sumbar)')."""
    return len(text.split()) < 15 and not text.endswith(SENTENCE_END[:-1])


def read_layout(root: HtmlElement, title: str | None) -> Layout:
    blocks = body_blocks(root)
    headline = headline_element(root, title)
    paragraphs = [text for block in blocks for text in paragraph_texts(block)]
    lead = next((n for n, text in enumerate(paragraphs) if not _is_meta(text)), len(paragraphs))
    # The leading lines' own parts too: 'Kesehatan', 'Name (Office)', '02 Juni 2024 ...'.
    leading = [c for c in blocks[0].iterchildren() if _is_paragraph(c)][:lead] if blocks else []
    header, footer = [], []
    region = _article_region(headline, blocks[0] if blocks else None)
    if region is not None:
        elements = list(region.iter())
        start = elements.index(headline) + 1 if headline in elements else 0
        end = elements.index(blocks[0]) if blocks and blocks[0] in elements else len(elements)
        header = list(_lines(elements[start:end]))[:LINES_AFTER_HEADLINE]
        before = list(_lines(reversed(elements[:start])))[: LINES_AFTER_HEADLINE // 4]
        header += paragraphs[:lead] + list(_lines(n for c in leading for n in c.iter())) + before
    for block in blocks:
        boxes = [child for child in block.iterchildren() if tag(child) and not _is_paragraph(child)]
        footer += _lines(node for box in boxes for node in box.iter())
    if blocks:
        footer += list(_lines(blocks[-1].xpath("following::*[position() <= 60]")))[:10]
    headline_text = visible_text(headline) if headline is not None else None
    return Layout(
        paragraphs[lead:],
        [line for line in header if line != headline_text],
        footer,
    )


def _article_region(headline: HtmlElement | None, body: HtmlElement | None) -> HtmlElement | None:
    """The smallest element holding both the headline and the body."""
    if headline is None:
        return body.getparent() if body is not None else None
    if body is None:
        parent = headline.getparent()
        grand = parent.getparent() if parent is not None else None
        return grand if grand is not None else parent
    # Kept in a list: lxml makes one proxy per node only while it is referenced.
    body_ancestors = [body, *body.iterancestors()]
    for node in (headline, *headline.iterancestors()):
        if node in body_ancestors:
            return node
    return None
