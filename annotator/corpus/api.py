"""REST endpoints for one article."""

from __future__ import annotations

from rest_framework import generics

from annotator.accounts.models import Role
from annotator.accounts.scope import ObjectScope
from annotator.corpus.models import Article
from annotator.corpus.serializers import ArticleSerializer

ARTICLE_SCOPE = ObjectScope(Article)


class ArticleDetailView(generics.RetrieveAPIView):
    """One article with its text and `editor_url`."""

    scope = ARTICLE_SCOPE
    required_role = Role.ANNOTATOR
    serializer_class = ArticleSerializer

    def get_object(self):
        return self.scoped_object
