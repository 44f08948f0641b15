"""Article import as a pipeline: reader -> validator -> writer.

`readers` turn an uploaded file into numbered raw records, `validation` turns a file's
records into `ArticleDraft`s (or errors with line numbers) with the interchange
format's own `validate_record`, and `services` writes a file's drafts in one
transaction. The three import routes (upload page, REST API, `import_articles`) and
`load_demo` all call `services.article_import_files`; an upload too large to wait
for becomes an `ImportJob` that a task worker runs (`jobs`). Like doccano's `data_import`,
this app sits above the domain apps and nothing below imports it.
"""
