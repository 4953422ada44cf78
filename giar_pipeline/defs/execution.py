"""How runs execute, by the ``executor`` setting. ``in_process`` (dev, demo): the steps are short, a
DuckDB file has a single writer, and a process per step would pay Dagster's (and GX's) import for
nothing. ``k8s`` (cluster): dagster-k8s's ``k8s_job_executor``, a pod per step, set up by
``k8s_executor.yaml`` (data, beside this file) on top of the deployment's K8sRunLauncher."""

from pathlib import Path

import dagster as dg
import yaml

from .settings import setting

K8S_CONFIG = Path(__file__).with_name("k8s_executor.yaml")


@dg.definitions
def execution() -> dg.Definitions:
    if setting("executor") == "k8s":
        from dagster_k8s import k8s_job_executor  # the cluster extra

        config = yaml.safe_load(K8S_CONFIG.read_text(encoding="utf-8"))
        return dg.Definitions(executor=k8s_job_executor.configured(config, name="giar_k8s"))
    return dg.Definitions(executor=dg.in_process_executor)
