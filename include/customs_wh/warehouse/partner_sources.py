"""The partner sources the warehouse lands, each through its own folder (``census``, ``eurostat``,
``hmrc``, ``ecb``): its real root, its request forms and its parser, looked up by name."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from customs_wh.census import parse as census_parse
from customs_wh.census import requests as census_requests
from customs_wh.config import Settings
from customs_wh.contracts import ParseError
from customs_wh.ecb import parse as ecb_parse
from customs_wh.ecb import requests as ecb_requests
from customs_wh.eurostat import parse as eurostat_parse
from customs_wh.eurostat import requests as eurostat_requests
from customs_wh.hmrc import parse as hmrc_parse
from customs_wh.hmrc import requests as hmrc_requests
from customs_wh.partner_contracts import PARTNER_SOURCES, ParsedResponse, PartnerRequest


@dataclass(frozen=True)
class PartnerSource:
    name: str
    real_base_url: str
    requests_for_year: Callable[..., list[PartnerRequest]]  # (base_url, year, last_month=None)
    parse_response: Callable[[bytes, str], ParsedResponse]  # (content, page)
    # What the source's releases follow (README of docs/partner-sources.md): the DAG's schedule.
    release_rhythm: str


SOURCES: dict[str, PartnerSource] = {
    "census": PartnerSource(
        "census",
        census_requests.REAL_BASE_URL,
        census_requests.requests_for_year,
        census_parse.parse_response,
        "about five weeks after the month; prior years revised each spring with the April release",
    ),
    "eurostat": PartnerSource(
        "eurostat",
        eurostat_requests.REAL_BASE_URL,
        eurostat_requests.requests_for_year,
        eurostat_parse.parse_response,
        "about six weeks after the month; earlier months revised as member states resubmit",
    ),
    "hmrc": PartnerSource(
        "hmrc",
        hmrc_requests.REAL_BASE_URL,
        hmrc_requests.requests_for_year,
        hmrc_parse.parse_response,
        "about six weeks after the month, on a published calendar; revisions with later releases",
    ),
    "ecb": PartnerSource(
        "ecb",
        ecb_requests.REAL_BASE_URL,
        ecb_requests.requests_for_year,
        ecb_parse.parse_response,
        "a monthly average the first working day after the month; never revised",
    ),
}
assert tuple(SOURCES) == PARTNER_SOURCES


def base_url(settings: Settings, source: str) -> str:
    """Where ``source`` is asked: its *_BASE_URL setting (a sample server), else the real API."""
    return settings.partner_base_urls.get(source) or SOURCES[source].real_base_url


def parse_response(source: str, content: bytes, page: str) -> ParsedResponse:
    """The source's parser; anything else it raises on odd input is still a one-line refusal naming the source."""
    try:
        return SOURCES[source].parse_response(content, page)
    except ParseError:
        raise
    except Exception as exc:  # noqa: BLE001 - a parser crash on odd input is a refused answer, not a traceback
        raise ParseError(page, f"{source}: parser failed: {type(exc).__name__}: {' '.join(str(exc).split())}") from exc
