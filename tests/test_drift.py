"""Markup drift (``tests/drift.py``): extraction must degrade field by field, not collapse,
when a site's theme changes; and the mutations must change what they say they change."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import lxml.html
import polars as pl
import pytest

from tests.drift import FIELDS, MUTATIONS, SINGLE_MUTATIONS, TARGET, Drift, score
from tests.replica.synthetic import SyntheticRelease

pytestmark = pytest.mark.slow

WRONG_DATES = 0.005  # share of scored pages with a wrong publication date
PARAGRAPHS = [
    "SURABAYA – Pemerintah Provinsi Jawa Timur menggelar rapat koordinasi kesiapan Pilkada "
    "serentak 2024 di Surabaya, Rabu (27/11/2024).",
    "Sebanyak 120 tempat pemungutan suara disiapkan untuk pemungutan suara 27 November 2024.",
    "“Logistik Pilkada harus tiba di tempat pemungutan suara tepat waktu,” ujarnya.",
]
PAGE = f"""<!DOCTYPE html>
<html lang="id"><head><title>Desk Pilkada Pantau Logistik</title>
<meta property="og:title" content="Desk Pilkada Pantau Logistik">
<script type="application/ld+json">{{"@type": "NewsArticle"}}</script></head>
<body><div id="page" class="site-main">
<header class="entry-header"><h1 class="entry-title">Desk Pilkada Pantau Logistik</h1></header>
<div class="entry-meta"><span class="tanggal">27 November 2024 | 15:45 WIB</span>
<span class="penulis">Reporter : Rina Oktaviani</span></div>
<div class="entry-content">
{"".join(f"<p>{p}</p>" for p in PARAGRAPHS)}
</div></div></body></html>"""


def release(**changes: object) -> SyntheticRelease:
    fields = {
        "source": "jatimprov",
        "province_code": "35",
        "number": 1,
        "slug": "desk-pilkada-pantau-logistik",
        "title": "Desk Pilkada Pantau Logistik",
        "published_local": datetime(2024, 11, 27, 15, 45, tzinfo=ZoneInfo("Asia/Jakarta")),
        "paragraphs": PARAGRAPHS,
        "topic": "pilkada",
        "category": "Pemerintahan",
        "event_date": date(2024, 11, 27),
        "dateline_place": "Surabaya",
        "places": ["Kota Surabaya"],
        "quotes": [],
        "writers": ["Rina Oktaviani"],
    }
    return SyntheticRelease(**(fields | changes))


def mutated(name: str, page: str = PAGE, **changes: object) -> lxml.html.HtmlElement:
    return lxml.html.document_fromstring(MUTATIONS[name](page, release(**changes), "seed"))


def test_headline_h2_turns_the_h1_into_an_h2() -> None:
    root = mutated("headline_h2")
    assert not root.xpath("//h1")
    assert [h.text for h in root.xpath("//h2")] == ["Desk Pilkada Pantau Logistik"]


def test_date_reformatted_changes_the_date_line_only() -> None:
    root = mutated("date_reformatted")
    assert root.xpath("string(//span[@class='tanggal'])") == "27 Nov 2024 - 15:45"
    assert root.xpath("//div[@class='entry-content']/p/text()") == PARAGRAPHS


def test_renamed_classes_leaves_no_old_name() -> None:
    root = mutated("renamed_classes")
    old = {name for e in lxml.html.document_fromstring(PAGE).iter() for name in e.classes}
    new = {name for e in root.iter() for name in e.classes}
    assert new and not new & old
    assert root.xpath("//@id") != ["page"]


def test_date_moved_follows_the_headline() -> None:
    root = mutated("date_moved")
    after = root.xpath("//h1/following-sibling::*[1]")[0]
    assert after.text_content() == "27 November 2024 | 15:45 WIB"
    assert not root.xpath("//div[@class='entry-meta']/span[@class='tanggal']")


def test_br_separated_keeps_the_texts_in_one_block() -> None:
    root = mutated("br_separated")
    (block,) = root.xpath("//div[@class='entry-content']/div")
    assert not root.xpath("//div[@class='entry-content']/p")
    assert len(block.findall("br")) == 2 * (len(PARAGRAPHS) - 1)
    assert list(block.itertext()) == PARAGRAPHS


def test_writer_degrees_follow_the_byline_name() -> None:
    root = mutated("writer_degrees")
    assert root.xpath("string(//span[@class='penulis'])").startswith("Reporter : Rina Oktaviani, ")


def test_mutations_that_cannot_apply_leave_the_page_as_it_was() -> None:
    page = PAGE.replace("<h1 class", "<h3 class").replace("</h1>", "</h3>")
    assert MUTATIONS["headline_h2"](page, release(), "seed") == page
    assert MUTATIONS["writer_degrees"](PAGE, release(writers=["Fuz"]), "seed") == PAGE


def test_mutations_are_seeded() -> None:
    for mutation in MUTATIONS.values():
        assert mutation(PAGE, release(), "a") == mutation(PAGE, release(), "a")


@pytest.fixture(scope="module")
def drift() -> Drift:
    return score(per_source=4)


def single(drift: Drift) -> pl.DataFrame:
    return drift.cells.filter(pl.col("mutation").is_in(list(SINGLE_MUTATIONS)))


def test_every_mutation_changes_pages(drift: Drift) -> None:
    mutated = drift.summary.filter(pl.col("mutation").is_in(list(MUTATIONS)))
    unchanged = mutated.filter(pl.col("changed") == 0)["mutation"].to_list()
    assert not unchanged


@pytest.mark.parametrize("mutation", list(SINGLE_MUTATIONS))
def test_fields_survive_the_mutation(drift: Drift, mutation: str) -> None:
    shares = drift.summary.filter(mutation=mutation).select(FIELDS).row(0, named=True)
    below = {field: round(share, 3) for field, share in shares.items() if share < TARGET}
    cells = drift.low_cells().filter(mutation=mutation).select("source", "example").rows()
    assert not below, f"{mutation}: {below}; {cells}"


def test_no_null_body_where_the_page_has_paragraphs(drift: Drift) -> None:
    null = single(drift).filter(pl.col("null_body") > 0).select("source", "mutation", "null_body")
    assert null.is_empty(), null.rows()


def test_wrong_dates_are_rare(drift: Drift) -> None:
    cells = single(drift)
    wrong = cells["date_wrong"].sum() / cells["pages"].sum()
    worst = cells.filter(pl.col("date_wrong") > 0).select("source", "mutation", "date_wrong")
    assert wrong <= WRONG_DATES, f"{wrong:.2%} of pages: {worst.rows()}"
