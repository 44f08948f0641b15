from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction

from annotator.accounts.models import Event, Membership, Project, User
from annotator.accounts.services import project_delete


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    pass


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 1
    autocomplete_fields = ["user"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "annotators_per_article", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]

    # Through the service: Django's own cascade fails on SQLite for a project with
    # thousands of annotation sets ("too many SQL variables"; see `core.deletion`).
    def delete_model(self, request, obj):
        project_delete(project=obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            for project in queryset:
                project_delete(project=project)


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["project", "user", "role"]
    list_filter = ["role", "project"]
    autocomplete_fields = ["user", "project"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "action", "object_type", "object_id", "project"]
    list_filter = ["action", "object_type"]
    readonly_fields = [f.name for f in Event._meta.fields]

    def has_change_permission(self, request, obj=None):
        return False  # the audit log is append-only

    def has_delete_permission(self, request, obj=None):
        return False
