"""Runtime configuration, read from the environment (README: Configuration).

Every path the product writes is under ``CUSTOMS_WH_HOME``; nothing else on the
machine is touched.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

REAL_GACC_BASE_URL = "http://english.customs.gov.cn"
# ALERT_SMTP_TLS: how mail reaches the relay, and the port each way uses unless ALERT_SMTP_PORT says otherwise.
SMTP_TLS_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
FALSE_WORDS = frozenset({"0", "false", "no", "off"})
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DBT_PROJECT_DIR = PROJECT_ROOT / "dbt_project"


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
        for path in (self.home, self.raw_dir, self.quarantine_dir):
            path.mkdir(parents=True, exist_ok=True)


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
    )
