"""Partitions: one per ingest batch.

A batch is the documents whose content was new when the landing folder was
swept (a sensor tick, the daily schedule, or ``giar run``), at most the
``landing`` resource's ``batch_documents`` of them: dynamic partitions
rather than daily ones, because the unit of arrival is a sweep, documents
arrive in bursts, and a batch must name exactly which files it holds. Keys are
``YYYYMMDDTHHMMSSZ-<8 hex of the content>`` (ASCII, sortable by arrival); the
batch's manifest (paths + sha256) is kept in ``LANDING/.giar/batches/<key>/``
(see ``giar_pipeline.warehouse.landing``) so a partition re-materializes the
same documents. The warehouse tables share this definition.
"""

import dagster as dg

ingest_batches = dg.DynamicPartitionsDefinition(name="ingest_batch")

# One run for many batches: extraction is per document anyway, and the warehouse
# then loads the whole range in a single transaction instead of one per batch.
single_run = dg.BackfillPolicy.single_run()
