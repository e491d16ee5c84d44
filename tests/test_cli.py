import json

from typer.testing import CliRunner

from analysis.cli import app
from spiders.warc import iter_responses, warc_files


def test_extract_page_reads_a_saved_page_from_stdin(source_run):
    run = source_run("mc_kalsel")
    truth = run.truth.row(0, named=True)
    stored = next(r for path in warc_files(run.raw) for r in iter_responses(path)
                  if r.url == truth["url"])  # fmt: skip
    result = CliRunner().invoke(
        app,
        ["extract-page", "--source", "mc_kalsel", "--url", truth["url"], "-"],
        input=stored.body,
    )
    assert result.exit_code == 0, result.output
    fields = json.loads(result.output)
    assert fields["title"] == truth["title"]
    assert fields["body"] == truth["body"]
    assert fields["published_at"] == truth["published_at"].isoformat()
    assert fields["fetched_at"] is None
    assert fields["doc_id"] and fields["source"] == "mc_kalsel"
