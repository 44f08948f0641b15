"""HTML pages for a project's articles and imports."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from annotator.accounts.models import Project, Role
from annotator.accounts.permissions import ProjectRoleRequiredMixin
from annotator.accounts.selectors import project_list_for_user
from annotator.corpus.forms import ImportForm
from annotator.corpus.models import ArticleStatus
from annotator.corpus.selectors import article_list_with_counts
from annotator.corpus.services import article_import_files


def home(request):
    """The projects the user belongs to."""
    projects = project_list_for_user(user=request.user)
    if projects.count() == 1 and not request.GET.get("all"):
        return redirect(projects.first().get_absolute_url())
    return render(request, "corpus/home.html", {"projects": projects})


class ProjectMixin(ProjectRoleRequiredMixin):
    def get_project(self) -> Project:
        return get_object_or_404(Project, slug=self.kwargs["slug"])


class ArticleListView(ProjectMixin, View):
    required_role = Role.ANNOTATOR

    def get(self, request, slug: str):
        search = request.GET.get("q", "").strip()
        status = request.GET.get("status", "")
        mine = request.GET.get("mine") == "1"
        articles = article_list_with_counts(
            project=self.project, search=search, status=status if status in ArticleStatus.values else "",
            user=request.user, assigned_to_me=mine,
        ).prefetch_related("assignments__user")
        page = Paginator(articles, 25).get_page(request.GET.get("page"))
        query = request.GET.copy()
        query.pop("page", None)
        return render(
            request,
            "corpus/article_list.html",
            {
                "project": self.project,
                "role": self.role,
                "page": page,
                "search": search,
                "status": status,
                "mine": mine,
                "statuses": ArticleStatus.choices,
                "query": query.urlencode(),
                "can_import": self.role == Role.MANAGER,
                "can_review": self.role in (Role.REVIEWER, Role.MANAGER),
            },
        )


class NextArticleView(ProjectMixin, View):
    """Open the next article for this user to do (see `article_next_for_user`)."""

    required_role = Role.ANNOTATOR

    def get(self, request, slug: str):
        from annotator.annotations.selectors import article_next_for_user

        after = request.GET.get("after", "")
        article = article_next_for_user(
            project=self.project, user=request.user, after=int(after) if after.isdigit() else None
        )
        if article is None:
            messages.info(request, "No other article to do in this project: the rest are submitted by you or finished.")
            return redirect(self.project.get_absolute_url())
        return redirect(article.get_absolute_url())


class ImportView(ProjectMixin, View):
    required_role = Role.MANAGER

    def get(self, request, slug: str):
        return render(request, "corpus/import.html", {"project": self.project, "form": ImportForm()})

    def post(self, request, slug: str):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "corpus/import.html", {"project": self.project, "form": form}, status=400)
        report = article_import_files(
            project=self.project, files=form.cleaned_data["files"], user=request.user
        )
        if report.imported:
            messages.success(request, f"Imported {report.imported} article(s).")
        return render(
            request,
            "corpus/import.html",
            {"project": self.project, "form": ImportForm(), "report": report},
            status=400 if report.rejected_files and not report.imported else 200,
        )
