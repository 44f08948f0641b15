"""Forms of the project pages: members, settings, guidelines. They validate; services write."""

from __future__ import annotations

from django import forms

from annotator.accounts.models import Project, QueueOrder, ReviewOrder, Role
from annotator.accounts.services import MAX_ANNOTATORS_PER_ARTICLE, MAX_GUIDELINES_CHARS, MAX_RETRAIN_EVERY


def _help(field: str) -> str:
    return str(Project._meta.get_field(field).help_text)


class MemberAddForm(forms.Form):
    username = forms.CharField(
        max_length=150,
        help_text="Someone with an account, or a new username: a new user gets a link to set a password.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "none"}),
    )
    role = forms.ChoiceField(choices=Role.choices, initial=Role.ANNOTATOR)


class MemberRoleForm(forms.Form):
    user_id = forms.IntegerField()
    role = forms.ChoiceField(choices=Role.choices)


class ProjectSettingsForm(forms.Form):
    """A plain form, not a ModelForm: saving goes through `project_update`, which records the change."""

    name = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    annotators_per_article = forms.IntegerField(
        min_value=1, max_value=MAX_ANNOTATORS_PER_ARTICLE, help_text=_help("annotators_per_article")
    )
    blind_annotation = forms.BooleanField(required=False, help_text=_help("blind_annotation"))
    self_service = forms.BooleanField(required=False, label="Self-service", help_text=_help("self_service"))
    queue_order = forms.ChoiceField(
        choices=QueueOrder.choices,
        required=False,  # a post without it leaves the order as it is
        label="Order the queue by",
        help_text=_help("queue_order") + " Least sure: the articles whose proposals are nearest a coin flip.",
    )
    review_order = forms.ChoiceField(
        choices=ReviewOrder.choices,
        required=False,  # a post without it leaves the order as it is
        label="Order the review queue by",
        help_text=_help("review_order") + " Disagree most: the articles whose annotators' quotes, cues and "
        "speakers match least.",
    )
    retrain_every = forms.IntegerField(
        min_value=0,
        max_value=MAX_RETRAIN_EVERY,
        required=False,  # a post without it leaves the setting as it is
        label="Retrain the proposer after this many new gold articles",
        help_text=_help("retrain_every"),
    )

    def clean_queue_order(self) -> str | None:
        return self.cleaned_data["queue_order"] or None

    def clean_review_order(self) -> str | None:
        return self.cleaned_data["review_order"] or None

    @classmethod
    def for_project(cls, project: Project, data=None) -> ProjectSettingsForm:
        return cls(data, initial={name: getattr(project, name) for name in cls.base_fields})


class GuidelinesForm(forms.Form):
    guidelines = forms.CharField(
        required=False,
        strip=False,
        max_length=MAX_GUIDELINES_CHARS,
        widget=forms.Textarea(attrs={"rows": 18, "spellcheck": "true"}),
        help_text="Markdown: # headings, **bold**, *italic*, lists, [links](https://…), tables. HTML is shown as text.",
    )
