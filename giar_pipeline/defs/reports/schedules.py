"""A daily sweep of the landing folder: the same work as the sensor, for deployments that
run without it (it starts stopped; with the sensor on, it finds nothing left to do)."""

import dagster as dg

from .partitions import ingest_batches
from .resources import LandingFolder
from .sensors import INGEST, run_requests, unregistered_batches


@dg.schedule(
    cron_schedule="0 6 * * *",
    target=INGEST,
    default_status=dg.DefaultScheduleStatus.STOPPED,
    description="Daily at 06:00 (off by default): the landing sensor's sweep, for deployments that run "
    "without the sensor; new content becomes an ingest_batch partition and a run.",
)
def daily_landing_sweep(context: dg.ScheduleEvaluationContext, landing: LandingFolder):
    keys = unregistered_batches(context.instance, landing)
    # schedules cannot return partition requests as sensors do: register the partitions first
    context.instance.add_dynamic_partitions(ingest_batches.name, keys)
    return run_requests(keys) or dg.SkipReason("no new documents")
