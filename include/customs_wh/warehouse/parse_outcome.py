"""What parsing the landed pages came to: pages loaded, quarantined, and known gaps, and the
alerts that tell people (the parse stage sends them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from customs_wh.contracts import Alert

PARTNER_LABELS = "gacc_partner_labels.csv"
# The alert a row label no reference names raises, by the seed that should name it.
UNMAPPED_CHECKS = {
    PARTNER_LABELS: "parse: partner label not mapped",
    "gacc_structure_labels.csv": "parse: regime, enterprise or place label not mapped",
}


@dataclass(frozen=True)
class KnownGap:
    """A page GACC published as an image: landed and recorded, no numbers to load."""

    label: str  # the release, as alerts name it
    page: str  # URL and release
    image_url: str
    first_seen: bool  # no earlier vintage of the release recorded the same image


@dataclass
class ParseResult:
    """``loaded``: sha256 of pages loaded now; ``quarantined``: (release label, page, reason),
    with ``quarantined_pages`` the same pages as "release_key|sha256"; ``known_gaps``: pages
    published as images. ``held_back`` (set by the caller's failure policy): quarantined pages
    that do not stop the run, each with why."""

    loaded: list[str] = field(default_factory=list)
    quarantined: list[tuple[str, str, str]] = field(default_factory=list)
    quarantined_pages: list[str] = field(default_factory=list)
    known_gaps: list[KnownGap] = field(default_factory=list)
    held_back: dict[str, str] = field(default_factory=dict)
    rows: int = 0
    # (release label, page, row label, the seed that should name it): rows landed under a
    # placeholder code (UNMAPPED_…)
    unmapped: list[tuple[str, str, str, str]] = field(default_factory=list)

    def _stops(self) -> list[tuple[str, str, str]]:
        return [q for q, key in zip(self.quarantined, self.quarantined_pages, strict=True) if key not in self.held_back]

    def alerts(self, run_id: str) -> list[Alert]:
        """A critical alert per page the parser rejected; a warning per new page published as an image."""
        rejected = [
            Alert.now(
                run_id=run_id,
                release=label,
                check_name="parse",
                severity="critical",
                observed=reason,
                expected="a page in the GACC release layout",
                message=(
                    f"Page {page} is quarantined and held back ({self.held_back[key]}); the run publishes without it."
                    if key in self.held_back
                    else f"Page {page} is quarantined; the run stops and the warehouse is unchanged."
                ),
                stops_run=key not in self.held_back,
            )
            for (label, page, reason), key in zip(self.quarantined, self.quarantined_pages, strict=True)
        ]
        gaps = [
            Alert.now(
                run_id=run_id,
                release=gap.label,
                check_name="published_as_image",
                severity="warning",
                observed=f"published as an image, no numbers in the HTML ({gap.image_url})",
                expected="the release's table in the HTML",
                message=(
                    f"Page {gap.page} is recorded as a known gap: the marts have no numbers from this page "
                    "(marts.release_gaps lists each table left without numbers, unless a later page such as "
                    "the Monthly Bulletin's prints them), and later runs do not alert it again."
                ),
            )
            for gap in self.known_gaps
            if gap.first_seen
        ]
        unmapped = [
            Alert.now(
                run_id=run_id,
                release=label,
                check_name=UNMAPPED_CHECKS[reference],
                severity="warning",
                observed=printed,
                expected=f"a label of {reference}"
                + (" or an ISO 3166 country name" if reference == PARTNER_LABELS else ""),
                message=(
                    f"Page {page} prints the row {printed!r}, which no reference names; its row is landed under "
                    f"a placeholder code (UNMAPPED_…) until the label is added to {reference}."
                ),
            )
            for label, page, printed, reference in self.unmapped
        ]
        return rejected + gaps + unmapped

    def failure(self) -> str | None:
        """Why the parse stage failed, in one line; None when every page loaded, was held back or is a known gap."""
        stops = self._stops()
        if not stops:
            return None
        _label, page, reason = stops[0]
        return f"{len(stops)} page(s) rejected and quarantined; first: {page}: {reason}"
