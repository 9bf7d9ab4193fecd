"""Orchestration: the refresh stages and their order, the lock, alerts and their channels,
the Airflow task bodies and callbacks, and the local ``airflow dags test`` runner.

The top of the package's layers: it may import every other folder. Only ``airflow_tasks``
imports Airflow.
"""
