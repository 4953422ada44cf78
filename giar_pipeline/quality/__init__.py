"""Data quality of the extracted tables, with no Dagster import.

    plan      what is checked, derived from the catalogue (relation members over all generations)
    suites    one GX 1.x expectation suite per table (+ reports, + carry_over_chains), as JSON dicts
    matrices  staged reports / report_cells rows → per-table matrices → the frames suites validate
    validate  one GX run per suite over a whole partition → outcomes with findings per check family
    carry_over  the cross-report check on the carry-over mart, and its check_violations rows
    offenders the worst findings of a check, as table rows for people
    cli       ``giar expectations build [--out DIR] [--check]``

Great Expectations is imported lazily (by ``validate`` only).
"""
