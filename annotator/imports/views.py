"""The upload page: import one or more files into a project; a background import's progress."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views import View

from annotator.accounts.models import Role
from annotator.accounts.scope import PROJECT_SCOPE, ScopedViewMixin
from annotator.imports.api import IMPORT_JOB_SCOPE
from annotator.imports.forms import ImportForm
from annotator.imports.jobs import import_in_background, import_job_create
from annotator.imports.selectors import import_job_list
from annotator.imports.services import ImportReport, article_import_files

RECENT_JOBS = 10


class ImportView(ScopedViewMixin, View):
    scope = PROJECT_SCOPE
    required_role = Role.MANAGER

    def render_page(self, request, form: ImportForm, report: ImportReport | None = None, status: int = 200):
        context = {
            "project": self.project,
            "form": form,
            "report": report,
            "jobs": import_job_list(project=self.project)[:RECENT_JOBS],
            "sync_limit": settings.ANNOTATOR_IMPORT_SYNC_BYTES,
        }
        return render(request, "imports/import.html", context, status=status)

    def get(self, request, slug: str):
        return self.render_page(request, ImportForm())

    def post(self, request, slug: str):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_page(request, form, status=400)
        files = form.cleaned_data["files"]
        if import_in_background(files):
            job = import_job_create(project=self.project, files=files, user=request.user)
            return redirect("imports:job", pk=job.pk)
        report = article_import_files(project=self.project, files=files, user=request.user)
        if report.imported:
            messages.success(request, f"Imported {report.imported} article(s).")
        return self.render_page(
            request, ImportForm(), report, status=400 if report.rejected_files and not report.imported else 200
        )


class ImportJobView(ScopedViewMixin, View):
    """A background import: a progress bar while it runs (static/imports/js), then its report."""

    scope = IMPORT_JOB_SCOPE
    required_role = Role.MANAGER

    def get(self, request, pk: int):
        job = self.scoped_object
        report = ImportReport.from_dict(job.report) if job.report else None
        return render(request, "imports/import_job.html", {"project": self.project, "job": job, "report": report})
