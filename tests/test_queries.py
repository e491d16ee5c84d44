"""Named queries: how a query is read (precedence, adjacency, groups, phrases, wildcards),
what it matches (whole words, case, Unicode, hyphens, punctuation), where a bad query or
queries file is said to be wrong, and the starter set on the replica."""

from __future__ import annotations

import unicodedata

import polars as pl
import pytest

from siaran.analysis.queries import (
    MATCH_SCHEMA,
    QueryError,
    expression,
    load_queries,
    matches,
    parse_query,
)
from tests.support import ROOT, SHARED

STARTER = ROOT / "queries.yaml"


def read(query: str) -> str:
    """The query with every group in parentheses, as the parser read it."""
    return str(parse_query(query).root)


def hits(query: str, *bodies: str | None, titles: list[str | None] | None = None) -> list[int]:
    """The indexes of the bodies (with their titles, empty by default) the query matches."""
    frame = pl.DataFrame(
        {"title": titles or [None] * len(bodies), "body": list(bodies)},
        schema={"title": pl.String, "body": pl.String},
    )
    return frame.with_row_index().filter(expression(parse_query(query)))["index"].to_list()


@pytest.mark.parametrize(
    ("query", "read_as"),
    [
        ("a OR b c", "a OR (b AND c)"),
        ("a b OR c", "(a AND b) OR c"),
        ("a AND b OR c AND d", "(a AND b) OR (c AND d)"),
        ("NOT a b", "NOT a AND b"),
        ("NOT a OR b", "NOT a OR b"),
        ("a NOT b", "a AND NOT b"),
        ("NOT NOT a", "NOT NOT a"),
        ("a (b OR c)", "a AND (b OR c)"),
        ("NOT (a OR b) c", "NOT (a OR b) AND c"),
        ("((a))", "a"),
        ("a b c", "a AND b AND c"),
        ("and or not", "and AND or AND not"),
        ('Banjir* "Harga  Bahan"', 'banjir* AND "harga bahan"'),
        ('"AND" OR x', "and OR x"),
        ("“pasar murah” x", '"pasar murah" AND x'),
    ],
)
def test_a_query_is_read_with_not_before_and_before_or(query, read_as):
    assert read(query) == read_as


def test_a_query_keeps_its_text():
    query = parse_query("banjir  OR rob")
    assert str(query) == query.text == "banjir  OR rob"


def test_operators_combine_as_read():
    bodies = ["banjir rob", "banjir", "rob", "longsor", "banjir longsor"]
    assert hits("banjir OR rob longsor", *bodies) == [0, 1, 4]
    assert hits("(banjir OR rob) longsor", *bodies) == [4]
    assert hits("banjir rob", *bodies) == hits("banjir AND rob", *bodies) == [0]
    assert hits("banjir NOT rob", *bodies) == [1, 4]
    assert hits("NOT (banjir OR rob)", *bodies) == [3]
    assert hits("NOT banjir OR rob", *bodies) == [0, 2, 3]


def test_lower_case_operators_are_words():
    assert hits("banjir and rob", "banjir dan rob", "banjir and rob") == [1]
    assert hits("banjir or rob", "banjir", "banjir or rob") == [1]


def test_title_and_body_are_searched_and_a_missing_one_is_empty():
    titles = ["Banjir di Banjarmasin", None, "Pasar murah", None]
    bodies = ["Air surut.", "Warga kena banjir.", None, None]
    assert hits("banjir", *bodies, titles=titles) == [0, 1]
    assert hits("NOT banjir", *bodies, titles=titles) == [2, 3]
    assert hits("banjarmasin air", *bodies, titles=titles) == [0]


def test_words_are_whole_words():
    bodies = ["Kebanjiran lagi", "Pengunjung membanjiri pameran", "banjirnya surut", "banjir."]
    assert hits("banjir", *bodies) == [3]
    assert hits("banjir*", *bodies) == [2, 3]
    assert hits("kebanjiran OR membanjiri", *bodies) == [0, 1]
    assert hits("pasar", "Pasaran", "di pasar_induk", "pasar3", "(pasar)") == [3]


def test_hyphens_belong_to_the_words_written():
    bodies = ["kartu-kartu nikah", "Covid-19 turun", "covid 19", "se-Kalimantan Selatan"]
    assert hits("kartu", *bodies) == [0]
    assert hits("kartu-kartu", *bodies) == [0]
    assert hits("covid-19", *bodies) == [1]
    assert hits("covid", *bodies) == [1, 2]
    assert hits('"kalimantan selatan"', *bodies) == [3]


def test_a_phrase_is_its_words_in_order_across_white_space_only():
    bodies = [
        "Harga bahan pokok stabil",
        "HARGA  BAHAN\npokok",
        "harga\u00a0bahan pokok",
        "bahan pokok harga",
        "harga, bahan pokok",
        "harga bahan-pokok",
        "harga bahan pokoknya",
    ]
    assert hits('"harga bahan pokok"', *bodies) == [0, 1, 2]
    assert hits('"harga bahan pokok*"', *bodies) == [0, 1, 2, 6]
    assert hits('"harga bahan-pokok"', *bodies) == [5]


def test_a_wildcard_ends_a_word_of_any_length():
    bodies = ["Pilkada", "pilkadanya", "Pilkades", "pil", "Pil-KB"]
    assert hits("pilkada*", *bodies) == [0, 1]
    assert hits("pil*", *bodies) == [0, 1, 2, 3, 4]
    assert hits('"dinas kesehatan*"', "Dinas Kesehatannya", "dinas kesehatan") == [0, 1]


def test_case_is_ignored_in_any_script():
    assert hits("BANJIR", "banjir", "Banjir", "bAnJiR") == [0, 1, 2]
    assert hits("élite", "ÉLITE", "elite") == [0]
    assert hits("ΔΗΜΟΣ", "δήμος", "δημος") == [1]


def test_unicode_letters_are_letters_and_accents_count():
    bodies = ["Pemulihan ekonomi", "Pemúlihan ekonomi", "café baru", "cafe baru"]
    assert hits("pemulihan", *bodies) == [0]
    assert hits("pemúlihan", *bodies) == [1]
    assert hits("caf", *bodies) == []  # é is a letter: no word boundary before it
    assert hits("caf*", *bodies) == [2, 3]
    decomposed = unicodedata.normalize("NFD", "pemúlihan")  # as some editors type it
    assert hits(decomposed, *bodies) == [1]


def test_regex_characters_are_plain_text():
    assert hits("a.b", "axb", "a.b") == [1]
    assert hits("5%", "naik 5% tahun ini", "naik 50 persen") == [0]
    assert hits("c++", "bahasa c++ dasar", "bahasa c dasar") == [0]
    assert hits("[dinas]", "dinas", "[dinas]") == [1]
    assert hits("rp.", "Rp. 5 juta", "rp 5 juta") == [0]
    assert hits("a|b", "a", "a|b") == [1]
    assert hits("x{2}", "xx", "x{2}") == [1]


@pytest.mark.parametrize(
    ("query", "position", "problem"),
    [
        ("", 1, "empty query"),
        ("   ", 1, "empty query"),
        ('banjir* OR "genangan air', 12, "unclosed quote"),
        ('banjir ""', 8, "empty phrase"),
        ("banjir AND", 11, "expected a term after AND"),
        ("banjir AND OR rob", 12, "expected a term after AND"),
        ("banjir OR", 10, "expected a term after OR"),
        ("banjir NOT", 11, "expected a term after NOT"),
        ("OR banjir", 1, "expected a term before OR"),
        ("(banjir OR rob", 1, "unbalanced parenthesis"),
        ("banjir OR rob)", 14, "unbalanced parenthesis"),
        (") banjir", 1, "unbalanced parenthesis"),
        ("banjir ()", 9, "empty parentheses"),
        ("ban*jir", 4, "a wildcard only at the end of a word"),
        ("*banjir", 1, "a wildcard only at the end of a word"),
        ("banjir **", 8, "a wildcard only at the end of a word"),
        ('"harga *"', 8, "a wildcard only at the end of a word"),
        ("banjir -rob", 8, "to leave a word out write NOT rob, not -rob"),
        ("banjir &", 8, "'&' is not a word: it has no letter or digit"),
    ],
)
def test_a_malformed_query_says_where_and_why(query, position, problem):
    with pytest.raises(QueryError) as raised:
        parse_query(query)
    assert (raised.value.position, raised.value.problem) == (position, problem)
    assert str(raised.value) == f"position {position}: {problem}"
    assert isinstance(raised.value, ValueError)


def write(tmp_path, text: str):
    path = tmp_path / "queries.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_queries_load_in_file_order(tmp_path):
    path = write(
        tmp_path,
        "queries:\n  banjir: 'banjir* OR kebanjiran'\n"
        '  harga-pangan_2: >-\n    "harga bahan pokok"\n    OR inflasi\n',
    )
    queries = load_queries(path)
    assert list(queries) == ["banjir", "harga-pangan_2"]
    assert queries["harga-pangan_2"].text == '"harga bahan pokok" OR inflasi'


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "queries: [a, b\n",
            "{path}: line 2: not valid YAML: expected ',' or ']', but got '<stream end>'",
        ),
        ("topics:\n  a: b\n", "{path}: needs a 'queries' mapping of name: query"),
        ("queries:\n", "{path}: needs a 'queries' mapping of name: query"),
        ("- banjir\n", "{path}: needs a 'queries' mapping of name: query"),
        ("queries: {a: b}\nnote: x\n", "{path}: unknown key(s) note beside 'queries'"),
        (
            "queries:\n  banjir: banjir\n  banjir: rob\n",
            "{path}: line 3: not valid YAML: duplicate key 'banjir'",
        ),
        (
            "queries:\n  banjir kota: banjir\n",
            "{path}: query 'banjir kota': a name is letters, digits, _ and - only"
            " (it becomes a value in tables)",
        ),
        (
            "queries:\n  2024: pilkada\n",
            "{path}: query '2024': a name is letters, digits, _ and - only"
            " (it becomes a value in tables)",
        ),
        (
            "queries:\n  pilkada: 2024\n",
            "{path}: query 'pilkada': a query is text, not int: put it in quotes",
        ),
        ("queries:\n  pilkada:\n", "{path}: query 'pilkada': position 1: empty query"),
        (
            "queries:\n  banjir: 'banjir* OR \"genangan air'\n",
            "{path}: query 'banjir': position 12: unclosed quote",
        ),
    ],
)
def test_a_bad_queries_file_names_the_file_and_the_query(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(QueryError) as raised:
        load_queries(path)
    assert str(raised.value) == message.format(path=path)


def test_a_missing_queries_file_is_named(tmp_path):
    with pytest.raises(QueryError, match=r"^.*nowhere\.yaml: no such file$"):
        load_queries(tmp_path / "nowhere.yaml")


def test_matches_has_a_row_per_release_and_query_it_matches():
    releases = pl.LazyFrame(
        {
            "doc_id": ["d1", "d2", "d3"],
            "title": ["Banjir Rob", "Pasar Murah", None],
            "body": ["Warga mengungsi.", "Harga stabil jelang pilkada.", "Rapat rutin."],
        }
    )
    queries = {
        "banjir": parse_query("banjir* OR rob"),
        "inflasi": parse_query('"pasar murah" OR inflasi'),
        "pilkada": parse_query("pilkada"),
    }
    found = matches(releases, queries).collect()
    assert found.schema == MATCH_SCHEMA
    assert found.rows() == [("d1", "banjir"), ("d2", "inflasi"), ("d2", "pilkada")]
    assert matches(releases, {}).collect().schema == MATCH_SCHEMA
    named_like_a_column = {"doc_id": parse_query("rob"), "body": parse_query("rapat")}
    assert matches(releases, named_like_a_column).collect().rows() == [
        ("d1", "doc_id"),
        ("d3", "body"),
    ]
    assert matches(releases.clear(), queries).collect().height == 0


def test_the_starter_queries_parse_and_hold_the_issues_topics():
    queries = load_queries(STARTER)
    assert list(queries) == [
        "pilkada",
        "stunting",
        "banjir",
        "inflasi",
        "investasi",
        "kesehatan",
        "pendidikan",
        "infrastruktur",
    ]
    releases = pl.LazyFrame(
        {
            "doc_id": ["a", "b", "c", "d"],
            "title": [
                "Desk Pilkada Pantau Logistik",
                "Pengunjung Membanjiri Pameran UMKM",
                "TPID Gelar Gerakan Pangan Murah",
                "Gubernur Tiba di Bandara",
            ],
            "body": ["Pemilihan Gubernur 2024.", "Ramai.", "Stok beras aman.", "Disambut."],
        }
    )
    assert matches(releases, queries).collect().rows() == [("a", "pilkada"), ("c", "inflasi")]


def test_the_starter_queries_on_a_real_release():
    """MC Kalsel's release on a security volunteers' training: Pilkada is mentioned, and its
    "Pendidikan dan Pelatihan (Diklat)" of officials is not education."""
    seed = SHARED / "seeds" / "mc-kalsel-2024-07-22.txt"
    if not seed.exists():
        pytest.skip("no shared seed release here")
    releases = pl.LazyFrame({"doc_id": ["seed"], "title": [None], "body": [seed.read_text()]})
    found = matches(releases, load_queries(STARTER)).collect()
    assert found["query"].to_list() == ["pilkada"]


def test_the_starter_queries_find_the_replicas_topics(pipeline):
    """Each topic's query finds its releases (the replica's ground truth), and Pilkada's
    monthly share is the planted one (any mention of Pilkada, month in Asia/Jakarta)."""
    queries = load_queries(STARTER)
    releases = pipeline.releases
    found = matches(releases.lazy(), queries).collect()
    truth = pipeline.truth.select("url", "topic")
    judged = releases.select("doc_id", "url", "published_at").join(truth, on="url")
    assert judged.height == releases.height
    for topic in ["pilkada", "stunting", "banjir", "inflasi", "pendidikan", "infrastruktur"]:
        hit = pl.col("doc_id").is_in(found.filter(pl.col("query") == topic)["doc_id"].implode())
        scored = judged.select(
            precision=(pl.col("topic") == topic).filter(hit).mean(),
            recall=hit.filter(pl.col("topic") == topic).mean(),
        ).row(0, named=True)
        assert scored["precision"] >= 0.99 and scored["recall"] >= 0.99, (topic, scored)

    month = pl.col("published_at").dt.convert_time_zone("Asia/Jakarta").dt.strftime("%Y-%m")
    pilkada = found.filter(pl.col("query") == "pilkada")["doc_id"].implode()
    ours = judged.group_by(month.alias("month")).agg(pl.col("doc_id").is_in(pilkada).mean())
    text = pl.concat_str("title", "body", separator=" ").str.to_lowercase()
    planted = pipeline.truth.group_by(month.alias("month")).agg(
        planted=text.str.contains("pilkada").mean()
    )
    shares = ours.join(planted, on="month", how="full", coalesce=True).sort("month")
    assert shares.height >= 5
    assert shares.filter((pl.col("doc_id") - pl.col("planted")).abs() > 0.01).is_empty(), shares
    assert shares.filter(pl.col("month") == "2024-11")["doc_id"].item() > 0.3
