import json
import subprocess
import sys

import pytest
from conftest import ROOT
from typer.testing import CliRunner

from analysis.cli import app
from spiders import settings
from spiders.source import RegistryError, get_source, load_sources


def test_sources_json_lists_every_registered_source():
    result = CliRunner().invoke(app, ["sources", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["key"]: row for row in json.loads(result.output)}
    assert rows.keys() == load_sources().keys()
    assert rows["mc_kalsel"]["province_code"] == "63"
    assert rows["mc_kalsel"]["timezone"] == "Asia/Makassar"
    assert rows["beritajakarta"]["timezone"] == "Asia/Jakarta"
    assert {"domains", "strategy", "verified", "province"} <= rows["beritajakarta"].keys()


def test_scrapy_lists_one_spider_per_source():
    listed = subprocess.run([sys.executable, "-m", "scrapy", "list"], cwd=ROOT,
                            capture_output=True, text=True, check=True)  # fmt: skip
    assert listed.stdout.split() == sorted(load_sources())


def test_unknown_source_names_the_known_ones():
    with pytest.raises(RegistryError, match="mc_kalsel"):
        get_source("kalsel")


def test_broken_registry_entry_names_file_and_field(tmp_path):
    registry = tmp_path / "sources.yaml"
    registry.write_text("broken:\n  name: x\n  province_code: '63'\n")
    with pytest.raises(RegistryError, match=rf"{registry}.*'broken' lacks the field 'province'"):
        load_sources(registry)


def test_politeness_defaults():
    assert settings.ROBOTSTXT_OBEY is True
    assert settings.CONCURRENT_REQUESTS_PER_DOMAIN == 1
    assert settings.AUTOTHROTTLE_ENABLED is True
    assert "+https://" in settings.USER_AGENT


def test_readme_documents_every_release_field():
    from spiders.release import FIELDS

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, (_, meaning) in FIELDS.items():
        assert f"| `{name}` |" in readme and meaning in readme, name
