"""The shared corpus as a package: a schema-versioned Parquet file, exports other tools read as
they are, a Frictionless descriptor `frictionless validate` accepts, a dataset card generated
from the data (and safe from what the data holds), and a manifest of what produced it."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import tomllib
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner

from siaran.analysis import card, package
from siaran.spiders.cli import app
from siaran.spiders.output import read_manifest
from siaran.spiders.release import DATE_SOURCES, FIELDS, RELEASE_SCHEMA, read_releases
from tests.corpora import corpus, crawl_report, extraction, release
from tests.support import ROOT

PARAMS = yaml.safe_load((ROOT / "params.yaml").read_text())
# What scraped text may hold: table pipes, markup, Markdown, line breaks.
HOSTILE = "Rapat | Paripurna <script>alert(1)</script> **DPRD** [link](x) `kode`\nbaris dua"


def sample() -> pl.DataFrame:
    return corpus(
        release(
            "a" * 16,
            title=HOSTILE,
            writers=["Jml", "AY"],
            categories=["Pemerintahan"],
            images=[
                {"src": "https://x/a.jpg", "caption": 'Gubernur "Paman" Birin', "credit": None}
            ],
            earlier_captures=[datetime(2024, 11, 1, tzinfo=UTC)],
        ),
        release("b" * 16, body="Kalimat pertama.\n\nKalimat kedua, dengan koma."),
        # An exact copy of a's body, in another source: a duplicate cluster of two.
        release("c" * 16, source="infopublik", province_code=None, dup_cluster="b" * 16),
        release("d" * 16, source="infopublik", published_at=None, date_source="none"),
    )


def build(tmp_path: Path, exports=("csv", "jsonl"), mode="replay", accuracy=None, **params):
    extracted, raw = extraction(
        tmp_path / "inputs",
        {"mc_kalsel": [crawl_report(mode=mode)], "infopublik": [crawl_report(mode=mode)]},
    )
    folder = tmp_path / "corpus"
    manifest = package.main(
        sample(),
        folder,
        extracted=extracted,
        raw=raw,
        params={**PARAMS, **params},
        accuracy=accuracy,
        exports=exports,
    )
    return folder, manifest


def test_the_parquet_file_carries_its_schema_version(tmp_path):
    folder, manifest = build(tmp_path)
    metadata = pl.read_parquet_metadata(folder / "releases.parquet")
    assert metadata[package.SCHEMA_KEY] == package.SCHEMA_VERSION == manifest["schema_version"]
    assert re.fullmatch(r"[0-9a-f]{12}", package.SCHEMA_VERSION)
    assert read_releases(folder / "releases.parquet").equals(sample())


def test_the_schema_version_follows_names_and_types_not_descriptions(monkeypatch):
    original = package.schema_version()
    reworded = {name: (dtype, f"{text}, reworded") for name, (dtype, text) in FIELDS.items()}
    monkeypatch.setattr(package, "FIELDS", reworded)
    assert package.schema_version() == original
    retyped = {**reworded, "word_count": (pl.UInt64(), "words in body")}
    monkeypatch.setattr(package, "FIELDS", retyped)
    assert package.schema_version() != original
    monkeypatch.setattr(package, "FIELDS", {**retyped, "new_field": (pl.String(), "new")})
    assert package.schema_version() != original


def test_the_table_schema_derives_from_fields():
    schema = package.table_schema()
    fields = {f["name"]: f for f in schema["fields"]}
    assert list(fields) == list(FIELDS) and schema["primaryKey"] == ["doc_id"]
    assert {n: f["description"] for n, f in fields.items()} == {
        n: d for n, (_, d) in FIELDS.items()
    }
    assert fields["published_at"]["type"] == "datetime" and fields["event_date"]["type"] == "date"
    assert fields["writers"]["type"] == fields["images"]["type"] == "array"
    assert fields["extraction_path"]["type"] == "object"
    assert fields["date_source"]["constraints"] == {"enum": list(DATE_SOURCES)}
    assert fields["warc_offset"]["type"] == "integer"
    assert fields["warc_offset"]["constraints"] == {"minimum": 0}
    csv = {f["name"]: f for f in package.table_schema(json_text=True)["fields"]}
    assert "JSON array" in csv["writers"]["description"]
    assert "JSON object" in csv["extraction_path"]["description"]
    assert csv["title"]["description"] == fields["title"]["description"]


def test_a_type_without_a_table_schema_type_is_named():
    with pytest.raises(ValueError, match="the release field spent has the type Duration"):
        package.table_type("spent", pl.Duration())


def from_csv(path: Path) -> pl.DataFrame:
    """The CSV export read back into the release schema: JSON text decoded, times parsed."""
    text = pl.read_csv(path, infer_schema=False)

    def typed(name: str, dtype: pl.DataType) -> pl.Expr:
        column = pl.col(name)
        if isinstance(dtype, pl.List | pl.Struct):
            return column.str.json_decode(dtype)
        if isinstance(dtype, pl.Datetime):
            return column.str.to_datetime(time_unit=dtype.time_unit, time_zone=dtype.time_zone)
        if isinstance(dtype, pl.Date):
            return column.str.to_date()
        return column.cast(dtype)

    return text.select(typed(name, dtype) for name, dtype in RELEASE_SCHEMA.items())


def test_the_exports_read_back_into_the_same_releases(tmp_path):
    folder, _ = build(tmp_path)
    assert from_csv(folder / "releases.csv").equals(sample())
    assert pl.read_ndjson(folder / "releases.jsonl", schema=RELEASE_SCHEMA).equals(sample())
    header = (folder / "releases.csv").read_text().splitlines()[0]
    assert header.split(",") == list(FIELDS)


def test_pandas_reads_the_exports(tmp_path):
    pandas = pytest.importorskip("pandas")
    folder, _ = build(tmp_path)
    frame = pandas.read_csv(folder / "releases.csv", dtype=str)
    assert frame["title"].tolist()[0] == HOSTILE
    assert json.loads(frame["writers"].tolist()[0]) == ["Jml", "AY"]
    lines = pandas.read_json(folder / "releases.jsonl", lines=True)
    assert lines["writers"].tolist()[0] == ["Jml", "AY"] and len(lines) == 4


def test_duckdb_reads_the_exports(tmp_path):
    duckdb = pytest.importorskip("duckdb")
    folder, _ = build(tmp_path)
    for name in ("releases.csv", "releases.jsonl", "releases.parquet"):
        ((count,),) = duckdb.sql(f"select count(*) from '{folder / name}'").fetchall()
        assert count == 4, name


def test_datasets_reads_the_exports(tmp_path, monkeypatch):
    # Local files only: the Hub is never asked.
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_DATASETS_OFFLINE", "1")
    datasets = pytest.importorskip("datasets")
    folder, _ = build(tmp_path)
    for kind, name in (("csv", "releases.csv"), ("json", "releases.jsonl")):
        loaded = datasets.load_dataset(
            kind, data_files=str(folder / name), split="train", cache_dir=str(tmp_path / "hf")
        )
        assert loaded.num_rows == 4 and loaded[0]["title"] == HOSTILE


def test_exports_are_a_switch_and_no_stale_export_outlives_its_corpus(tmp_path):
    folder, _ = build(tmp_path)
    assert {"releases.csv", "releases.jsonl"} <= {p.name for p in folder.iterdir()}
    build(tmp_path / "again", exports=["jsonl"])
    package.main(
        sample(),
        folder,
        extracted=tmp_path / "again" / "inputs" / "extracted",
        raw=tmp_path / "again" / "inputs" / "raw",
        params=PARAMS,
    )
    assert sorted(p.name for p in folder.iterdir()) == [
        "README.md",
        "datapackage.json",
        "manifest.json",
        "releases.parquet",
    ]
    described = json.loads((folder / "datapackage.json").read_text())["resources"]
    assert [r["path"] for r in described] == ["releases.parquet"]
    with pytest.raises(ValueError, match="unknown corpus export.*xlsx; known: csv, jsonl"):
        build(tmp_path / "bad", exports=["xlsx"])


def test_the_manifest_says_what_produced_the_corpus_and_is_written_last(tmp_path):
    folder, manifest = build(tmp_path)
    assert read_manifest(folder, "corpus", "siaran corpus") == manifest
    assert manifest["files"] == {"releases.parquet": 4}
    assert manifest["extractor_versions"] == {"0.1.0+wordpress.2": 4}
    assert manifest["params"] == {k: PARAMS[k] for k in package.PARAM_SECTIONS if k in PARAMS}
    kalsel = manifest["snapshots"]["mc_kalsel"]
    assert kalsel == [
        {
            **crawl_report(),
            "archive": "data/replica/mc_kalsel",
        }
    ]
    assert manifest["synthetic_sources"] == ["infopublik", "mc_kalsel"]
    code = manifest["code"]
    assert re.fullmatch(r"[0-9a-f]{16}", code["fingerprint"]) and code["files"] > 20
    assert not [p.name for p in folder.iterdir() if p.name.startswith(".")]


def test_the_code_fingerprint_follows_the_corpus_code_and_nothing_else(tmp_path):
    """The corpus stage's code: the modules siaran.analysis.corpus imports, and the registry."""
    for folder in ("spiders/registry", "analysis"):
        (tmp_path / folder).mkdir(parents=True)
    (tmp_path / "analysis" / "corpus.py").write_text("from siaran.spiders import a\n")
    (tmp_path / "spiders" / "a.py").write_text("x = 1\n")
    (tmp_path / "spiders" / "registry" / "sources.yaml").write_text("sources: {}\n")
    (tmp_path / "analysis" / "stats.py").write_text("y = 1\n")
    (tmp_path / "README.md").write_text("not code")
    first = package.code_fingerprint(tmp_path)
    assert first["files"] == 3
    (tmp_path / "README.md").write_text("still not code")
    (tmp_path / "analysis" / "stats.py").write_text("y = 2\n")  # another stage's code
    assert package.code_fingerprint(tmp_path) == first
    for changed in ("spiders/a.py", "spiders/registry/sources.yaml"):
        (tmp_path / changed).write_text((tmp_path / changed).read_text() + "# changed\n")
        assert package.code_fingerprint(tmp_path)["fingerprint"] != first["fingerprint"]
        first = package.code_fingerprint(tmp_path)


def test_the_same_inputs_give_the_same_bytes(tmp_path):
    first, _ = build(tmp_path / "one")
    second, _ = build(tmp_path / "two")
    for path in first.iterdir():
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name


def test_a_corpus_written_in_many_shares_is_the_same_file(tmp_path, monkeypatch):
    """A large corpus is written a doc_id share at a time: in shares of one release, the
    package holds the same releases, in doc_id order, with the same bytes."""
    whole, _ = build(tmp_path / "whole")
    monkeypatch.setattr(package, "SHARE_ROWS", 1)
    shared, _ = build(tmp_path / "shared")
    written = pl.read_parquet(shared / package.RELEASES)
    assert written["doc_id"].to_list() == sorted(sample()["doc_id"])
    for name in (package.RELEASES, "releases.csv", "releases.jsonl"):
        assert (whole / name).read_bytes() == (shared / name).read_bytes(), name
    assert not list(shared.glob(".*parts*"))


def frictionless(descriptor: Path) -> dict:
    """``frictionless validate --json``, as a user runs it."""
    if importlib.util.find_spec("frictionless") is None:
        pytest.skip("frictionless is not installed (pip install frictionless)")
    done = subprocess.run(
        [sys.executable, "-m", "frictionless", "validate", "--json", str(descriptor)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(done.stdout)


def test_frictionless_validates_the_package_reading_every_csv_row(tmp_path):
    folder, _ = build(tmp_path)
    report = frictionless(folder / "datapackage.json")
    assert report["valid"], report
    tasks = {task["name"]: task for task in report["tasks"]}
    assert tasks["releases-csv"]["type"] == "table"
    assert tasks["releases-csv"]["stats"]["rows"] == 4
    assert tasks["releases-csv"]["stats"]["fields"] == len(FIELDS)
    assert tasks["releases"]["type"] == tasks["releases-jsonl"]["type"] == "file"


def test_frictionless_finds_a_bad_cell_and_a_changed_file(tmp_path):
    folder, _ = build(tmp_path)
    csv = folder / "releases.csv"
    csv.write_text(csv.read_text().replace(",none,", ",nowhere,", 1))
    descriptor = json.loads((folder / "datapackage.json").read_text())
    resource = next(r for r in descriptor["resources"] if r["name"] == "releases-csv")
    resource.update(package.file_facts(csv))  # so only the cell is wrong
    (folder / "datapackage.json").write_text(json.dumps(descriptor))
    with (folder / "releases.parquet").open("ab") as parquet:
        parquet.write(b"tail")
    report = frictionless(folder / "datapackage.json")
    errors = {task["name"]: {error["type"] for error in task["errors"]} for task in report["tasks"]}
    assert errors["releases-csv"] == {"constraint-error"}
    assert errors["releases"] >= {"byte-count"}
    assert errors["releases-jsonl"] == set()


def table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("|")]


def cells(row: str) -> int:
    """The cells of a Markdown table row: pipes that no backslash escapes."""
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def test_the_card_escapes_what_the_data_holds(tmp_path):
    folder, _ = build(tmp_path)
    text = (folder / "README.md").read_text()
    assert "<script>" not in text and "[link](x)" not in text and "**DPRD**" not in text
    assert r"Rapat \| Paripurna &lt;script&gt;" in text
    lines = text.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("|---"):
            width = cells(lines[number - 1])
            body = []
            for row in lines[number + 1 :]:
                if not row.startswith("|"):
                    break
                body.append(row)
            assert all(cells(row) == width for row in body), lines[number - 1]
    assert card.md("a|b\\c <i>") == r"a\|b\\c &lt;i&gt;"


def test_the_card_describes_the_corpus_from_the_data(tmp_path):
    folder, _ = build(tmp_path)
    text = (folder / "README.md").read_text()
    front = yaml.safe_load(text.split("---\n")[1])
    assert front["language"] == ["id"] and front["size_categories"] == ["n<1K"]
    assert "4 press releases (*siaran pers*) from 2 sources in 1 provinces" in text
    assert "from 2024-07-22 to 2024-07-22" in text and "1 undated" in text
    # b and c share a cluster: two of four releases.
    assert "2 of 4 releases (50.0%) are in 1 duplicate clusters" in text
    assert "| writers | array | 25.0% |" in text
    assert f"| date\\_source | string: {', '.join(DATE_SOURCES)} | 100.0% |" in text
    assert "| infopublik | national aggregator | 2 | 2024-07-22 | 2024-07-22 | 1 | 1 |" in text
    assert "| 63 | Kalimantan Selatan | 3 | 2 |" in text and "|  | unattributed | 1 | 1 |" in text
    assert "**This corpus is synthetic.**" in text
    snapshot = "| mc\\_kalsel | 20241215T020000Z | replay | finished | 77 | 73 | 73 | 0 | 0 | 0 |"
    assert snapshot in text
    assert "no request reached a live site" in text
    assert package.SCHEMA_VERSION in text and "CITATION.cff" in text


def test_a_live_corpus_is_not_called_synthetic(tmp_path):
    folder, manifest = build(tmp_path, mode="live")
    text = (folder / "README.md").read_text()
    assert manifest["synthetic_sources"] == [] and "synthetic." not in text
    assert "no request reached a live site" not in text
    assert "`robots.txt` is obeyed" in text


def test_the_card_says_when_accuracy_was_not_measured(tmp_path):
    folder, _ = build(tmp_path, accuracy=tmp_path / "accuracy.json")
    text = (folder / "README.md").read_text()
    assert "Extraction accuracy was not measured" in text and "accuracy.json is missing" in text


def test_the_card_shows_the_accuracy_siaran_accuracy_wrote(tmp_path):
    scores = tmp_path / "metrics" / "accuracy.json"
    result = CliRunner().invoke(
        app,
        ["accuracy", "--truth", str(tmp_path / "none.parquet"), "--json", str(scores)],
    )
    assert result.exit_code == 0, result.output
    written = json.loads(scores.read_text())
    assert written["golden"] == ["tests/golden"] and written["truth"] is None
    assert written["pages"] >= 30 and written["fields"]["title"]["total"] >= 30
    folder, _ = build(tmp_path, accuracy=scores)
    text = (folder / "README.md").read_text()
    title = written["fields"]["title"]
    assert f"| title | {title['correct']} | {title['total']} | {title['accuracy']:.4f} |" in text
    scores.write_text("{not json")
    with pytest.raises(ValueError, match="accuracy.json: not an accuracy report"):
        build(tmp_path / "broken", accuracy=scores)


def test_citation_file_is_cff_1_2_0_with_the_project_version():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert citation["cff-version"] == "1.2.0"
    assert {"authors", "cff-version", "message", "title"} <= set(citation)
    # The CFF 1.2.0 schema allows no other keys.
    allowed = set(
        [
            "abstract",
            "authors",
            "cff-version",
            "commit",
            "contact",
            "date-released",
            "doi",
            "identifiers",
            "keywords",
            "license",
            "license-url",
            "message",
            "preferred-citation",
            "references",
            "repository",
            "repository-artifact",
            "repository-code",
            "title",
            "type",
            "url",
            "version",
        ]
    )
    assert set(citation) <= allowed
    assert citation["authors"] == [{"name": "siaran contributors"}]
    assert citation["version"] == project["version"]
    assert citation["license"] == project["license"] == "MIT"
    assert citation["repository-code"] == package.REPOSITORY


def test_releases_without_the_release_schema_are_refused(tmp_path):
    extracted, raw = extraction(tmp_path, {"mc_kalsel": [crawl_report()]})
    wrong = sample().drop("byline").with_columns(pl.col("word_count").cast(pl.Int64), extra=1)
    with pytest.raises(ValueError, match=r"lacks byline; has extra, .*word_count is Int64, not"):
        package.main(wrong, tmp_path / "corpus", extracted=extracted, raw=raw, params=PARAMS)
    assert not (tmp_path / "corpus").exists()
