"""What a sample server answers, and the state it answers from (pure: a request in, a response out)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class SourceState:
    """What one sample source has published: ``published_through`` is its newest month; ``revision`` the
    vintage of its prior years (the spring revision); ``unavailable`` makes it answer 503 to everything;
    ``missing_months`` are months it has not published (the ECB: a rate not there)."""

    published_through: str
    revision: int = 0
    unavailable: bool = False
    missing_months: set[str] = field(default_factory=set)
    base_url: str = ""  # the server's own root, for links it prints (HMRC's nextLink)


@dataclass(frozen=True)
class Answer:
    status: int
    content_type: str
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = ()


def text(status: int, body: str, content_type: str = "text/plain;charset=utf-8") -> Answer:
    return Answer(status, content_type, body.encode())


UNAVAILABLE = Answer(
    503,
    "text/html;charset=utf-8",
    b"<html><body><h1>503 Service Unavailable</h1></body></html>",
    (("Retry-After", "0"),),
)
