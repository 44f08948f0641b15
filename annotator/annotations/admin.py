from django.contrib import admin

from annotator.annotations.models import AnnotationSet, Event, Quote, Speaker


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "kind", "external_id"]
    list_filter = ["project", "kind"]
    search_fields = ["name", "aliases", "external_id"]


class QuoteInline(admin.TabularInline):
    model = Quote
    extra = 0
    fields = ["start", "end", "fragments", "kind", "cue_start", "cue_end", "speaker_start", "speaker_end", "speaker", "status"]
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


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_id", "project"]
    list_filter = ["action", "object_type"]
    readonly_fields = [f.name for f in Event._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False  # the audit log is append-only

    def has_delete_permission(self, request, obj=None):
        return False
