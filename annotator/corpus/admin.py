from django.contrib import admin

from annotator.corpus.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "project", "outlet", "status", "proposal_status", "word_count", "created_at"]
    list_filter = ["project", "status", "proposal_status"]
    search_fields = ["title", "external_id", "outlet"]
    readonly_fields = ["content_hash", "word_count", "created_at", "updated_at"]
    list_select_related = ["project"]
