"""Forms of the annotation pages. They validate what a page posts; services write."""

from __future__ import annotations

from django import forms

from annotator.annotations.models import Speaker

SPEAKER_NAME_CHARS = Speaker._meta.get_field("name").max_length


class SpeakerActionForm(forms.Form):
    """One action of the speakers page on one speaker: rename, merge into another, split an alias."""

    speaker = forms.CharField()  # an id; `form_id` reads it, so "abc" is "no such speaker"
    action = forms.ChoiceField(choices=[("rename", "rename"), ("merge", "merge"), ("split", "split")])
    name = forms.CharField(required=False, max_length=SPEAKER_NAME_CHARS, label="New name")
    into_name = forms.CharField(required=False, max_length=SPEAKER_NAME_CHARS, label="Merge into")
    alias = forms.CharField(required=False, max_length=SPEAKER_NAME_CHARS, label="Alias")
