"""Charts of the coverage tables, one function per chart: each takes the stats stage's Polars
frames (``data/stats/*.parquet``, or the notebook API's collected frames) and returns an
Altair chart. The coverage report embeds them; a notebook can show them as they are.

Periods are dates in the publishing province's local time, so every time scale is UTC: a
reader west of Greenwich sees 1 June as 1 June, not 31 May. A frame with a ``province`` column
(a name) is labelled by it, else by ``province_code``.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from siaran.analysis.attention import ALL

WIDTH = 640
# Small multiples: one panel per province, this many to a row.
COLUMNS = 6


def _province(frame: pl.DataFrame) -> str:
    return "province" if "province" in frame.columns else "province_code"


def _period(field: str, title: str | None = None, **unit: str) -> alt.X:
    return alt.X(f"{field}:T", title=title, scale=alt.Scale(type="utc"), **unit)


def _granularity(frame: pl.DataFrame, granularity: str) -> pl.DataFrame:
    return frame.filter(pl.col("granularity").cast(pl.String) == granularity)


def panel_volume(volume: pl.DataFrame) -> alt.Chart:
    """Releases and duplicate clusters per month, the whole panel (``volume``)."""
    monthly = (
        _granularity(volume, "month")
        .group_by("period")
        .agg(releases=pl.col("n_releases").sum(), clusters=pl.col("n_clusters").sum())
        .unpivot(index="period", variable_name="count", value_name="n")
        .sort("count", "period")
    )
    return (
        alt.Chart(monthly, title="Releases and duplicate clusters per month")
        .mark_line(point=True)
        .encode(
            x=_period("period", "month", timeUnit="utcyearmonth"),
            y=alt.Y("n:Q", title="per month"),
            color=alt.Color("count:N", title=None),
            strokeDash=alt.StrokeDash("count:N", title=None),
            tooltip=[
                alt.Tooltip("period:T", timeUnit="utcyearmonth", title="month"),
                "count:N",
                "n:Q",
            ],
        )
        .properties(width=WIDTH, height=220)
    )


def weekly_volume_by_province(volume: pl.DataFrame) -> alt.FacetChart:
    """Releases per local ISO week, one small panel per province (``volume``)."""
    label = _province(volume)
    weekly = (
        _granularity(volume, "week")
        .filter(pl.col("province_code").is_not_null())
        .group_by(label, "period")
        .agg(releases=pl.col("n_releases").sum())
        .sort(label, "period")
    )
    return (
        alt.Chart(weekly)
        .mark_area(line=True, opacity=0.4, interpolate="step-after")
        .encode(
            x=_period("period"),
            y=alt.Y("releases:Q", title=None),
            tooltip=[f"{label}:N", alt.Tooltip("period:T", title="week"), "releases:Q"],
        )
        .properties(width=110, height=60)
        .facet(
            facet=alt.Facet(f"{label}:N", title=None, header=alt.Header(labelFontSize=10)),
            columns=COLUMNS,
            title="Releases per week, by province",
        )
    )


def panel_attention(attention: pl.DataFrame) -> alt.Chart:
    """Each query's share of the panel's clusters per month (``attention``, group ``ALL``)."""
    monthly = _granularity(attention, "month").filter(pl.col("province_code") == ALL)
    return (
        alt.Chart(monthly, title="Attention per month: share of the panel's clusters")
        .mark_line(point=True)
        .encode(
            x=_period("period", "month", timeUnit="utcyearmonth"),
            y=alt.Y("ratio:Q", title="share of clusters", axis=alt.Axis(format="%")),
            color=alt.Color("query:N", title="query"),
            tooltip=[
                "query:N",
                alt.Tooltip("period:T", timeUnit="utcyearmonth", title="month"),
                "count:Q",
                "total:Q",
                alt.Tooltip("ratio:Q", format=".1%"),
            ],
        )
        .properties(width=WIDTH, height=260)
    )


def relative_attention(attention: pl.DataFrame) -> alt.Chart:
    """Each province's attention to each query over the whole span, relative to the panel's
    (1 = as the panel; ``attention``, months summed)."""
    monthly = _granularity(attention, "month")
    label = _province(monthly)
    spans = monthly.group_by("query", "province_code", label).agg(
        count=pl.col("count").sum(), total=pl.col("total").sum()
    )
    panel = spans.filter(pl.col("province_code") == ALL).select(
        "query", panel=pl.col("count") / pl.col("total")
    )
    relative = (
        spans.filter(pl.col("province_code") != ALL)
        .join(panel, on="query")
        .with_columns(ratio=pl.col("count") / pl.col("total"))
        .with_columns(
            relative=pl.when(pl.col("total") > 0, pl.col("panel") > 0).then(
                pl.col("ratio") / pl.col("panel")
            )
        )
        .sort(label, "query")
    )
    return (
        alt.Chart(relative, title="Relative attention: a province's share over the panel's")
        .mark_rect()
        .encode(
            x=alt.X("query:N", title=None, axis=alt.Axis(orient="top", labelAngle=0)),
            y=alt.Y(f"{label}:N", title=None),
            color=alt.Color(
                "relative:Q",
                title="× panel",
                scale=alt.Scale(scheme="blueorange", domainMid=1),
            ),
            tooltip=[
                f"{label}:N",
                "query:N",
                "count:Q",
                "total:Q",
                alt.Tooltip("ratio:Q", format=".1%"),
                alt.Tooltip("relative:Q", format=".2f"),
            ],
        )
        .properties(width=alt.Step(60), height=alt.Step(14))
    )


def source_weeks(source_health: pl.DataFrame) -> alt.LayerChart:
    """Releases per source and week, gap weeks outlined in red (``source_health``)."""
    weeks = source_health.with_columns(
        gap=pl.when(pl.col("is_gap")).then(pl.lit("gap week")).otherwise(pl.lit("")),
        state=pl.col("state").cast(pl.String),
    )
    base = alt.Chart(weeks).encode(
        x=alt.X("week:O", title="week (Monday, local time)", timeUnit="utcyearmonthdate"),
        y=alt.Y("source:N", title=None),
    )
    cells = base.mark_rect().encode(
        color=alt.Color("n_releases:Q", title="releases", scale=alt.Scale(scheme="greens")),
        tooltip=[
            "source:N",
            alt.Tooltip("week:T", title="week", timeUnit="utcyearmonthdate"),
            "n_releases:Q",
            alt.Tooltip("expected:Q", format=".1f"),
            "gap:N",
            "state:N",
        ],
    )
    gaps = (
        base.transform_filter(alt.datum.is_gap)
        .mark_rect(fill=None, stroke="#d62728", strokeWidth=2)
        .encode()
    )
    return alt.layer(cells, gaps, title="Releases per source and week (red: gap weeks)").properties(
        width=alt.Step(14), height=alt.Step(12)
    )


def regency_concentration(concentration: pl.DataFrame) -> alt.Chart:
    """Regencies mentioned and never mentioned per province, and the Gini index of the
    attention among them (``concentration``)."""
    label = _province(concentration)
    counts = concentration.with_columns(never=pl.col("n_regions") - pl.col("n_mentioned")).unpivot(
        index=[label, "gini", "n_regions"],
        on=["n_mentioned", "never"],
        variable_name="regencies",
        value_name="n",
    )
    counts = counts.with_columns(
        pl.col("regencies").replace({"n_mentioned": "mentioned", "never": "never mentioned"})
    )
    order = alt.EncodingSortField(field="gini", op="max", order="descending")
    bars = (
        alt.Chart(counts, title="Regencies named in each province's releases")
        .mark_bar()
        .encode(
            y=alt.Y(f"{label}:N", title=None, sort=order),
            x=alt.X("n:Q", title="regencies and cities", stack=True),
            color=alt.Color(
                "regencies:N",
                title=None,
                scale=alt.Scale(
                    domain=["mentioned", "never mentioned"], range=["#4c78a8", "#e45756"]
                ),
            ),
            tooltip=[f"{label}:N", "regencies:N", "n:Q", "n_regions:Q"],
        )
        .properties(width=300, height=alt.Step(14))
    )
    gini = (
        alt.Chart(concentration, title="Gini index of that attention")
        .mark_bar(color="#72b7b2")
        .encode(
            y=alt.Y(f"{label}:N", title=None, sort=order, axis=None),
            x=alt.X("gini:Q", title="Gini (0 even, 1 one regency)", scale=alt.Scale(domain=[0, 1])),
            tooltip=[
                f"{label}:N",
                alt.Tooltip("gini:Q", format=".2f"),
                alt.Tooltip("entropy:Q", format=".2f"),
            ],
        )
        .properties(width=200, height=alt.Step(14))
    )
    return alt.hconcat(bars, gini).resolve_scale(y="shared")


def share_of_voice(speakers: pl.DataFrame, top: int = 5) -> alt.Chart:
    """Each province's attributed quotes split among its ``top`` most-quoted speakers and
    everyone else (``speakers``)."""
    label = _province(speakers)
    ranked = speakers.with_columns(
        rank=pl.col("n_quotes").rank("ordinal", descending=True).over("province_code")
    )
    top_rows = ranked.filter(pl.col("rank") <= top)
    rest = (
        ranked.filter(pl.col("rank") > top)
        .group_by(label)
        .agg(pl.col("n_quotes").sum(), pl.col("share_of_voice").sum())
        .with_columns(
            rank=pl.lit(top + 1, pl.UInt32),
            speaker=pl.lit("others"),
            role=pl.lit(None, pl.String),
        )
    )
    bars = pl.concat([top_rows.select(rest.columns), rest], how="vertical_relaxed").sort(
        label, "rank"
    )
    return (
        alt.Chart(bars, title=f"Share of voice: the {top} most-quoted speakers of each province")
        .mark_bar()
        .encode(
            y=alt.Y(f"{label}:N", title=None),
            x=alt.X(
                "share_of_voice:Q",
                title="share of attributed quotes",
                stack="zero",
                axis=alt.Axis(format="%"),
            ),
            color=alt.Color("rank:O", title="rank", scale=alt.Scale(scheme="tableau10")),
            order=alt.Order("rank:Q"),
            tooltip=[
                f"{label}:N",
                "speaker:N",
                "role:N",
                "n_quotes:Q",
                alt.Tooltip("share_of_voice:Q", format=".1%"),
            ],
        )
        .properties(width=WIDTH - 140, height=alt.Step(14))
    )
