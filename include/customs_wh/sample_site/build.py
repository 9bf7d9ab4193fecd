"""Writing the sample site to a directory as static files."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from customs_wh.sample_site.bulletin_releases import bulletin_pages
from customs_wh.sample_site.calibration import MODEL_FIRST_YEAR, MODEL_LAST_YEAR, SITE_FIRST_MONTH, SITE_LAST_MONTH
from customs_wh.sample_site.months import month_range, parse_month
from customs_wh.sample_site.releases import release_months, site_releases
from customs_wh.sample_site.render import SYNTHETIC_NOTE, render_home, render_release
from customs_wh.sample_site.render_bulletin import render_bulletin_page
from customs_wh.sample_site.render_bulletin_index import bulletin_index_path, render_bulletin_index
from customs_wh.sample_site.render_index import index_path, render_index


@dataclass(frozen=True)
class SiteSummary:
    first_month: str
    last_month: str
    release_pages: int
    preliminary_pages: int
    bulletin_pages: int  # Monthly Bulletin tables: 19 a month, (1) A and B counted apart
    image_pages: int  # release pages that print their table as a picture (2018 tables by country)
    index_pages: int
    reference_months: int
    total_bytes: int
    bulletin_bytes: int = 0  # of total_bytes, the Monthly Bulletin's pages and indexes

    @property
    def releases(self) -> int:
        """Release identities (month, section, currency, kind); one page each."""
        return self.release_pages

    @property
    def pages(self) -> int:
        """Every HTML file written (release pages, index pages and the home page)."""
        return self.release_pages + self.index_pages + 1

    def __str__(self) -> str:
        return (
            f"{self.first_month}..{self.last_month}: {self.release_pages} release pages "
            f"({self.preliminary_pages} preliminary, {self.bulletin_pages} monthly bulletin; "
            f"{self.image_pages} printed as pictures) for {self.reference_months} reference months, "
            f"{self.index_pages} index pages, {self.total_bytes / 1e6:.1f} MB "
            f"({self.bulletin_bytes / 1e6:.1f} MB monthly bulletin)"
        )


def validate_span(first_month: str, last_month: str, bulletin_lag_months: int) -> None:
    parse_month(first_month)
    parse_month(last_month)
    earliest, latest = f"{MODEL_FIRST_YEAR + 1}-01", f"{MODEL_LAST_YEAR}-12"
    if not earliest <= first_month <= last_month <= latest:
        raise ValueError(
            f"sample site months must satisfy {earliest} <= first_month <= last_month <= {latest}; "
            f"got {first_month}..{last_month}"
        )
    if bulletin_lag_months < 0:
        raise ValueError(f"bulletin_lag_months must be >= 0, got {bulletin_lag_months}")


def build_site(
    out_dir: Path,
    *,
    first_month: str = SITE_FIRST_MONTH,
    last_month: str = SITE_LAST_MONTH,
    bulletin_lag_months: int = 2,
) -> SiteSummary:
    """Write the sample site under out_dir (its root is the root of GACC_BASE_URL).

    Pages from an earlier build in out_dir are replaced, so the directory holds exactly this
    span's site. Absolute links carry markup.ORIGIN_PLACEHOLDER; ``serve`` replaces it with
    its own origin.
    """
    validate_span(first_month, last_month, bulletin_lag_months)
    out_dir = Path(out_dir)
    releases = site_releases(first_month, last_month)
    bulletins = bulletin_pages(first_month, last_month, bulletin_lag_months)
    years = sorted({parse_month(month)[0] for month in month_range(first_month, last_month)})

    for generated in ("Statics", "statics"):
        shutil.rmtree(out_dir / generated, ignore_errors=True)
    (out_dir / "Statics").mkdir(parents=True)
    (out_dir / "statics" / "report").mkdir(parents=True)

    total_bytes = 0

    def write(relative: str, text: str) -> None:
        nonlocal total_bytes
        data = text.encode("utf-8")
        (out_dir / relative.lstrip("/")).write_bytes(data)
        total_bytes += len(data)

    for release in releases:
        write(release.page_path, render_release(release))
    for year in years:
        write(
            index_path(year, years[-1]),
            render_index(year, years, releases, SYNTHETIC_NOTE),
        )
    preliminary_bytes = total_bytes
    for page in bulletins:
        write(page.page_path, render_bulletin_page(page, SYNTHETIC_NOTE))
    for year in years:
        write(bulletin_index_path(year, years[-1]), render_bulletin_index(year, years, bulletins, SYNTHETIC_NOTE))
    write("index.html", render_home())

    return SiteSummary(
        first_month=first_month,
        last_month=last_month,
        release_pages=len(releases) + len(bulletins),
        preliminary_pages=len(releases),
        bulletin_pages=len(bulletins),
        image_pages=sum(1 for release in releases if release.as_image),
        index_pages=2 * len(years),
        reference_months=len(release_months(first_month, last_month)),
        total_bytes=total_bytes,
        bulletin_bytes=total_bytes - preliminary_bytes,
    )
