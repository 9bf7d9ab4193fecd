"""The partner gate: checks on a partner source's newly landed rows (gate 1's style: each check a query, a
failure an alert naming what failed) and the mirror's own history (gate 2's style, a warning).

Critical checks quarantine the answers they name: their rows never reach the marts.

* ``contract_values``: flows, currencies and valuations are the contract's, per source.
* ``total_within_chapters``: a TOTAL equals the sum of its chapters (Census, Comext), within a dollar or
  euro per chapter of rounding; an aggregate is never a detail, and a chapter never its total.
* ``aggregate_above_members``: the EU27's total is not below a member state's.
* ``both_flows`` (warning): the source's newest month has imports and exports.
* ``suppressed_rows`` (warning): how many rows the source withheld, so a person knows which mirror rows are absent.
* ``rate_present`` (warning): every month of euro or pound trade has its ECB rate (else no mirror row).
* ``gap_within_history`` (warning, on mirror_trade): the log of partner ÷ China over the newest three months
  within four standard deviations of its previous 24 months; the alert names the partner, chapter and months.
"""

from __future__ import annotations

from customs_wh.contracts import Alert, Severity

CURRENCIES = {"census": "USD", "eurostat": "EUR", "hmrc": "GBP"}
VALUATIONS = {"census": ("customs_value", "fas"), "eurostat": ("cif", "fob"), "hmrc": ("cif", "fob")}


def _alert(run_id: str, source: str, check: str, severity: Severity, observed, expected: str, message: str) -> Alert:
    return Alert.now(
        run_id=run_id,
        release=f"{source} answers of run {run_id}",
        check_name=f"partner gate: {check}",
        severity=severity,
        observed=observed,
        expected=expected,
        message=message,
    )


def landing_checks(con, source: str, run_id: str) -> tuple[list[Alert], list[tuple[str, str, str]]]:
    """Alerts for the answers this run landed for ``source``, and the answers to quarantine
    (request_key, sha256, reason)."""
    if source == "ecb":
        return [], []
    new = "from raw.partner_observations o join raw.partner_manifest m using (source, request_key, sha256) "
    new += "where m.source = ? and m.run_id = ? and m.status = 'landed'"
    alerts: list[Alert] = []
    rejected: list[tuple[str, str, str]] = []
    bad_values = con.execute(
        f"select o.request_key, o.sha256, any_value(o.flow), any_value(o.currency), any_value(o.valuation) {new} "
        "and (o.flow not in ('import', 'export') or o.currency <> ? or o.valuation not in (?, ?)) group by 1, 2",
        [source, run_id, CURRENCIES[source], *VALUATIONS[source]],
    ).fetchall()
    for key, sha, flow, currency, valuation in bad_values:
        reason = f"{source}: flow {flow}, currency {currency}, valuation {valuation} outside the contract"
        rejected.append((key, sha, reason))
    mismatched = con.execute(
        f"""
        with rows as (select o.* {new} and not o.suppressed),
        totals as (select reporter, partner_code, flow, period_month, sum(value) as total from rows
                   where product = 'TOTAL' and measure not in ('CON_VAL_MO') group by all),
        chapters as (select reporter, partner_code, flow, period_month, sum(value) as chapters, count(*) as n
                     from rows where product <> 'TOTAL' and measure not in ('CON_VAL_MO') group by all)
        select reporter, partner_code, flow, period_month, total, chapters from totals join chapters using
            (reporter, partner_code, flow, period_month)
        where abs(total - chapters) > n
        order by period_month limit 5
        """,
        [source, run_id],
    ).fetchall()
    if mismatched and source != "hmrc":
        observed = "; ".join(f"{r} {p} {f} {m}: TOTAL {t:,.0f}, chapters {c:,.0f}" for r, p, f, m, t, c in mismatched)
        alerts.append(
            _alert(
                run_id,
                source,
                "total_within_chapters",
                "critical",
                observed,
                "TOTAL = the sum of its chapters",
                "The answers are quarantined: an aggregate that is not its detail's sum would be double-counted.",
            )
        )
        rejected += [
            (key, sha, f"{source}: TOTAL is not the sum of its chapters ({observed[:120]})")
            for key, sha in con.execute(f"select distinct o.request_key, o.sha256 {new}", [source, run_id]).fetchall()
        ]
    if source == "eurostat":
        below = con.execute(
            f"""
            with rows as (select o.* {new} and o.product = 'TOTAL' and not o.suppressed)
            select m.reporter, m.partner_code, m.flow, m.period_month from rows m join rows e
                on e.reporter = 'EU27_2020' and m.reporter <> 'EU27_2020' and (m.partner_code, m.flow, m.period_month)
                = (e.partner_code, e.flow, e.period_month)
            where m.value > e.value limit 5
            """,
            [source, run_id],
        ).fetchall()
        if below:
            alerts.append(
                _alert(
                    run_id,
                    source,
                    "aggregate_above_members",
                    "critical",
                    below,
                    "the EU27 at least any member",
                    "A member state above the EU27: the answers are not read until a person looks.",
                )
            )
    flows = con.execute(f"select count(distinct o.flow) {new}", [source, run_id]).fetchone()[0]
    if flows == 1:
        alerts.append(
            _alert(
                run_id,
                source,
                "both_flows",
                "warning",
                "one flow only",
                "imports and exports",
                "The mirror has one direction for these months.",
            )
        )
    suppressed = con.execute(
        f"select count(*), string_agg(distinct o.period_month || ' ' || o.product, ', ') {new} and o.suppressed",
        [source, run_id],
    ).fetchone()
    if suppressed[0]:
        alerts.append(
            _alert(
                run_id,
                source,
                "suppressed_rows",
                "warning",
                f"{suppressed[0]} row(s): {suppressed[1][:200]}",
                "none",
                "Suppressed rows are kept without a value; the mirror has no row for their chapter or month.",
            )
        )
    return alerts, rejected


def rate_warnings(con, run_id: str) -> list[Alert]:
    """A month of euro or pound trade without its ECB rate (its mirror row is absent, never guessed)."""
    missing = con.execute(
        """
        select distinct o.currency, o.period_month from raw.partner_observations o
        where o.currency in ('EUR', 'GBP')
          and not exists (
              select 1 from raw.exchange_rates r where r.currency = 'USD' and r.period_month = o.period_month
          )
        order by 2 limit 12
        """
    ).fetchall()
    if not missing:
        return []
    months = ", ".join(f"{currency} {month}" for currency, month in missing)
    return [
        _alert(
            run_id,
            "ecb",
            "rate_present",
            "warning",
            months,
            "an ECB monthly rate for every month of trade",
            "These months have no mirror row until the ECB's rate lands.",
        )
    ]


def gap_jump_warnings(con, run_id: str) -> list[Alert]:
    """The newest three months' log gap against the 24 months before them, per partner, direction and product."""
    rows = con.execute(
        """
        with gaps as (
            select partner_code, direction, product, period_end_month,
                   ln(partner_value_usd / china_value_usd) as log_gap,
                   row_number() over (
                       partition by partner_code, direction, product order by period_end_month desc
                   ) as age
            from marts.mirror_trade
            where "window" = 'month' and envelope = 'china' and china_value_usd > 0 and partner_value_usd > 0
        ),
        judged as (
            select partner_code, direction, product,
                   avg(log_gap) filter (where age <= 3) as recent,
                   avg(log_gap) filter (where age between 4 and 27) as history,
                   stddev_samp(log_gap) filter (where age between 4 and 27) as spread,
                   count(*) filter (where age between 4 and 27) as months,
                   strftime(min(period_end_month) filter (where age <= 3), '%Y-%m') as first_month,
                   strftime(max(period_end_month) filter (where age <= 3), '%Y-%m') as last_month
            from gaps group by all
        )
        select * from judged
        where months >= 12 and spread > 0 and abs(recent - history) > 4 * spread
        order by partner_code, direction, product
        """
    ).fetchall()
    return [
        Alert.now(
            run_id=run_id,
            release=None,
            check_name="mirror gate: gap_within_history",
            severity="warning",
            observed=f"{partner} {direction} {product} {first}..{last}: log gap {recent:+.3f} against {history:+.3f}",
            expected=f"within 4 standard deviations ({spread:.3f}) of the previous {months} months",
            message=f"The mirror gap of {partner}, {direction}, {product} moved far beyond its own history in "
            f"{first} to {last}: a person should look (a reclassification, a new route, a revision on one side).",
        )
        for partner, direction, product, recent, history, spread, months, first, last in rows
    ]
