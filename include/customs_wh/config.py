"""Runtime configuration, read from the environment (README: Configuration).

Every path the product writes is under ``CUSTOMS_WH_HOME``; nothing else on the
machine is touched.
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from customs_wh.words import is_month

REAL_GACC_BASE_URL = "http://english.customs.gov.cn"
# ALERT_SMTP_TLS: how mail reaches the relay, and the port each way uses unless ALERT_SMTP_PORT says otherwise.
SMTP_TLS_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"

# Defaults of the bounds on waiting (README: Configuration).
DEFAULT_LOCK_WAIT_S = 600.0
DEFAULT_FETCH_PAGE_DEADLINE_S = 120.0
DEFAULT_FETCH_RUN_BUDGET_S = 3600.0


def available_processors() -> int:
    """The processors this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class HomeUnusable(OSError):
    """CUSTOMS_WH_HOME cannot hold the warehouse (not a directory, not writable); one line, naming the path."""


@dataclass(frozen=True)
class Settings:
    home: Path
    base_url: str
    alert_webhook_url: str | None = None
    smtp_host: str | None = None
    smtp_port: int = 587
    alert_email_to: str | None = None
    alert_email_from: str | None = None
    smtp_user: str | None = None
    smtp_password: str | None = None
    smtp_tls: str = "starttls"  # starttls | ssl | none (SMTP_TLS_PORTS); anything else: mail is refused, and logged
    publish_notice: bool = True  # one message through the alert channels for every published run
    # How long a writer waits for the home's lock held by another one before giving up.
    lock_wait_s: float = DEFAULT_LOCK_WAIT_S
    # Downloads: all attempts at one page, and all downloads of one stage of a run, together.
    fetch_page_deadline_s: float = DEFAULT_FETCH_PAGE_DEADLINE_S
    fetch_run_budget_s: float = DEFAULT_FETCH_RUN_BUDGET_S
    # The partner sources' roots (CENSUS_BASE_URL, EUROSTAT_BASE_URL, HMRC_BASE_URL, ECB_BASE_URL): source -> URL,
    # only those set; the real APIs otherwise. The Census API key is optional and never stored.
    partner_base_urls: dict[str, str] = field(default_factory=dict)
    census_api_key: str | None = None
    # The last month the site at base_url will ever list (the sample site's; None for GACC, which
    # keeps publishing): a scheduled run for a later month stops at once instead of waiting.
    source_last_month: str | None = None
    # The home's mute rules (docs/alerts.md); None: $CUSTOMS_WH_HOME/alert-mutes.yml, if present.
    alert_mutes_file: Path | None = None
    # Processes that parse landed pages at once (a backfill's thousands; a few dozen parse in one).
    parse_workers: int = field(default_factory=available_processors)

    @property
    def raw_dir(self) -> Path:
        return self.home / "raw"

    @property
    def quarantine_dir(self) -> Path:
        return self.home / "quarantine"

    @property
    def build_db(self) -> Path:
        return self.home / "build.duckdb"

    @property
    def warehouse_db(self) -> Path:
        return self.home / "warehouse.duckdb"

    @property
    def airflow_home(self) -> Path:
        return self.home / "airflow"

    @property
    def gx_dir(self) -> Path:
        """The Great Expectations project (GX names its folder "gx"; its root is the home)."""
        return self.home / "gx"

    @property
    def data_docs_index(self) -> Path:
        return self.gx_dir / "uncommitted" / "data_docs" / "local_site" / "index.html"

    @property
    def dbt_dir(self) -> Path:
        """dbt's target/ (compiled SQL, partial-parse state) and logs/ for in-process builds."""
        return self.home / "dbt"

    @property
    def dbt_docs_dir(self) -> Path:
        """dbt's documentation site (``dbt docs generate``), served by Cosmos in the Airflow UI."""
        return self.dbt_dir / "docs"

    @property
    def report_dir(self) -> Path:
        """The HTML report (index.html) and the CSV behind each chart (data/)."""
        return self.home / "report"

    @property
    def exports_dir(self) -> Path:
        return self.home / "exports"

    @property
    def lock_file(self) -> Path:
        return self.home / "refresh.lock"

    def ensure_dirs(self) -> None:
        """Create the home and its folders, or raise :class:`HomeUnusable` saying which path and why."""
        for path in (self.home, self.raw_dir, self.quarantine_dir):
            if path.exists() and not path.is_dir():
                raise HomeUnusable(f"CUSTOMS_WH_HOME: {path} is not a directory")
            try:
                path.mkdir(parents=True, exist_ok=True)
            except FileExistsError:
                raise HomeUnusable(f"CUSTOMS_WH_HOME: {path} (or a folder above it) is not a directory") from None
            except OSError as exc:
                raise HomeUnusable(f"CUSTOMS_WH_HOME: cannot create {path}: {exc.strerror or exc}") from None


def _seconds(env: dict[str, str], name: str, default: float) -> float:
    text = env.get(name) or ""
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"{name} must be a number of seconds, not {text!r}") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a finite number of seconds >= 0, not {text!r}")
    return value


def _workers(env: dict[str, str], name: str) -> int:
    text = (env.get(name) or "").strip()
    if not text:
        return available_processors()
    if not text.isdigit() or int(text) < 1:
        raise ValueError(f"{name} must be a whole number of processes >= 1, not {text!r}")
    return int(text)


def _month(env: dict[str, str], name: str) -> str | None:
    text = (env.get(name) or "").strip()
    if not text:
        return None
    if not is_month(text):
        raise ValueError(f"{name} must be a month like 2026-10, not {text!r}")
    return text


def load_settings(env: dict[str, str] | None = None) -> Settings:
    env = dict(os.environ if env is None else env)
    tls = (env.get("ALERT_SMTP_TLS") or "starttls").strip().lower()
    port = env.get("ALERT_SMTP_PORT") or str(SMTP_TLS_PORTS.get(tls, SMTP_TLS_PORTS["starttls"]))
    return Settings(
        home=Path(env.get("CUSTOMS_WH_HOME") or "./var").resolve(),
        base_url=(env.get("GACC_BASE_URL") or REAL_GACC_BASE_URL).rstrip("/"),
        alert_webhook_url=env.get("ALERT_WEBHOOK_URL") or None,
        smtp_host=env.get("ALERT_SMTP_HOST") or None,
        smtp_port=int(port),
        alert_email_to=env.get("ALERT_EMAIL_TO") or None,
        alert_email_from=env.get("ALERT_EMAIL_FROM") or None,
        smtp_user=env.get("ALERT_SMTP_USER") or None,
        smtp_password=env.get("ALERT_SMTP_PASSWORD") or None,
        smtp_tls=tls,
        publish_notice=(env.get("ALERT_PUBLISH_NOTICE") or "true").strip().lower() not in FALSE_WORDS,
        lock_wait_s=_seconds(env, "CUSTOMS_WH_LOCK_WAIT_S", DEFAULT_LOCK_WAIT_S),
        fetch_page_deadline_s=_seconds(env, "CUSTOMS_WH_FETCH_PAGE_DEADLINE_S", DEFAULT_FETCH_PAGE_DEADLINE_S),
        fetch_run_budget_s=_seconds(env, "CUSTOMS_WH_FETCH_RUN_BUDGET_S", DEFAULT_FETCH_RUN_BUDGET_S),
        partner_base_urls={
            source: env[f"{source.upper()}_BASE_URL"].rstrip("/")
            for source in ("census", "eurostat", "hmrc", "ecb")
            if env.get(f"{source.upper()}_BASE_URL")
        },
        census_api_key=env.get("CENSUS_API_KEY") or None,
        source_last_month=_month(env, "GACC_LAST_MONTH"),
        alert_mutes_file=Path(env["CUSTOMS_WH_ALERT_MUTES"]).resolve() if env.get("CUSTOMS_WH_ALERT_MUTES") else None,
        parse_workers=_workers(env, "CUSTOMS_WH_PARSE_WORKERS"),
    )
