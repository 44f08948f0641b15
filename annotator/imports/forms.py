from __future__ import annotations

from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file field that accepts several files (Django's documented recipe)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".jsonl,.ndjson,.csv,.txt,.html,.htm"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single_clean = super().clean
        if isinstance(data, (list, tuple)):
            return [single_clean(d, initial) for d in data]
        return [single_clean(data, initial)]


class ImportForm(forms.Form):
    files = MultipleFileField(
        label="Files",
        help_text="JSONL (one article per line, may include quotes), CSV with a 'text' column, or .txt/.html files.",
    )


FORMAT_CHOICES = [
    ("brat", "brat standoff (a zip of .txt and .ann files)"),
    ("labelstudio", "Label Studio (JSON export)"),
    ("doccano", "doccano (JSONL export)"),
    ("prodigy", "Prodigy (JSONL, db-out)"),
    ("webanno", "INCEpTION / WebAnno TSV 3 (.tsv)"),
]
MODE_CHOICES = [
    ("annotators", "Each source annotator's work becomes a member's submitted annotation"),
    ("gold", "Gold: each article's annotation becomes its gold version"),
    ("proposals", "Proposals: unreviewed suggestions, as the proposer makes"),
]
ROLE_CHOICES = [
    ("", "keep as metadata"),
    ("quote", "quote (kind from the attribute or the quotation marks)"),
    ("quote:direct", "quote, direct"),
    ("quote:indirect", "quote, indirect"),
    ("quote:mixed", "quote, mixed"),
    ("cue", "cue"),
    ("speaker", "speaker mention"),
]


class AnnotationUploadForm(forms.Form):
    file = forms.FileField(
        label="Export file",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,.json,.jsonl,.tsv"}),
        help_text="Label Studio JSON, doccano or Prodigy JSONL, or a zip of brat .txt and .ann files.",
    )
    format = forms.ChoiceField(choices=FORMAT_CHOICES, label="Made with")
