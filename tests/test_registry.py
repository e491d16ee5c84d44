import json
import subprocess
import sys

import pytest
import yaml
from typer.testing import CliRunner

from siaran.spiders.cli import app
from siaran.spiders.crawl import settings
from siaran.spiders.pages import page_class
from siaran.spiders.registry.gazetteer import media_center_province, provinces
from siaran.spiders.registry.source import (
    REGISTRY_PATH,
    RegistryError,
    get_source,
    load_sources,
    select_sources,
)
from siaran.spiders.release import FIELDS
from tests.replica.synthetic import CAPITALS
from tests.support import ROOT


def test_sources_json_covers_every_province_and_infopublik():
    result = CliRunner().invoke(app, ["sources", "--json"])
    assert result.exit_code == 0, result.output
    rows = {row["key"]: row for row in json.loads(result.output)}
    assert rows.keys() == load_sources().keys()
    assert {r["province_code"] for r in rows.values()} - {None} == set(provinces())
    assert rows["infopublik"]["province_code"] is None and rows["infopublik"]["aggregator"]
    assert rows["mc_kalsel"]["timezone"] == "Asia/Makassar"
    assert rows["papua"]["timezone"] == "Asia/Jayapura"
    assert rows["beritajakarta"]["timezone"] == "Asia/Jakarta"
    needed = {"key", "province_code", "province", "timezone", "domains", "strategy", "verified"}
    assert all(needed <= row.keys() for row in rows.values())


def test_every_source_has_a_page_object_and_is_in_the_pipeline():
    params = yaml.safe_load((ROOT / "params.yaml").read_text())
    assert select_sources(params["sources"]) == list(load_sources().values())
    for source in load_sources().values():
        assert callable(page_class(source).fields)


def test_params_select_sources_by_key_or_all():
    assert [s.key for s in select_sources(["papua", "mc_kalsel"])] == ["papua", "mc_kalsel"]
    assert len(select_sources("all")) == len(load_sources())
    with pytest.raises(RegistryError, match="unknown source 'kalsel'"):
        select_sources(["kalsel"])
    with pytest.raises(RegistryError, match="'all' or a list of registry keys"):
        select_sources("papua")


def test_scrapy_lists_one_spider_per_source():
    listed = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert listed.stdout.split() == sorted(load_sources())


def test_unknown_source_names_the_known_ones():
    with pytest.raises(RegistryError, match="mc_kalsel"):
        get_source("kalsel")


def test_broken_registry_entry_names_file_and_field(tmp_path):
    registry = tmp_path / "sources.yaml"
    registry.write_text("broken:\n  name: x\n  province_code: '63'\n")
    with pytest.raises(RegistryError, match=rf"{registry}.*'broken' lacks the field 'domains'"):
        load_sources(registry)


def test_registry_lists_earlier_sites_for_backfills(tmp_path):
    kalsel = get_source("mc_kalsel")
    assert "kalselprov.go.id" in kalsel.all_domains
    assert kalsel.is_release_url("https://kalselprov.go.id/berita/2018/03/05/banjir-surut/")
    assert kalsel.is_release_url("https://diskominfomc.kalselprov.go.id/2024/07/22/x/")
    assert not kalsel.is_release_url("https://kalselprov.go.id/berita/")
    riau = get_source("mediacenter_riau")
    assert riau.all_domains == riau.domains  # an earlier URL scheme on the same domain
    assert riau.is_release_url("https://mediacenter.riau.go.id/read/18432/banjir-surut.html")
    registry = tmp_path / "sources.yaml"
    entry = yaml.safe_load(REGISTRY_PATH.read_text())["mc_kalsel"]
    entry["history"] = [{"release_url": "^x", "since": 2019, "until": 2016}]
    registry.write_text(yaml.safe_dump({"mc_kalsel": entry}))
    with pytest.raises(RegistryError, match=rf"{registry}.*history years 2019-2016"):
        load_sources(registry)


def test_politeness_defaults():
    assert settings.ROBOTSTXT_OBEY is True
    assert settings.CONCURRENT_REQUESTS_PER_DOMAIN == 1
    assert settings.AUTOTHROTTLE_ENABLED is True
    assert "+https://" in settings.USER_AGENT


@pytest.mark.parametrize(
    ("unit", "code"),
    [
        ("MC KOTA PADANG", "13"),
        ("MC Kab. Blora", "33"),
        ("MC Kabupaten Blora", "33"),
        ("MC Kalsel", "63"),
        ("MC Provinsi Kalimantan Selatan", "63"),
        ("MC Balangan", "63"),
        ("MC Kab. Banjar", "63"),
        ("MC Kota Banjar", "32"),
        ("MC Banjar", None),  # Kabupaten Banjar (Kalsel) or Kota Banjar (Jabar): never guessed
        ("MC Kab. Sukamakmur Raya", None),
    ],
)
def test_media_centers_are_attributed_to_provinces(unit, code):
    assert media_center_province(unit) == code


def test_replica_capitals_are_in_the_gazetteer():
    from siaran.spiders.registry.gazetteer import regencies

    assert CAPITALS.keys() == provinces().keys()
    for code, capital in CAPITALS.items():
        assert capital in regencies(code).values()


def test_readme_documents_every_release_field():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name, (_, meaning) in FIELDS.items():
        assert f"| `{name}` |" in readme and meaning in readme, name


def test_readme_lists_every_source():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for key in load_sources():
        assert f"| `{key}` |" in readme, key
