"""The one API router: every app's endpoints under /api/."""

from django.contrib.auth.decorators import login_required
from django.urls import path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from annotator.accounts.api import ProjectMemberDetailView, ProjectMembersView, ProjectViewSet, TokenView
from annotator.annotations import api as annotations_api
from annotator.corpus import api as corpus_api
from annotator.imports import api as imports_api
from annotator.proposer import api as proposer_api
from annotator.releases import api as releases_api
from annotator.review import api as review_api

router = DefaultRouter(trailing_slash=True)
router.register("projects", ProjectViewSet, basename="project")

urlpatterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        # A page for people: a logged-out browser goes to the login page, not to a JSON 403.
        login_required(SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html")),
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
    path("import-jobs/<int:pk>/", imports_api.ImportJobDetailView.as_view(), name="api-import-job"),
    path(
        "projects/<slug:slug>/annotation-imports/",
        imports_api.ProjectAnnotationImportView.as_view(),
        name="api-project-annotation-import",
    ),
    path("projects/<slug:slug>/speakers/", annotations_api.ProjectSpeakersView.as_view(), name="api-project-speakers"),
    path("articles/<int:pk>/", corpus_api.ArticleDetailView.as_view(), name="api-article"),
    path("articles/<int:pk>/propose/", proposer_api.ArticleProposeView.as_view(), name="api-article-propose"),
    path(
        "projects/<slug:slug>/proposer/models/",
        proposer_api.ProjectProposerModelsView.as_view(),
        name="api-project-proposer-models",
    ),
    path(
        "projects/<slug:slug>/proposer/activate/",
        proposer_api.ProjectProposerActivateView.as_view(),
        name="api-project-proposer-activate",
    ),
    path("proposer-models/<int:pk>/", proposer_api.ProposerModelDetailView.as_view(), name="api-proposer-model"),
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
    path(
        "projects/<slug:slug>/assignments/",
        annotations_api.ProjectAssignmentsView.as_view(),
        name="api-project-assignments",
    ),
    path(
        "projects/<slug:slug>/next-article/",
        annotations_api.ProjectNextArticleView.as_view(),
        name="api-project-next-article",
    ),
    path("articles/<int:pk>/comments/", annotations_api.ArticleCommentsView.as_view(), name="api-article-comments"),
    path("articles/<int:pk>/history/", annotations_api.ArticleHistoryView.as_view(), name="api-article-history"),
    path("articles/<int:pk>/curation/", review_api.ArticleCurationView.as_view(), name="api-article-curation"),
    path("articles/<int:pk>/gold/", review_api.ArticleGoldView.as_view(), name="api-article-gold"),
    path(
        "annotation-sets/<int:pk>/send-back/",
        review_api.AnnotationSetSendBackView.as_view(),
        name="api-annotation-set-send-back",
    ),
    path("projects/<slug:slug>/agreement/", review_api.ProjectAgreementView.as_view(), name="api-project-agreement"),
    path(
        "projects/<slug:slug>/next-review/",
        review_api.ProjectNextReviewView.as_view(),
        name="api-project-next-review",
    ),
    path("comments/<int:pk>/resolve/", annotations_api.CommentResolveView.as_view(), name="api-comment-resolve"),
    path("projects/<slug:slug>/releases/", releases_api.ProjectReleasesView.as_view(), name="api-project-releases"),
    path("releases/<int:pk>/", releases_api.ReleaseDetailView.as_view(), name="api-release"),
    path("releases/<int:pk>/download/", releases_api.ReleaseDownloadView.as_view(), name="api-release-download"),
    *router.urls,
]
