"""The records of a JSON API answer: a list, or the list under ``data`` (every documented API)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit


def api_records(text: str) -> list[dict[str, Any]]:
    """The answer's records; ``ValueError`` when the answer is not JSON."""
    try:
        payload = json.loads(text)
    except ValueError as error:
        raise ValueError(f"not JSON ({error})") from None
    data = payload.get("data") if isinstance(payload, dict) else payload
    return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []


def aceh_detail_url(list_url: str, slug: str) -> str:
    """The detail record of an item of Aceh's list API (``/json<slug>.json?mode=origin``)."""
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(list_url))
    return f"{origin}/json{slug}.json?mode=origin"
