"""REST endpoints for one article."""

from __future__ import annotations

from annotator.accounts.api import ScopedObjectDetailView
from annotator.accounts.models import Role
from annotator.accounts.scope import ObjectScope
from annotator.corpus.models import Article
from annotator.corpus.serializers import ArticleSerializer

ARTICLE_SCOPE = ObjectScope(Article)


class ArticleDetailView(ScopedObjectDetailView):
    """One article with its text and `editor_url`."""

    scope = ARTICLE_SCOPE
    required_role = Role.ANNOTATOR
    serializer_class = ArticleSerializer
