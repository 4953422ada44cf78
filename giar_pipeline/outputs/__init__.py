"""What people read from the warehouse, with no Dagster import:

    report.build(conn) / report.write(warehouse, out)   the self-contained HTML data-quality report
    export.export(warehouse, out, fmt)                  contract tables and marts as Parquet, CSV or XLSX
    text.table(columns, rows)                           aligned text tables (CJK characters count 2)
    catalogue_doc.text() / markdown()                   the catalogue with its Chinese labels

Every reader opens the warehouse read-only (:func:`warehouse.read_only`), so none of them waits
for, or blocks, the pipeline's writer.
"""
