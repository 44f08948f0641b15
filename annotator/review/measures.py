"""The words for the figures' stable keys, in the order the dashboard and `manage.py agreement` show them."""

AGREEMENT_MEASURES = {
    "overlap_f1": "Quote overlap F1",
    "exact_f1": "Exact-boundary F1",
    "soft_f1": "Soft (character) F1",
    "cue": "Cue agreement",
    "speaker_mention": "Speaker mention agreement",
    "speaker_person": "Speaker person agreement",
    "alpha_kind": "Krippendorff's α, kind",
    "alpha_speaker": "Krippendorff's α, speaker person",
}
PROPOSER_MEASURES = {
    "overlap_f1": "Quote overlap F1",
    "exact_f1": "Exact-boundary F1",
    "soft_f1": "Soft (character) F1",
    "cue": "Cue accuracy",
    "speaker_mention": "Speaker mention accuracy",
    "speaker_person": "Speaker person accuracy",
    "e2e_f1": "End-to-end F1",
}
EDIT_OUTCOMES = {
    "accepted": "Accepted unchanged",
    "boundary": "Boundary changed",
    "kind": "Kind changed",
    "cue": "Cue changed",
    "speaker": "Speaker changed",
    "rejected": "Rejected or deleted",
    "unreviewed": "Left unreviewed",
    "added": "Added by hand",
}
# The editor actions of `interchange.effort`, as the dashboard and `manage.py agreement` name them.
EFFORT_ACTIONS = {
    "accept": "Accept a right proposal",
    "reject": "Reject a spurious proposal",
    "boundary": "Move an edge",
    "fragment": "Add or remove a fragment",
    "kind": "Change the kind",
    "cue": "Set, change or clear the cue",
    "mention": "Set, change or clear the mention",
    "person": "Name the person",
    "add": "Add a missed quote",
}
ERROR_TYPES = {"missed": "Missed", "spurious": "Spurious", "wrong_speaker": "Wrong speaker"}
