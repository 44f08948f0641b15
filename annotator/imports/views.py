"""The upload page: import one or more files into a project."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import render
from django.views import View

from annotator.accounts.models import Role
from annotator.accounts.scope import PROJECT_SCOPE, ScopedViewMixin
from annotator.imports.forms import ImportForm
from annotator.imports.services import article_import_files


class ImportView(ScopedViewMixin, View):
    scope = PROJECT_SCOPE
    required_role = Role.MANAGER

    def get(self, request, slug: str):
        return render(request, "imports/import.html", {"project": self.project, "form": ImportForm()})

    def post(self, request, slug: str):
        form = ImportForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "imports/import.html", {"project": self.project, "form": form}, status=400)
        report = article_import_files(project=self.project, files=form.cleaned_data["files"], user=request.user)
        if report.imported:
            messages.success(request, f"Imported {report.imported} article(s).")
        return render(
            request,
            "imports/import.html",
            {"project": self.project, "form": ImportForm(), "report": report},
            status=400 if report.rejected_files and not report.imported else 200,
        )
