"""Article import as a pipeline: reader -> validator -> writer.

`readers` turn an uploaded file into numbered raw records, `validation` turns records
into `ArticleDraft`s (or errors with line numbers), and `annotator.corpus.services`
writes a file's drafts in one transaction. The three import routes (upload page, REST
API, `import_articles` command) all call `services.article_import_files`.
"""

from annotator.corpus.importing.validation import ArticleDraft, ImportIssue, ParsedFile, parse_file

__all__ = ["ArticleDraft", "ImportIssue", "ParsedFile", "parse_file"]
