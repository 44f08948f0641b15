from django.contrib import admin

from annotator.releases.models import Release


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    list_display = ["name", "version", "project", "status", "source", "size", "created_at"]
    list_filter = ["status", "project"]
    readonly_fields = ["sha256", "files", "counts", "size", "file_path", "finished_at"]
