#!/usr/bin/env bash
# One-shot initialisation run by the airflow-init service (as root, before any other
# Airflow service starts): state directories and their owner, metadata database schema,
# the admin user, and the dbt_build pool.
set -euo pipefail

: "${AIRFLOW_UID:?AIRFLOW_UID must be set in .env (the host user id that owns files written by Airflow)}"
: "${CUSTOMS_WH_HOME:?CUSTOMS_WH_HOME must be set}"

# The image's entrypoint migrates the metadata database (_AIRFLOW_DB_MIGRATE) and creates
# the admin user (_AIRFLOW_WWW_USER_CREATE) before running the command.
/entrypoint airflow version

# DuckDB allows one writer per database file: every dbt task of the DAG takes the single
# slot of this pool, so dbt never runs twice at once whatever the number of workers.
# (Migration and user creation are done once, above: not repeated for these calls.)
export _AIRFLOW_DB_MIGRATE= _AIRFLOW_WWW_USER_CREATE=
/entrypoint airflow pools set dbt_build 1 "dbt writes build.duckdb: one writer at a time"
/entrypoint airflow pools get dbt_build

# The warehouse home and the logs are volumes written by every service, which run as
# AIRFLOW_UID:0; this script runs as root, so anything it created is handed over last.
mkdir -p /opt/airflow/logs "${CUSTOMS_WH_HOME}"
chown -R "${AIRFLOW_UID}:0" /opt/airflow/logs "${CUSTOMS_WH_HOME}"
chmod -R g+rwX /opt/airflow/logs "${CUSTOMS_WH_HOME}"
echo "customs-wh: Airflow initialised; warehouse home ${CUSTOMS_WH_HOME} owned by ${AIRFLOW_UID}:0"
