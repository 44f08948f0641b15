"""Writes for annotations: the annotation-set lifecycle and the speaker registry."""

from annotator.annotations.services.annotation import (
    annotation_patch,
    annotation_save,
    annotation_set_get_or_create,
    annotation_submit,
)
from annotator.annotations.services.speakers import speaker_merge, speaker_rename, speaker_split_alias

__all__ = [
    "annotation_patch",
    "annotation_save",
    "annotation_set_get_or_create",
    "annotation_submit",
    "speaker_merge",
    "speaker_rename",
    "speaker_split_alias",
]
