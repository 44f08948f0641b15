from __future__ import annotations

from django import forms

from annotator.corpus.models import ArticleStatus
from annotator.releases.models import ReleaseSource
from annotator.releases.services import FORMAT_NAMES

FORMAT_LABELS = {
    "jsonl": "JSONL (interchange format, lossless)",
    "csv": "CSV (one row per quote)",
    "spacy": "spaCy DocBin (.spacy)",
    "conll": "CoNLL BIO",
    "brat": "brat standoff",
    "labelstudio": "Label Studio tasks",
    "webanno": "WebAnno TSV 3 (INCEpTION)",
}


class ReleaseForm(forms.Form):
    name = forms.CharField(max_length=200)
    version = forms.CharField(max_length=50, help_text="Releases never change: a new build needs a new version.")
    source = forms.ChoiceField(choices=ReleaseSource.choices, initial=ReleaseSource.GOLD)
    formats = forms.MultipleChoiceField(
        choices=[(f, FORMAT_LABELS[f]) for f in FORMAT_NAMES],
        initial=["jsonl", "csv"],
        widget=forms.CheckboxSelectMultiple,
    )
    train = forms.FloatField(min_value=0, initial=0.8, label="Train share")
    dev = forms.FloatField(min_value=0, initial=0.1, label="Dev share")
    test = forms.FloatField(min_value=0, initial=0.1, label="Test share")
    status = forms.MultipleChoiceField(
        choices=ArticleStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Only articles with status",
    )
    outlet = forms.CharField(required=False, help_text="Only this outlet (exact name).")
    published_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    published_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    tags = forms.CharField(required=False, help_text="Comma-separated; articles must have all of them.")
    csv_bom = forms.BooleanField(required=False, initial=True, label="CSV with a UTF-8 byte-order mark (for Excel)")
    csv_formula_escape = forms.BooleanField(
        required=False,
        initial=True,
        label="Neutralise CSV cells that a spreadsheet would run as formulas (recommended)",
    )

    def release_kwargs(self) -> dict:
        data = self.cleaned_data
        filters = {
            "status": data["status"],
            "outlet": data["outlet"].strip(),
            "published_from": data["published_from"].isoformat() if data["published_from"] else None,
            "published_to": data["published_to"].isoformat() if data["published_to"] else None,
            "tags": [t.strip() for t in data["tags"].split(",") if t.strip()],
        }
        return {
            "name": data["name"],
            "version": data["version"],
            "source": data["source"],
            "formats": data["formats"],
            "split_ratios": {"train": data["train"], "dev": data["dev"], "test": data["test"]},
            "filters": filters,
            "options": {"csv": {"bom": data["csv_bom"], "formula_escape": data["csv_formula_escape"]}},
        }
