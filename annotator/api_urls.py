"""The one API router: every app's endpoints under /api/."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from annotator.accounts.api import ProjectMemberDetailView, ProjectMembersView, ProjectViewSet, TokenView
from annotator.annotations import api as annotations_api
from annotator.corpus import api as corpus_api
from annotator.imports import api as imports_api
from annotator.proposer import api as proposer_api
from annotator.releases import api as releases_api

router = DefaultRouter(trailing_slash=True)
router.register("projects", ProjectViewSet, basename="project")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("projects/<slug:slug>/members/", ProjectMembersView.as_view(), name="api-project-members"),
    path(
        "projects/<slug:slug>/members/<int:user_id>/",
        ProjectMemberDetailView.as_view(),
        name="api-project-member",
    ),
    path("projects/<slug:slug>/articles/", imports_api.ProjectArticlesView.as_view(), name="api-project-articles"),
    path("projects/<slug:slug>/articles/import/", imports_api.ProjectImportView.as_view(), name="api-project-import"),
    path("projects/<slug:slug>/speakers/", annotations_api.ProjectSpeakersView.as_view(), name="api-project-speakers"),
    path("articles/<int:pk>/", corpus_api.ArticleDetailView.as_view(), name="api-article"),
    path("articles/<int:pk>/propose/", proposer_api.ArticleProposeView.as_view(), name="api-article-propose"),
    path(
        "articles/<int:pk>/annotation-sets/",
        annotations_api.ArticleAnnotationSetsView.as_view(),
        name="api-article-sets",
    ),
    path(
        "articles/<int:pk>/annotation/", annotations_api.ArticleAnnotationView.as_view(), name="api-article-annotation"
    ),
    path(
        "articles/<int:pk>/annotation/submit/",
        annotations_api.ArticleAnnotationSubmitView.as_view(),
        name="api-article-annotation-submit",
    ),
    path("speakers/<int:pk>/merge/", annotations_api.SpeakerMergeView.as_view(), name="api-speaker-merge"),
    path("speakers/<int:pk>/split/", annotations_api.SpeakerSplitView.as_view(), name="api-speaker-split"),
    path("annotation-sets/<int:pk>/", annotations_api.AnnotationSetDetailView.as_view(), name="api-annotation-set"),
    path("speakers/<int:pk>/", annotations_api.SpeakerDetailView.as_view(), name="api-speaker"),
    path("projects/<slug:slug>/releases/", releases_api.ProjectReleasesView.as_view(), name="api-project-releases"),
    path("releases/<int:pk>/", releases_api.ReleaseDetailView.as_view(), name="api-release"),
    path("releases/<int:pk>/download/", releases_api.ReleaseDownloadView.as_view(), name="api-release-download"),
    *router.urls,
]
