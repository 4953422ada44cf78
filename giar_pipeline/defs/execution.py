"""How runs execute: in one process. The steps are short, the warehouse has a single
writer, and a process per step would pay Dagster's (and GX's) import for nothing."""

import dagster as dg


@dg.definitions
def execution() -> dg.Definitions:
    return dg.Definitions(executor=dg.in_process_executor)
