"""Registry of release export formats.

``FORMATS`` maps a format name to its streaming writer class (see
:class:`~annotator.releases.formats.base.Formatter`).  Importing this package
does not import spaCy; the spaCy-based formats import it when instantiated.
"""

from __future__ import annotations

from .base import BaseFormatter, Formatter
from .brat import BratFormatter
from .conll import ConllFormatter
from .csv_format import CsvFormatter
from .jsonl import JsonlFormatter
from .labelstudio import LabelStudioFormatter
from .spacy_docbin import SpacyFormatter
from .webanno import WebAnnoFormatter

FORMATS: dict[str, type[BaseFormatter]] = {
    cls.name: cls
    for cls in (
        JsonlFormatter,
        CsvFormatter,
        SpacyFormatter,
        ConllFormatter,
        BratFormatter,
        LabelStudioFormatter,
        WebAnnoFormatter,
    )
}

__all__ = [
    "FORMATS",
    "Formatter",
    "BaseFormatter",
    "JsonlFormatter",
    "CsvFormatter",
    "SpacyFormatter",
    "ConllFormatter",
    "BratFormatter",
    "LabelStudioFormatter",
    "WebAnnoFormatter",
]
