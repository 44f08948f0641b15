from django.contrib import admin

from annotator.review.models import Assignment


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["article", "user", "assigned_by", "created_at"]
    raw_id_fields = ["article"]
    autocomplete_fields = ["user"]
