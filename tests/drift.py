"""Markup drift: the replica's article pages after the changes real redesigns make, extracted
with production code and scored against the ground truth, field by field.

Government sites change themes without notice. Each mutation below is one such change; it
parses a page, changes it and serialises it back, and a page it cannot apply to comes back
unchanged (the figures say how many pages each mutation changed). ``combined`` applies them
all in turn. The mutations find what they change from the ground truth, not from a site's
classes: the headline is the heading showing the title, the body container the element with
the most direct paragraphs carrying the release's text, the date line the innermost element
showing the publication day.

acehprov and kalbarprov are left out: they are JSON APIs, with no HTML article page to
redesign. jabarprov's releases are HTML pages (discovered through an API) and are in.

``python -m tests.drift [--per-source N] [--sources KEY ...] [--json PATH]`` prints the share
of pages per field and mutation averaged over sources, and the (source, mutation) cells under
the target.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from functools import wraps
from html import escape
from pathlib import Path
from random import Random

import lxml.html
import polars as pl
from lxml import etree
from rich import markup
from rich.console import Console
from rich.table import Table

from siaran.spiders.extract import saved_page_rows
from siaran.spiders.parse.charset import decode_html
from siaran.spiders.registry.gazetteer import provinces
from siaran.spiders.release import slugify
from tests.replica.build import all_sites
from tests.replica.synthetic import MONTHS, SyntheticRelease

API_SOURCES = ("acehprov", "kalbarprov")  # JSON APIs: no HTML article page
FIELDS = ("title", "published_at", "body_start", "byline_unit", "writers")
TARGET = 0.95
BODY_START = 200  # characters of the body compared
OPENING = 40  # characters of a ground-truth paragraph that mark it in the page
# Spellings of months older CMSs still print ('Nopember').
OLD_MONTHS = {"Februari": "Pebruari", "November": "Nopember"}
HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
BLOCKS = ("p", "div", "blockquote", "ul", "ol", "table", "figure", "section", "article", "aside")
# Tags that make an element a section of the page rather than a paragraph.
SECTION_TAGS = {*BLOCKS, "header", "footer", "nav", "form", *HEADINGS}
NOT_SHOWN = ("script", "style", "noscript", "template")
MONTH_NAME = re.compile(rf"\b({'|'.join([*MONTHS, *OLD_MONTHS.values()])})\b")
ZONE_WORD = re.compile(r"\s*\b(?:WIB|WITA|WIT)\b")
METADATA = re.compile(r"^(og|article|twitter):", re.IGNORECASE)
# Classes no page object knows: the new theme's blocks.
AD_BLOCK = '<div class="ads-x9"><p>ADVERTISEMENT</p></div>'
SHARE_BLOCK = (
    '<div class="sh-77"><p>Bagikan:</p><a href="#">Facebook</a> <a href="#">Twitter</a></div>'
)
OTHER_HEADLINES = (
    "Gubernur Resmikan Gedung Pelayanan Terpadu Satu Pintu",
    "Festival Budaya Daerah Digelar Akhir Pekan Ini",
    "Pemprov Salurkan Bantuan Bibit untuk Kelompok Tani",
)
DEGREES = (", S.I.Kom.", ", S.Sos.", ", M.Si.")

Element = lxml.html.HtmlElement
Mutation = Callable[[str, SyntheticRelease, str], str]
Change = Callable[[Element, SyntheticRelease, Random], bool]


# --- the parsed page --------------------------------------------------------------------------


def words(text: str) -> str:
    return " ".join(text.split())


def serialise(root: Element) -> str:
    return lxml.html.tostring(root.getroottree(), encoding="unicode")


def on_tree(change: Change) -> Mutation:
    """A mutation from a change of the parsed page that says whether it applied; a page it
    does not apply to comes back as it was, byte for byte. The random choices are seeded by
    ``rng_seed`` (the release URL) and the mutation's name."""

    @wraps(change)
    def mutation(html: str, release: SyntheticRelease, rng_seed: str) -> str:
        root = lxml.html.document_fromstring(html)
        rng = Random(f"{rng_seed}:{change.__name__}")
        return serialise(root) if change(root, release, rng) else html

    return mutation


def fragment(snippet: str) -> Element:
    return lxml.html.fragment_fromstring(snippet)


def detach(node: etree._Element) -> None:
    """Take ``node`` out of its parent, leaving the text that follows it where it was."""
    parent, previous, tail = node.getparent(), node.getprevious(), node.tail
    node.tail = None
    if tail and previous is not None:
        previous.tail = (previous.tail or "") + tail
    elif tail:
        parent.text = (parent.text or "") + tail
    parent.remove(node)


def append_text(element: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def wrap_children(element: etree._Element, css_class: str) -> None:
    wrapper = element.makeelement("div", {"class": css_class})
    wrapper.text, element.text = element.text, None
    wrapper.extend(list(element))
    element.append(wrapper)


def openings(release: SyntheticRelease) -> list[str]:
    return [words(p)[:OPENING] for p in release.paragraphs if words(p)]


def carries_text(element: Element, marks: list[str]) -> bool:
    text = words(element.text_content())
    return any(mark in text for mark in marks)


def is_paragraph(element: etree._Element) -> bool:
    """A ``<p>``, or a ``<div>`` holding only text and inline markup."""
    if element.tag == "p":
        return True
    return element.tag == "div" and not any(
        node.tag in SECTION_TAGS for node in element.iterdescendants()
    )


@dataclass
class Body:
    container: Element
    # Paragraphs of the container from the first carrying the release's text to the last.
    paragraphs: list[Element]


def find_body(root: Element, release: SyntheticRelease) -> Body | None:
    """The element with the most direct paragraphs carrying the release's text (teasers of
    other releases in sidebars never have as many)."""
    marks = openings(release)
    best, most = None, 0
    for element in root.body.iter(etree.Element):
        count = sum(
            1
            for child in element
            if child.tag in ("p", "div") and is_paragraph(child) and carries_text(child, marks)
        )
        if count > most:
            best, most = element, count
    if best is None:
        return None
    paragraphs = [child for child in best if is_paragraph(child)]
    first = next(i for i, p in enumerate(paragraphs) if carries_text(p, marks))
    return Body(best, paragraphs[first:])


def headline(root: Element, release: SyntheticRelease) -> Element:
    """The heading showing the title: the ``<h1>`` if one does, else the first (related-news
    headings further down may repeat a title)."""
    title = words(release.title)
    found = [h for h in root.body.iter(*HEADINGS) if words(h.text_content()) == title]
    return next((h for h in found if h.tag == "h1"), found[0] if found else None)


def publication_day(release: SyntheticRelease) -> re.Pattern:
    """The local publication day as pages show it: '06 Agustus 2024', '6 Agu 2024',
    '28 Nopember 2024', '6/8/2024'."""
    moment = release.published_local
    month = MONTHS[moment.month - 1]
    names = "|".join(sorted({month, month[:3], OLD_MONTHS.get(month, month)}))
    day, year = rf"(?<!\d)0?{moment.day}", rf"{moment.year}(?!\d)"
    return re.compile(
        rf"{day}\s+(?:{names})\.?\s+{year}|{day}[/.-]0?{moment.month}[/.-]{year}", re.IGNORECASE
    )


def date_lines(root: Element, release: SyntheticRelease) -> list[Element]:
    """The innermost elements showing the publication day, outside the release's text, in
    document order."""
    shows_day, marks = publication_day(release), openings(release)
    lines = []
    for element in root.body.iter(etree.Element):
        if element.tag in NOT_SHOWN or not shows_day.search(words(element.text_content())):
            continue
        inner = any(
            isinstance(child.tag, str) and shows_day.search(words(child.text_content()))
            for child in element
        )
        if not inner and not carries_text(element, marks):
            lines.append(element)
    return lines


def text_nodes(element: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """(node, 'text' or 'tail') of every text inside ``element``."""
    for node in element.iter():
        if isinstance(node.tag, str):
            yield node, "text"
        if node is not element:
            yield node, "tail"


def province_name(release: SyntheticRelease) -> str | None:
    if release.province_code is None:
        return None
    return provinces()[release.province_code].replace("Daerah Khusus Ibukota ", "DKI ")


def theme_name(prefix: str, name: str) -> str:
    """A stable new name for an old class or id; digits only, so that no selector matching
    part of a name ('[class*=date]') can match it by chance."""
    return f"{prefix}{int(hashlib.sha1(name.encode()).hexdigest()[:8], 16) % 10**6:06d}"


# --- mutations --------------------------------------------------------------------------------


@on_tree
def renamed_classes(root: Element, release: SyntheticRelease, rng: Random) -> bool:
    """A new theme: every class and id renamed."""
    changed = False
    for element in root.iter(etree.Element):
        classes = (element.get("class") or "").split()
        if classes:
            element.set("class", " ".join(theme_name("k", name) for name in classes))
            changed = True
        if element.get("id"):
            element.set("id", theme_name("n", element.get("id")))
            changed = True
    return changed


@on_tree
def extra_wrapper(root: Element, release: SyntheticRelease, rng: Random) -> bool:
    """A new layer of markup around the body's paragraphs and around the headline."""
    body, head = find_body(root, release), headline(root, release)
    if body is not None:
        wrap_children(body.container, "lyt-4f")
    if head is not None:
        wrap_children(head.getparent(), "lyt-8c")
    return body is not None or head is not None


@on_tree
def paragraphs_as_divs(root: Element, release: SyntheticRelease, rng: Random) -> bool:
    body = find_body(root, release)
    paragraphs = [p for p in body.paragraphs if p.tag == "p"] if body else []
    for paragraph in paragraphs:
        paragraph.tag = "div"
    return bool(paragraphs)


@on_tree
def br_separated(root: Element, release: SyntheticRelease, rng: Random) -> bool:
    """The body's paragraphs as one ``<div>`` of texts separated by ``<br><br>``, with the
    inline links between them in the flow; figures, pull quotes and other blocks stay where
    they were (after the text)."""
    body = find_body(root, release)
    if body is None:
        return False
    children = list(body.container)
    start = children.index(body.paragraphs[0])
    end = children.index(body.paragraphs[-1])
    merged = body.container.makeelement("div", {})
    body.paragraphs[0].addprevious(merged)
    for child in children[start : end + 1]:
        inline = isinstance(child.tag, str) and child.tag not in SECTION_TAGS
        if child not in body.paragraphs and not inline:
            continue
        if len(merged) or merged.text:
            merged.extend([merged.makeelement("br", {}), merged.makeelement("br", {})])
        if child in body.paragraphs:
            append_text(merged, child.text)
            merged.extend(list(child))
            detach(child)
        else:
            merged.append(child)
    return True


@on_tree
def date_moved(root: Element, release: SyntheticRelease, rng: Random) -> bool:
    """The date line moved into a new block right after the headline."""
    head = headline(root, release)
    lines = date_lines(root, release)
    if head is None or not lines:
        return False
    following = set(head.xpath("following::*"))
    after = [line for line in lines if line in following]
    before = [line for line in lines if line not in following and line not in head.iter()]
    moved = after[:1] or before[-1:]
    if not moved or moved[0] in head.iterancestors():
        return False
    block = head.makeelement("div", {"class": "dt-5c"})
    detach(moved[0])
    block.append(moved[0])
    head.addnext(block)
    return True


def reformatted(text: str) -> str:
    """'27 November 2024 | 15:45 WIB' -> '27 Nov 2024 - 15:45'."""
    text = MONTH_NAME.sub(lambda month: month[0][:3], text)
    return ZONE_WORD.sub("", text).replace(" | ", " - ")


@on_tree
def date_reformatted(root: Element, release: SyntheticRelease, rng: Random) -> bool:
    """The visible date lines with abbreviated months, ' - ' for ' | ', no zone word."""
    changed = False
    for line in date_lines(root, release):
        for node, side in text_nodes(line):
            text = getattr(node, side)
            if text and reformatted(text) != text:
                setattr(node, side, reformatted(text))
                changed = True
    return changed


@on_tree
def no_metadata(root: Element, release: SyntheticRelease, rng: Random) -> bool:
    """No JSON-LD, no OpenGraph, article or Twitter meta, no ``datetime`` on ``<time>``."""
    dropped = [
        script
        for script in root.iter("script")
        if (script.get("type") or "").strip().lower() == "application/ld+json"
    ]
    dropped += [
        meta
        for meta in root.iter("meta")
        if METADATA.match(meta.get("property") or meta.get("name") or "")
    ]
    for element in dropped:
        detach(element)
    times = [time for time in root.iter("time") if "datetime" in time.attrib]
    for time in times:
        del time.attrib["datetime"]
    return bool(dropped or times)


@on_tree
def headline_h2(root: Element, release: SyntheticRelease, rng: Random) -> bool:
    head = headline(root, release)
    if head is None or head.tag != "h1":
        return False
    head.tag = "h2"
    return True


@on_tree
def new_blocks(root: Element, release: SyntheticRelease, rng: Random) -> bool:
    """An ad and a 'Baca juga' block after the body's second paragraph, a share block at its
    end."""
    body = find_body(root, release)
    if body is None:
        return False
    other = rng.choice(OTHER_HEADLINES)
    related = fragment(
        f'<div class="rel-2a"><p>Baca juga: <a href="/berita/{slugify(other)}">{escape(other)}'
        "</a></p></div>"
    )
    anchor = body.paragraphs[min(2, len(body.paragraphs)) - 1]
    anchor.addnext(related)
    anchor.addnext(fragment(AD_BLOCK))
    body.container.append(fragment(SHARE_BLOCK))
    return True


@on_tree
def credit_line(root: Element, release: SyntheticRelease, rng: Random) -> bool:
    """A credit paragraph after the body's last paragraph."""
    body = find_body(root, release)
    if body is None:
        return False
    province = province_name(release)
    choices = ["(Adv)"]
    if province:
        choices += [
            f"(Humas Pemprov {province})",
            f"Sumber: Biro Humas dan Protokol Setda Provinsi {province}",
        ]
    body.paragraphs[-1].addnext(fragment(f"<p>{escape(rng.choice(choices))}</p>"))
    return True


@on_tree
def writer_degrees(root: Element, release: SyntheticRelease, rng: Random) -> bool:
    """An academic degree after every writer's name shown outside the release's text
    ('Reporter : Rina Oktaviani, S.Sos.'). Initials ('MC Kalsel/Fuz') take no degree."""
    names = sorted((w for w in release.writers if len(w) > 3), key=len, reverse=True)
    if not names:
        return False
    named = re.compile(rf"(?<!\w)({'|'.join(map(re.escape, names))})(?!\w)")
    degree = rng.choice(DEGREES)
    marks = openings(release)
    text_of_release = {
        node
        for paragraph in root.body.iter("p", "div")
        if is_paragraph(paragraph) and carries_text(paragraph, marks)
        for node in paragraph.iter()
    }
    changed = False
    for element in root.body.iter(etree.Element):
        if element.tag in NOT_SHOWN:
            continue
        sides = [("text", element)] + [("tail", child) for child in element]
        for side, node in sides:
            text = getattr(node, side)
            if element in text_of_release or not text or not named.search(text):
                continue
            setattr(node, side, named.sub(lambda name: name[0] + degree, text))
            changed = True
    return changed


SINGLE_MUTATIONS: dict[str, Mutation] = {
    "renamed_classes": renamed_classes,
    "extra_wrapper": extra_wrapper,
    "paragraphs_as_divs": paragraphs_as_divs,
    "br_separated": br_separated,
    "date_moved": date_moved,
    "date_reformatted": date_reformatted,
    "no_metadata": no_metadata,
    "headline_h2": headline_h2,
    "new_blocks": new_blocks,
    "credit_line": credit_line,
    "writer_degrees": writer_degrees,
}


def combined(html: str, release: SyntheticRelease, rng_seed: str) -> str:
    for mutation in SINGLE_MUTATIONS.values():
        html = mutation(html, release, rng_seed)
    return html


MUTATIONS: dict[str, Mutation] = {**SINGLE_MUTATIONS, "combined": combined}


# --- scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    source: str
    url: str
    release: SyntheticRelease
    html: str


def samples(per_source: int, sources: list[str] | None = None) -> list[Sample]:
    """``per_source`` releases of every source (but the JSON APIs), evenly spread over its
    replica."""
    sites = all_sites()
    found = []
    for key in sources or [k for k in sites if k not in API_SOURCES]:
        located = sites[key].releases
        count = min(per_source, len(located))
        for url, release in (located[i * len(located) // count] for i in range(count)):
            page = sites[key].pages[url]
            found.append(Sample(key, url, release, decode_html(page.content_type, page.body)[0]))
    return found


def extracted(sample: Sample, html: str) -> dict | None:
    """The release row production extracts from ``html`` at the sample's URL; None when the
    page object raised (a crawl's extraction logs that and goes on)."""
    try:
        rows = saved_page_rows(sample.source, sample.url, html.encode("utf-8"), Path(sample.url))
    except Exception:
        return None
    return next((r for r in rows if r["url"] == sample.url), rows[0] if len(rows) == 1 else None)


def to_minute(moment: datetime) -> datetime:
    return moment.replace(second=0, microsecond=0)


def shows_time(html: str, release: SyntheticRelease) -> bool:
    """Whether the page still has the time of publication anywhere, local or UTC (date line,
    ``datetime`` attribute, JSON-LD): without it only the day can be read."""
    return any(
        re.search(rf"(?<!\d){moment:%H}[:.]{moment:%M}(?!\d)", html)
        for moment in (release.published_local, release.published_utc)
    )


def judged(row: dict | None, release: SyntheticRelease, to_the_minute: bool) -> dict:
    """Field by field, whether ``row`` matches the ground truth, with what it holds; the date
    to the minute or to the local day."""
    row = row or {}
    moment, body = row.get("published_at"), row.get("body") or ""
    local = release.published_local
    if moment is None:
        date_ok = False
    elif to_the_minute:
        date_ok = to_minute(moment) == to_minute(release.published_utc)
    else:
        date_ok = moment.astimezone(local.tzinfo).date() == local.date()
    got = {
        "title": row.get("title"),
        "published_at": moment.isoformat() if moment else None,
        "body_start": body[:BODY_START],
        "byline_unit": row.get("byline_unit"),
        "writers": row.get("writers") or [],
    }
    want = {
        "title": release.title,
        "published_at": release.published_utc.isoformat(),
        "body_start": release.body[:BODY_START],
        "byline_unit": release.byline_unit,
        "writers": release.writers,
    }
    ok = {name: got[name] == want[name] for name in FIELDS} | {"published_at": date_ok}
    return {
        **ok,
        "date_missing": moment is None,
        "date_wrong": moment is not None and not date_ok,
        "null_body": not body,
        "error": not row,
        "got": json.dumps(got, ensure_ascii=False),
        "want": json.dumps(want, ensure_ascii=False),
    }


def page_scores(sample: Sample) -> list[dict]:
    """The unchanged page ('baseline') and every mutation of it, judged. The date must match
    to the minute where the unchanged page gave the minute and the changed page still shows
    the time, else to the local day."""
    baseline = extracted(sample, sample.html)
    moment = (baseline or {}).get("published_at")
    minute = moment is not None and to_minute(moment) == to_minute(sample.release.published_utc)
    versions = {"baseline": sample.html} | {
        name: mutation(sample.html, sample.release, sample.url)
        for name, mutation in MUTATIONS.items()
    }
    return [
        {
            "source": sample.source,
            "mutation": name,
            "url": sample.url,
            "changed": html != sample.html,
            **judged(
                baseline if name == "baseline" else extracted(sample, html),
                sample.release,
                minute and shows_time(html, sample.release),
            ),
        }
        for name, html in versions.items()
    ]


@dataclass(repr=False)  # the frames are too long for a test report
class Drift:
    pages: pl.DataFrame  # one row per (page, mutation), with what was extracted and expected
    cells: pl.DataFrame  # one row per (source, mutation)
    summary: pl.DataFrame  # one row per mutation, shares averaged over sources

    def low_cells(self) -> pl.DataFrame:
        """(source, mutation) cells under the target for any field, with one page's
        extraction for the worst field."""
        low = self.cells.filter(pl.any_horizontal(pl.col(FIELDS) < TARGET))
        worst = low.with_columns(
            field=pl.concat_list(pl.col(FIELDS))
            .list.arg_min()
            .replace_strict(dict(enumerate(FIELDS)), return_dtype=pl.String)
        )
        examples = []
        for source, mutation, field in worst.select("source", "mutation", "field").iter_rows():
            page = self.pages.filter(source=source, mutation=mutation, **{field: False}).row(
                0, named=True
            )
            got, want = json.loads(page["got"])[field], json.loads(page["want"])[field]
            examples.append(f"{field}: got {got!r}, want {want!r} ({page['url']})")
        return worst.with_columns(example=pl.Series(examples, dtype=pl.String)).drop("field")


def score(per_source: int = 6, sources: list[str] | None = None) -> Drift:
    pages = pl.DataFrame(
        [row for sample in samples(per_source, sources) for row in page_scores(sample)]
    )
    order = pl.col("mutation").cast(pl.Enum(["baseline", *MUTATIONS]))
    cells = (
        pages.group_by("source", "mutation", maintain_order=True)
        .agg(
            pages=pl.len(),
            changed=pl.col("changed").sum(),
            **{name: pl.col(name).mean() for name in FIELDS},
            date_wrong=pl.col("date_wrong").sum(),
            date_missing=pl.col("date_missing").sum(),
            null_body=pl.col("null_body").sum(),
            errors=pl.col("error").sum(),
        )
        .sort("source", order)
    )
    summary = (
        cells.group_by("mutation")
        .agg(
            sources=pl.len(),
            pages=pl.col("pages").sum(),
            changed=pl.col("changed").sum(),
            **{name: pl.col(name).mean() for name in FIELDS},
            date_wrong_share=pl.col("date_wrong").sum() / pl.col("pages").sum(),
            date_missing=pl.col("date_missing").sum(),
            null_body=pl.col("null_body").sum(),
            errors=pl.col("errors").sum(),
        )
        .sort(order)
    )
    return Drift(pages, cells, summary)


# --- command ----------------------------------------------------------------------------------


def share(value: float) -> str:
    text = f"{value:.3f}"
    return f"[red]{text}[/red]" if value < TARGET else text


def summary_table(summary: pl.DataFrame) -> Table:
    table = Table(title="Markup drift: share of pages right, averaged over sources")
    for column in ("mutation", "changed", *FIELDS, "wrong date", "null body"):
        table.add_column(column, justify="left" if column == "mutation" else "right")
    for row in summary.iter_rows(named=True):
        table.add_row(
            row["mutation"],
            f"{row['changed']}/{row['pages']}",
            *(share(row[name]) for name in FIELDS),
            f"{row['date_wrong_share']:.2%}",
            str(row["null_body"]),
        )
    return table


def low_cells_table(low: pl.DataFrame) -> Table:
    table = Table(title=f"(source, mutation) cells under {TARGET} for any field")
    for column in ("source", "mutation", *FIELDS):
        table.add_column(column, justify="right" if column in FIELDS else "left")
    for row in low.iter_rows(named=True):
        table.add_row(row["source"], row["mutation"], *(share(row[name]) for name in FIELDS))
    return table


def main(argv: list[str] | None = None) -> Drift:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--per-source", type=int, default=6, help="releases per source")
    parser.add_argument("--sources", nargs="+", help="source keys (default: all but JSON APIs)")
    parser.add_argument("--json", type=Path, help="also write both tables to this JSON file")
    args = parser.parse_args(argv)
    drift = score(args.per_source, args.sources)
    low = drift.low_cells()
    console = Console()
    if not console.is_terminal:
        console.width = 160  # logs: room for the tables rather than 80 columns
    console.print(summary_table(drift.summary))
    console.print(low_cells_table(low))
    console.print("[bold]One page of each cell, its worst field[/bold]")
    for source, mutation, example in low.select("source", "mutation", "example").iter_rows():
        console.print(f"{source} / {mutation} / {markup.escape(example)}", soft_wrap=True)
    if args.json:
        figures = {
            "per_source": args.per_source,
            "summary": drift.summary.to_dicts(),
            "low_cells": low.to_dicts(),
        }
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n")
    return drift


if __name__ == "__main__":
    main()
