"""Annotation sets, quotes, speakers, and who is asked to annotate which article."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q

from annotator.core.models import TimeStampedModel
from annotator.interchange.vocabulary import QUOTE_KIND_CHOICES, QUOTE_STATUS_CHOICES, SPEAKER_TYPE_CHOICES


class SpeakerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANISATION = "organisation", "Organisation"
    UNKNOWN = "unknown", "Unknown"


class Speaker(TimeStampedModel):
    """A canonical person or organisation in a project's speaker registry.

    `name` is unique per project; `aliases` lists other ways the articles refer to it
    ("Rutte", "the Dutch politician"). Matching a name against the registry looks at
    both, so proposals and imports never create a second row for a known speaker.
    """

    project = models.ForeignKey("accounts.Project", on_delete=models.CASCADE, related_name="speakers")
    name = models.CharField(max_length=300)
    aliases = models.JSONField(default=list, blank=True)
    kind = models.CharField(max_length=20, choices=SpeakerKind.choices, default=SpeakerKind.UNKNOWN)
    description = models.TextField(blank=True)
    external_id = models.CharField(max_length=100, blank=True, help_text="For example a Wikidata QID.")

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="speaker_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class SetKind(models.TextChoices):
    MACHINE = "machine", "Machine proposals"
    HUMAN = "human", "Annotator"
    GOLD = "gold", "Gold"
    IMPORTED = "imported", "Imported"


class SetStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted"


class AnnotationSet(TimeStampedModel):
    """One complete version of the quotes of one article, by one source.

    Machine sets hold a proposer run (`source` names the engine and version); human sets
    belong to one annotator (at most one per annotator and article); the gold set (at
    most one per article) is the reviewer's adjudicated version; imported sets come from
    files. `version` increases on every save: a write that names an older version is a
    conflict (optimistic locking), never a silent overwrite.
    """

    article = models.ForeignKey("corpus.Article", on_delete=models.CASCADE, related_name="annotation_sets")
    kind = models.CharField(max_length=20, choices=SetKind.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annotation_sets",
    )
    source = models.CharField(max_length=200, blank=True, help_text="Proposer name and version, or import file.")
    status = models.CharField(max_length=20, choices=SetStatus.choices, default=SetStatus.DRAFT)
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    based_on = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="derived_sets")
    guidelines_version = models.PositiveIntegerField(
        null=True, blank=True, help_text="The project's guidelines version when it was submitted or saved as gold."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "owner"], condition=Q(kind="human"), name="annotationset_one_per_annotator"
            ),
            models.UniqueConstraint(fields=["article"], condition=Q(kind="gold"), name="annotationset_one_gold"),
            models.CheckConstraint(condition=Q(kind__in=SetKind.values), name="annotationset_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=SetStatus.values), name="annotationset_status_valid"),
        ]
        indexes = [models.Index(fields=["article", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} set {self.pk} of article {self.article_id}"


def _choices(name: str, pairs: tuple[tuple[str, str], ...]) -> type[models.TextChoices]:
    """Model choices built from the interchange vocabulary, which stays their one definition."""
    return models.TextChoices(name, [(value.upper(), (value, label)) for value, label in pairs])


QuoteKind = _choices("QuoteKind", QUOTE_KIND_CHOICES)
SpeakerType = _choices("SpeakerType", SPEAKER_TYPE_CHOICES)
QuoteStatus = _choices("QuoteStatus", QUOTE_STATUS_CHOICES)


class Quote(models.Model):
    """One quote: its fragments, kind, reporting cue, speaker mention and speaker.

    `fragments` is an ordered list of non-overlapping `[start, end]` character ranges
    into the article text (one range unless the quote is interrupted by "he said");
    `start`/`end` envelope them. Cue and speaker mention are optional spans, both ends
    set or both empty. The database enforces `0 <= start < end` for every span; services
    check that spans end inside the text.
    """

    annotation_set = models.ForeignKey(AnnotationSet, on_delete=models.CASCADE, related_name="quotes")
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    fragments = models.JSONField(default=list)
    kind = models.CharField(max_length=20, choices=QuoteKind.choices, default=QuoteKind.DIRECT)
    cue_start = models.PositiveIntegerField(null=True, blank=True)
    cue_end = models.PositiveIntegerField(null=True, blank=True)
    speaker_start = models.PositiveIntegerField(null=True, blank=True)
    speaker_end = models.PositiveIntegerField(null=True, blank=True)
    speaker = models.ForeignKey(Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    speaker_type = models.CharField(max_length=20, choices=SpeakerType.choices, blank=True)
    confidence = models.FloatField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=QuoteStatus.choices, default=QuoteStatus.ADDED)
    proposal = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="derived_quotes"
    )
    metadata = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["start", "end", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(start__gte=0) & Q(start__lt=F("end")), name="quote_span_valid"),
            models.CheckConstraint(
                condition=(Q(cue_start__isnull=True) & Q(cue_end__isnull=True))
                | (Q(cue_start__gte=0) & Q(cue_start__lt=F("cue_end"))),
                name="quote_cue_span_valid",
            ),
            models.CheckConstraint(
                condition=(Q(speaker_start__isnull=True) & Q(speaker_end__isnull=True))
                | (Q(speaker_start__gte=0) & Q(speaker_start__lt=F("speaker_end"))),
                name="quote_speaker_span_valid",
            ),
            models.CheckConstraint(condition=Q(kind__in=QuoteKind.values), name="quote_kind_valid"),
            models.CheckConstraint(condition=Q(status__in=QuoteStatus.values), name="quote_status_valid"),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | (Q(confidence__gte=0) & Q(confidence__lte=1)),
                name="quote_confidence_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Quote {self.pk} [{self.start}:{self.end}]"


class Assignment(TimeStampedModel):
    """An annotator asked to annotate an article; one row per annotator and article."""

    article = models.ForeignKey("corpus.Article", on_delete=models.CASCADE, related_name="assignments")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments")
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["article", "user"], name="assignment_unique")]

    def __str__(self) -> str:
        return f"{self.user_id} -> article {self.article_id}"


class CommentKind(models.TextChoices):
    COMMENT = "comment", "Comment"
    UNCLEAR = "unclear", "Flag: unclear"
    SKIP = "skip", "Skipped"
    SENT_BACK = "sent_back", "Sent back"


class Comment(TimeStampedModel):
    """A note on an article, or on one quote of it, by a member of the project.

    Flags (`unclear`, `skip`) are comments that stay open until a reviewer resolves them;
    `sent_back` records why a reviewer returned an annotator's set to draft. In a blind
    project annotators see comments only once they have submitted the article.
    """

    article = models.ForeignKey("corpus.Article", on_delete=models.CASCADE, related_name="comments")
    quote = models.ForeignKey(Quote, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=CommentKind.choices, default=CommentKind.COMMENT)
    body = models.TextField()
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(kind__in=CommentKind.values), name="comment_kind_valid")]
        indexes = [models.Index(fields=["article", "kind"], name="comment_article_kind_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on article {self.article_id}"


class GoldVersion(models.Model):
    """One saved version of an article's gold set, kept so any version can be read again.

    The gold `AnnotationSet` holds the current version; each save or adoption also writes
    its quotes here, in the interchange format, numbered like the set's `version`.
    """

    article = models.ForeignKey("corpus.Article", on_delete=models.CASCADE, related_name="gold_versions")
    version = models.PositiveIntegerField()
    quotes = models.JSONField(default=list)
    saved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    guidelines_version = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["article", "-version"]
        constraints = [models.UniqueConstraint(fields=["article", "version"], name="goldversion_unique")]

    def __str__(self) -> str:
        return f"Gold version {self.version} of article {self.article_id}"
