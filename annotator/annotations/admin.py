from django.contrib import admin

from annotator.annotations.models import AnnotationSet, Assignment, Quote, Speaker


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "kind", "external_id"]
    list_filter = ["project", "kind"]
    search_fields = ["name", "aliases", "external_id"]


class QuoteInline(admin.TabularInline):
    model = Quote
    extra = 0
    fields = [
        "start",
        "end",
        "fragments",
        "kind",
        "cue_start",
        "cue_end",
        "speaker_start",
        "speaker_end",
        "speaker",
        "status",
    ]
    raw_id_fields = ["speaker", "proposal"]


@admin.register(AnnotationSet)
class AnnotationSetAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "owner", "source", "status", "version", "updated_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["article", "based_on"]
    inlines = [QuoteInline]


@admin.register(Quote)
class QuoteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "annotation_set", "kind", "speaker", "status", "confidence"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["annotation_set", "speaker", "proposal"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["article", "user", "assigned_by", "created_at"]
    raw_id_fields = ["article"]
    autocomplete_fields = ["user"]
