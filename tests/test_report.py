"""The coverage report as a file: self-contained, every section with the completeness beside
each chart, the manifests in its footer, scraped strings escaped, and the same bytes from the
same tables (tests/test_report_browser.py opens it in a browser)."""

from __future__ import annotations

import json
import re
import subprocess
from html import unescape
from pathlib import Path

import pytest

from siaran.analysis.report import main, script_json
from tests.reports import IMAGE, SCRIPT, build
from tests.support import ROOT, SIARAN

SECTIONS = ("volume", "attention", "gaps", "geography", "voices")


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    return build(tmp_path_factory.mktemp("report"))


def markup(html: str) -> str:
    """The page without the contents of its script elements."""
    return re.sub(r"(<script[^>]*>).*?(</script>)", r"\1\2", html, flags=re.DOTALL)


def test_the_page_loads_nothing_from_elsewhere(page):
    html = page.read_text(encoding="utf-8")
    outside = markup(html)
    assert not re.search(r"<script[^>]*\ssrc\s*=", outside, re.IGNORECASE)
    assert not re.search(r"\s(src|href)\s*=\s*[\"']?\s*(https?:)?//", outside, re.IGNORECASE)
    assert not re.search(r"<link\b", outside, re.IGNORECASE)
    # The libraries are inlined, and the policy lets only the page's own scripts run.
    assert "window.vegaEmbed" in html
    policy = unescape(re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)[1])
    assert "default-src 'none'" in policy
    assert policy.count("'sha256-") == 2
    # Bounded: the libraries (about 0.9 MB) and the small corpus's charts.
    assert page.stat().st_size < 1_500_000


def test_every_section_has_its_charts_and_their_completeness(page):
    html = markup(page.read_text(encoding="utf-8"))
    for key in SECTIONS:
        assert f'<section id="{key}">' in html
    charts = re.findall(r'<div class="chart" id="([^"]+)">', html)
    specs = re.findall(r'class="vega-spec" data-chart="([^"]+)"', html)
    assert charts == specs and len(charts) == 7
    assert html.count('<aside class="completeness">') == len(charts)
    aside = html.split('<aside class="completeness">')[1].split("</aside>")[0]
    for label in ("listed", "fetched", "failed", "extracted", "published_at"):
        assert f"<dt>{label}</dt>" in aside
    assert "Completeness of the 2 sources behind this chart" in aside
    # The small multiples: one panel per province.
    assert '"columns": 6' in page.read_text(encoding="utf-8")


def test_the_footer_names_the_corpus_and_the_tables(page):
    footer = markup(page.read_text(encoding="utf-8")).split('<footer id="provenance">')[1]
    for said in ("schema version", "code fingerprint", "code commit", "Extractor versions"):
        assert said in footer
    assert "Crawl snapshots read" in footer
    assert "<code>volume.parquet</code>" in footer
    assert '<code>0.1.0+sumbarprov.2</code></td><td class="n">24</td>' in footer


def test_scraped_strings_are_text(page):
    html = page.read_text(encoding="utf-8")
    assert IMAGE not in html and SCRIPT not in html
    outside = markup(html)
    assert outside.count("&lt;img src=x onerror=alert(1)&gt;") >= 6
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in outside
    # In the chart specs: escaped for the <script> element, the same strings once parsed.
    specs = re.findall(r'class="vega-spec"[^>]*>(.*?)</script>', html, re.DOTALL)
    assert not [spec for spec in specs if re.search("[<>&]", spec)]
    assert IMAGE in json.dumps([json.loads(spec) for spec in specs], ensure_ascii=False)


def test_script_json_cannot_close_its_element():
    text = script_json({"a": "</script><!-- & -->"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"a": "</script><!-- & -->"}


def test_the_same_tables_give_the_same_bytes(page, tmp_path):
    again = tmp_path / "again.html"
    main(page.parent / "stats", page.parent / "corpus", again)
    assert again.read_bytes() == page.read_bytes()


@pytest.mark.parametrize(
    "broken, said",
    [
        ("stats/manifest.json", "no manifest.json"),
        ("corpus/manifest.json", "manifest.json: not found"),
    ],
)
def test_missing_input_is_one_line(page, tmp_path, broken, said):
    for folder in ("stats", "corpus"):
        copy = tmp_path / folder
        copy.mkdir()
        for file in (page.parent / folder).iterdir():
            (copy / file.name).symlink_to(file)
    (tmp_path / broken).unlink()
    done = subprocess.run(
        [
            *SIARAN,
            "report",
            "--stats",
            str(tmp_path / "stats"),
            "--corpus",
            str(tmp_path / "corpus"),
            "--out",
            str(tmp_path / "out.html"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert said in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "out.html").exists()
