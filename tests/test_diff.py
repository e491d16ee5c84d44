"""`siaran corpus diff`: releases added, removed and changed by field between two corpora, with
counts per source and per field; bad input named with its problem."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from siaran.analysis import diff
from siaran.spiders.cli import app
from tests.corpora import corpus, release


def write(path: Path, frame: pl.DataFrame) -> Path:
    frame.write_parquet(path)
    return path


@pytest.fixture
def corpora(tmp_path):
    """An old corpus and a new one after an extractor change and a recrawl: one release gone,
    one new, a title fixed in mc_kalsel, writers and body changed in papua."""
    old = corpus(
        release("a", title="Old headline"),
        release("b"),
        release("c", source="papua"),
        release("gone", source="papua"),
    )
    new = corpus(
        release("a", title="Fixed headline"),
        release("b"),
        release("c", source="papua", writers=["Jml"], body="A new body."),
        release("new", source="jabarprov"),
    )
    return write(tmp_path / "old.parquet", old), write(tmp_path / "new.parquet", new)


def test_added_removed_and_changed_by_source_and_field(corpora):
    result = diff.main(corpora)
    assert (result["added"], result["removed"], result["changed"], result["unchanged"]) == (
        1,
        1,
        2,
        1,
    )
    assert result["by_field"] == {"body": 1, "title": 1, "writers": 1}
    assert result["by_source"] == {
        "jabarprov": {"added": 1, "removed": 0, "changed": 0, "fields": {}},
        "mc_kalsel": {"added": 0, "removed": 0, "changed": 1, "fields": {"title": 1}},
        "papua": {"added": 0, "removed": 1, "changed": 1, "fields": {"body": 1, "writers": 1}},
    }
    assert result["doc_ids"] == {
        "added": ["new"],
        "removed": ["gone"],
        "changed": {"a": ["title"], "c": ["body", "writers"]},
    }
    assert result["columns"] == {"only_in_old": [], "only_in_new": []}


def test_the_same_corpus_has_no_difference(corpora):
    old, _ = corpora
    result = diff.main([old, old])
    assert result["changed"] == result["added"] == result["removed"] == 0
    assert result["unchanged"] == 4 and result["by_field"] == {}


def test_a_column_only_one_corpus_has_is_listed_and_the_others_compared(corpora, tmp_path):
    old, new = corpora
    # An older schema: one field less, and an enum with fewer categories.
    older = pl.read_parquet(old).drop("language")
    older = older.with_columns(pl.col("date_source").cast(pl.String).cast(pl.Enum(["metadata"])))
    result = diff.main([write(tmp_path / "older.parquet", older), new])
    assert result["columns"] == {"only_in_old": [], "only_in_new": ["language"]}
    assert result["by_field"] == {"body": 1, "title": 1, "writers": 1}


def test_a_column_of_another_type_is_named(corpora, tmp_path):
    old, new = corpora
    retyped = pl.read_parquet(old).with_columns(pl.col("word_count").cast(pl.String))
    with pytest.raises(ValueError, match=r"word_count is String in .*old2.parquet, UInt32 in"):
        diff.main([write(tmp_path / "old2.parquet", retyped), new])


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (lambda data: data[: len(data) // 2], "not a readable Parquet file"),
        (lambda data: b"", "not a readable Parquet file"),
        (lambda data: b"doc_id,source\na,b\n", "not a readable Parquet file"),
    ],
    ids=["truncated", "empty", "csv"],
)
def test_a_damaged_file_is_named_with_its_problem(corpora, tmp_path, damage, problem):
    old, new = corpora
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(damage(old.read_bytes()))
    with pytest.raises(ValueError, match=rf"^{broken}: {problem} \(.+\)$"):
        diff.main([broken, new])


def test_a_file_that_is_no_corpus_is_named(corpora, tmp_path):
    _, new = corpora
    other = write(tmp_path / "volume.parquet", pl.DataFrame({"source": ["x"], "documents": [1]}))
    with pytest.raises(ValueError, match=r"volume.parquet lacks the column\(s\) doc_id"):
        diff.main([other, new])
    with pytest.raises(ValueError, match=r"missing.parquet: no such file"):
        diff.main([tmp_path / "missing.parquet", new])
    twice = write(tmp_path / "twice.parquet", corpus(release("a"), release("a")))
    with pytest.raises(ValueError, match=r"twice.parquet: doc_id 'a' is on more than one row"):
        diff.main([twice, new])


def test_two_corpora_are_needed():
    with pytest.raises(ValueError, match="give two corpora to compare"):
        diff.main([Path("one.parquet")])


def test_the_command_prints_tables_or_json(corpora):
    old, new = corpora
    runner = CliRunner()
    result = runner.invoke(app, ["corpus", "diff", str(old), str(new), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == diff.main(corpora)
    result = runner.invoke(app, ["corpus", "diff", str(old), str(new)])
    assert result.exit_code == 0, result.output
    assert "1 added, 1 removed, 2 changed, 1 unchanged" in " ".join(result.output.split())
    assert "body 1, writers 1" in result.output


def test_the_corpus_command_still_builds_by_default(tmp_path):
    runner = CliRunner()
    listed = runner.invoke(app, ["corpus", "--help"])
    assert "build" in listed.output and "diff" in listed.output
    result = runner.invoke(app, ["corpus", str(tmp_path), "--out", str(tmp_path / "c")])
    assert "no manifest.json" in str(result.exception)
