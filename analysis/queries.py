"""Named queries (the attention measure's topics) from a file the researcher edits, matched on
the title and body of each release.

The language, as a researcher writes it in ``queries.yaml``::

    banjir                      the word banjir
    banjir*                     any word that starts with banjir (banjir, banjirnya)
    "harga bahan pokok"         the words in this order, separated only by white space
    stunting gizi               both words (adjacent terms mean AND)
    stunting AND gizi           the same
    pilkada OR pilgub           either word
    banjir NOT rob              banjir, in a release that never says rob
    NOT (a OR b) c              parentheses group; NOT binds tighter than AND, AND than OR

Rules, chosen for Indonesian press releases:

- Whole words, case-insensitive (Unicode lower case): a word matches where it is neither
  preceded nor followed by a letter, digit or ``_`` of any script. So ``banjir`` does not
  match *kebanjiran* or *membanjiri* (visitors "flooding" an event): write those words, or
  ``banjir*`` for the suffixed forms (*banjirnya*). Accents count: ``pemilihan`` does not
  match *pemílihan*.
- A hyphen is a character of the word as written: ``covid-19`` and ``kartu-kartu`` match
  themselves, and ``kartu`` matches inside *kartu-kartu* and ``kalimantan`` inside
  *se-Kalimantan* (the hyphen is not a letter). A phrase does not bridge a hyphen or
  punctuation: ``"kepala daerah"`` does not match *kepala-daerah* nor *kepala, daerah*.
- ``*`` only at the end of a word (also inside a phrase: ``"dinas kesehatan*"``); other
  regex characters are plain text.
- Operators are upper case only: lower-case ``and``, ``or``, ``not`` are words to search,
  and so is a quoted ``"AND"``. Curly quotes (as pasted from a word processor) are quotes.
- The query text is taken in Unicode NFC; the releases' text is used as extracted (web pages
  are NFC; normalising every body would cost more than all the queries).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from functools import reduce
from operator import and_, or_
from pathlib import Path

import polars as pl
import yaml

MATCH_SCHEMA = pl.Schema({"doc_id": pl.String(), "query": pl.String()})
OPERATORS = ("AND", "OR", "NOT")
QUOTES = '"“”'
NAME = re.compile(r"[A-Za-z0-9_-]+")
_TEXT = "_query_text"


class QueryError(ValueError):
    """A query that cannot be read: the file and query name (when known), the 1-based
    character position in the query text, and the problem."""

    def __init__(self, problem: str, position: int | None = None) -> None:
        self.problem, self.position = problem, position
        self.path: str | None = None
        self.name: str | None = None
        super().__init__(problem)

    def located(self, path: object, name: str | None = None) -> QueryError:
        """This error, said of query ``name`` in file ``path``."""
        self.path, self.name = str(path), name
        return self

    def __str__(self) -> str:
        parts = [self.path] if self.path else []
        if self.name is not None:
            parts.append(f"query {self.name!r}")
        if self.position is not None:
            parts.append(f"position {self.position}")
        return ": ".join([*parts, self.problem])


# The syntax tree. Each node prints itself with every group in parentheses, to show how a
# query was read: str(parse_query("a OR b c").root) == "a OR (b AND c)".


@dataclass(frozen=True)
class Word:
    text: str  # lower case, NFC
    prefix: bool = False  # written with a final *: any word starting with text

    def __str__(self) -> str:
        return self.text + "*" * self.prefix


@dataclass(frozen=True)
class Phrase:
    """One word, or quoted words that must follow each other."""

    words: tuple[Word, ...]

    def __str__(self) -> str:
        inner = " ".join(map(str, self.words))
        return inner if len(self.words) == 1 else f'"{inner}"'


@dataclass(frozen=True)
class Not:
    operand: Node

    def __str__(self) -> str:
        return f"NOT {_grouped(self.operand)}"


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]

    def __str__(self) -> str:
        return " AND ".join(map(_grouped, self.operands))


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]

    def __str__(self) -> str:
        return " OR ".join(map(_grouped, self.operands))


Node = Phrase | Not | And | Or


def _grouped(node: Node) -> str:
    return f"({node})" if isinstance(node, And | Or) else str(node)


@dataclass(frozen=True)
class Query:
    """A parsed query: ``text`` as written, ``root`` as read."""

    text: str
    root: Node

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class _Token:
    kind: str  # "term", "(", ")" or an operator
    position: int  # 1-based
    words: tuple[Word, ...] = ()


def _words(raw: str, position: int) -> tuple[Word, ...]:
    """The words of a term or of a phrase's inside, ``raw``, which starts at ``position``."""
    words = []
    for found in re.finditer(r"\S+", raw):
        text, at = found.group(), position + found.start()
        star = text.find("*")
        if text == "*" or star not in (-1, len(text) - 1):
            raise QueryError("a wildcard only at the end of a word", at + star)
        if not re.search(r"\w", text):
            raise QueryError(f"{text!r} is not a word: it has no letter or digit", at)
        word = unicodedata.normalize("NFC", text.removesuffix("*")).lower()
        words.append(Word(word, text.endswith("*")))
    return tuple(words)


def _tokens(text: str) -> list[_Token]:
    tokens, i = [], 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
        elif char in "()":
            tokens.append(_Token(char, i + 1))
            i += 1
        elif char in QUOTES:
            close = next((j for j in range(i + 1, len(text)) if text[j] in QUOTES), None)
            if close is None:
                raise QueryError("unclosed quote", i + 1)
            words = _words(text[i + 1 : close], i + 2)
            if not words:
                raise QueryError("empty phrase", i + 1)
            tokens.append(_Token("term", i + 1, words))
            i = close + 1
        else:
            end = i
            while end < len(text) and not (text[end].isspace() or text[end] in "()" + QUOTES):
                end += 1
            raw = text[i:end]
            if raw in OPERATORS:
                tokens.append(_Token(raw, i + 1))
            elif raw.startswith("-") and len(raw) > 1:
                # A search engine habit that would silently look for "-banjir".
                raise QueryError(f"to leave a word out write NOT {raw[1:]}, not {raw}", i + 1)
            else:
                tokens.append(_Token("term", i + 1, _words(raw, i + 1)))
            i = end
    return tokens


class _Parser:
    """Recursive descent, one level per precedence: either := both (OR both)*;
    both := unary ([AND] unary)*; unary := NOT unary | term | ( either )."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokens(text)
        self.at = 0

    def peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> _Token:
        self.at += 1
        return self.tokens[self.at - 1]

    def parse(self) -> Node:
        if not self.tokens:
            raise QueryError("empty query", 1)
        node = self.either()
        extra = self.peek()
        if extra is not None:  # only a ')' stops `either` early
            raise QueryError("unbalanced parenthesis", extra.position)
        return node

    def either(self) -> Node:
        operands = [self.both()]
        while (token := self.peek()) is not None and token.kind == "OR":
            self.take()
            operands.append(self.both())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def both(self) -> Node:
        operands = [self.unary()]
        while (token := self.peek()) is not None and token.kind not in ("OR", ")"):
            if token.kind == "AND":
                self.take()
            operands.append(self.unary())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def unary(self) -> Node:
        token = self.peek()
        if token is None or token.kind in ("AND", "OR", ")"):
            raise self.missing_term(token)
        self.take()
        if token.kind == "NOT":
            return Not(self.unary())
        if token.kind == "(":
            node = self.either()
            if self.peek() is None:
                raise QueryError("unbalanced parenthesis", token.position)
            self.take()  # the ')'
            return node
        return Phrase(token.words)

    def missing_term(self, found: _Token | None) -> QueryError:
        """The error for a term missing at ``found`` (None: at the end of the query)."""
        position = found.position if found else len(self.text.rstrip()) + 1
        before = self.tokens[self.at - 1].kind if self.at else None  # AND, OR, NOT, ( or None
        if found is not None and found.kind == ")":
            if before is None:
                return QueryError("unbalanced parenthesis", position)
            if before == "(":
                return QueryError("empty parentheses", position)
        if before is None:
            return QueryError(f"expected a term before {found.kind}", position)
        return QueryError(f"expected a term after {before}", position)


def parse_query(text: str) -> Query:
    """``text`` read as a query; a QueryError (a ValueError) says where and why it cannot be."""
    return Query(text, _Parser(text).parse())


def load_queries(path: Path | str) -> dict[str, Query]:
    """The queries of a YAML file ``queries: {name: query}``, in the file's order. A missing
    file, bad YAML, a duplicate or bad name (letters, digits, _ and -: names become values
    in tables) or a bad query is a QueryError naming the file and the query."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)
    except FileNotFoundError:
        raise QueryError("no such file").located(path) from None
    except yaml.MarkedYAMLError as error:
        line = f"line {error.problem_mark.line + 1}: " if error.problem_mark else ""
        raise QueryError(f"{line}not valid YAML: {error.problem}").located(path) from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        raise QueryError(f"not valid YAML: {error}").located(path) from None
    if not isinstance(data, dict) or not isinstance(data.get("queries"), dict):
        raise QueryError("needs a 'queries' mapping of name: query").located(path)
    if extra := sorted(map(str, set(data) - {"queries"})):
        raise QueryError(f"unknown key(s) {', '.join(extra)} beside 'queries'").located(path)
    queries = {}
    for name, text in data["queries"].items():
        if not isinstance(name, str) or not NAME.fullmatch(name):
            problem = "a name is letters, digits, _ and - only (it becomes a value in tables)"
            raise QueryError(problem).located(path, str(name))
        if text is None:
            raise QueryError("empty query", 1).located(path, name)
        if not isinstance(text, str):
            problem = f"a query is text, not {type(text).__name__}: put it in quotes"
            raise QueryError(problem).located(path, name)
        try:
            queries[name] = parse_query(text)
        except QueryError as error:
            raise error.located(path, name) from None
    return queries


class _UniqueKeyLoader(yaml.SafeLoader):
    """Safe YAML whose mappings refuse a repeated key: a second ``banjir:`` would silently
    replace the first."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                continue  # SafeLoader refuses it with its own message
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {key!r}", key_node.start_mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep)


def release_text() -> pl.Expr:
    """Title and body of a release, lower case, as queries see them (a missing one is empty)."""
    text = pl.concat_str("title", "body", separator="\n", ignore_nulls=True)
    return text.str.to_lowercase()


def _pattern(phrases: list[Phrase]) -> str:
    """One regex for any of ``phrases`` as whole words of lower-case text."""

    def word(w: Word) -> str:
        return pl.escape_regex(w.text) + (r"\w*" if w.prefix else "")

    alternatives = "|".join(r"\s+".join(map(word, p.words)) for p in phrases)
    # Half boundaries: no word character just before or after, whatever the term's own
    # first and last characters are (a term may start or end with punctuation).
    return rf"\b{{start-half}}(?:{alternatives})\b{{end-half}}"


def _operands(node: And | Or) -> list[Node]:
    """The operands of ``node``, with those of the same operator in parentheses lifted."""
    flat = []
    for operand in node.operands:
        flat.extend(_operands(operand) if type(operand) is type(node) else [operand])
    return flat


def _compile(node: Node, text: pl.Expr) -> pl.Expr:
    if isinstance(node, Phrase):
        return text.str.contains(_pattern([node]))
    if isinstance(node, Not):
        return ~_compile(node.operand, text)
    operands = _operands(node)
    if isinstance(node, And):
        return reduce(and_, (_compile(operand, text) for operand in operands))
    # OR: the terms and phrases in one scan, the groups apart.
    phrases = [operand for operand in operands if isinstance(operand, Phrase)]
    groups = [_compile(o, text) for o in operands if not isinstance(o, Phrase)]
    scans = [text.str.contains(_pattern(phrases))] if phrases else []
    return reduce(or_, scans + groups)


def expression(query: Query, text: pl.Expr | None = None) -> pl.Expr:
    """A Boolean expression, true for the releases that match ``query``: by default over the
    title and body columns (``release_text()``); pass ``text`` (a lower-case text column)
    to share it between queries. Never null."""
    return _compile(query.root, release_text() if text is None else text)


def matches(releases: pl.LazyFrame, queries: Mapping[str, Query]) -> pl.LazyFrame:
    """One row per release and named query it matches (``MATCH_SCHEMA``: doc_id, query),
    query by query in the order of ``queries``, releases in their order. Reads doc_id, title
    and body; the lower-case text is made once and scanned once per query (or per OR group),
    the queries side by side."""
    if not queries:
        return pl.LazyFrame(schema=MATCH_SCHEMA)
    # Columns by position: a query may be named doc_id.
    names = {f"{_TEXT}{i}": name for i, name in enumerate(queries)}
    text = pl.col(_TEXT)
    flags = {f"{_TEXT}{i}": expression(q, text) for i, q in enumerate(queries.values())}
    return (
        releases.select(pl.col("doc_id").cast(pl.String), release_text().alias(_TEXT))
        .select("doc_id", **flags)
        .unpivot(index="doc_id", variable_name="query")
        .filter("value")
        .select("doc_id", pl.col("query").replace_strict(names, return_dtype=pl.String))
    )
