"""The upload page: import one or more files into a project; a background import's progress."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.files import File
from django.shortcuts import redirect, render
from django.views import View

from annotator.accounts.models import Role
from annotator.accounts.scope import PROJECT_SCOPE, ScopedViewMixin
from annotator.core.errors import DomainError
from annotator.imports.annotation_import import (
    annotations_import,
    annotations_read,
    import_errors,
    mapping_for,
    mapping_from_roles,
    mapping_role,
    pending_upload_path,
    pending_upload_remove,
    pending_upload_store,
    suggested_username,
)
from annotator.imports.api import IMPORT_JOB_SCOPE
from annotator.imports.forms import MODE_CHOICES, ROLE_CHOICES, AnnotationUploadForm, ImportForm
from annotator.imports.jobs import annotation_import_job_create, import_in_background, import_job_create
from annotator.imports.models import ImportKind
from annotator.imports.selectors import import_job_list
from annotator.imports.services import ImportReport, article_import_files
from annotator.interchange.foreign import ForeignFormatError
from annotator.interchange.foreign.mapping import found

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
        if job.kind == ImportKind.ANNOTATIONS:
            context = {"project": self.project, "job": job, "annotations": job.report}
            return render(request, "imports/import_job.html", context)
        report = ImportReport.from_dict(job.report) if job.report else None
        return render(request, "imports/import_job.html", {"project": self.project, "job": job, "report": report})


class AnnotationImportView(ScopedViewMixin, View):
    """Import annotations made in another tool: upload and check, then map the labels and import.

    The upload waits under `ANNOTATOR_IMPORT_ROOT/pending/` between the two steps, named by a
    random token kept in the session (never by its uploaded name); importing or uploading
    again removes it.
    """

    scope = PROJECT_SCOPE
    required_role = Role.MANAGER

    def _session_key(self) -> str:
        return f"annotation-import-{self.project.pk}"

    def get(self, request, slug: str):
        return render(request, "imports/annotations.html", {"project": self.project, "form": AnnotationUploadForm()})

    def post(self, request, slug: str):
        if request.POST.get("step") == "import":
            return self._import(request)
        form = AnnotationUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return render(request, "imports/annotations.html", {"project": self.project, "form": form}, status=400)
        self._forget(request)
        fmt, upload = form.cleaned_data["format"], form.cleaned_data["file"]
        if upload.size > settings.ANNOTATOR_MAX_UPLOAD_BYTES:  # as the API refuses it
            form.add_error("file", f"{upload.name}: {upload.size:,} bytes, over the limit of "
                           f"{settings.ANNOTATOR_MAX_UPLOAD_BYTES:,}")  # fmt: skip
            return render(request, "imports/annotations.html", {"project": self.project, "form": form}, status=400)
        pending = pending_upload_store(upload)
        try:
            docs, skipped = annotations_read(fmt, pending)
        except ForeignFormatError as exc:
            pending_upload_remove(pending.parent.name)
            context = {"project": self.project, "form": form, "errors": exc.errors}
            return render(request, "imports/annotations.html", context, status=400)
        request.session[self._session_key()] = {"token": pending.parent.name, "name": upload.name, "format": fmt}
        return self._mapping_page(request, docs, skipped, upload.name, fmt)

    def _mapping_page(self, request, docs, skipped, name, fmt, *, values=None, errors=None, status=200):
        summary = found(docs)
        suggested = mapping_for(docs, None)
        rows = []
        for n, (label, count) in enumerate(summary["labels"].items()):
            role = (values or {}).get(f"role_{n}")
            if role is None:
                role = mapping_role(suggested, label)
            rows.append({"field": f"role_{n}", "label": label, "count": count, "role": role})
        annotators = [
            {"field": f"member_{n}", "name": name_, "count": count,
             "username": (values or {}).get(f"member_{n}") or suggested_username(name_)}
            for n, (name_, count) in enumerate(summary["annotators"].items())
            if name_ != "(none)"
        ]  # fmt: skip
        context = {
            "project": self.project,
            "name": name,
            "format": fmt,
            "summary": summary,
            "skipped": skipped,
            "rows": rows,
            "roles": ROLE_CHOICES,
            "modes": MODE_CHOICES,
            "mode": (values or {}).get("mode", "annotators"),
            "annotators": annotators,
            "attributes": list(summary["attributes"]),
            "kind_attribute": (values or {}).get("kind_attribute", suggested.kind_attribute or ""),
            "person_attribute": (values or {}).get("person_attribute", ""),
            "person_from_notes": (values or {}).get("person_from_notes", "on") == "on" if values else True,
            "person_from_mention": (values or {}).get("person_from_mention") == "on",
            "create_members": (values or {}).get("create_members") == "on",
            "errors": errors,
        }
        return render(request, "imports/annotations_mapping.html", context, status=status)

    def _import(self, request):
        held = request.session.get(self._session_key())
        path = pending_upload_path(held["token"]) if held else None
        if path is None or not path.is_file():
            messages.error(request, "The uploaded file is no longer waiting to be imported: upload it again.")
            return redirect("imports:annotations", slug=self.project.slug)
        docs, skipped = annotations_read(held["format"], path)  # read fine at the upload step
        summary = found(docs)
        values = request.POST
        roles = {label: values.get(f"role_{n}", "") for n, label in enumerate(summary["labels"])}
        members = {
            name: values.get(f"member_{n}", "").strip()
            for n, name in enumerate(summary["annotators"])
            if name != "(none)" and values.get(f"member_{n}", "").strip()
        }
        create_members = values.get("create_members") == "on"
        try:
            mapping = mapping_from_roles(
                roles,
                kind_attribute=values.get("kind_attribute") or None,
                person_attribute=values.get("person_attribute") or None,
                person_from_notes=values.get("person_from_notes") == "on",
                person_from_mention=values.get("person_from_mention") == "on",
            )
            mode = values.get("mode", "annotators")
            with path.open("rb") as f:
                upload = File(f, name=held["name"])
                if import_in_background([upload]):
                    options = {"format": held["format"], "mode": mode, "mapping": mapping.as_json(), "members": members,
                               "create_members": create_members}  # fmt: skip
                    job = annotation_import_job_create(
                        project=self.project, upload=upload, options=options, user=request.user
                    )
                    self._forget(request)
                    return redirect("imports:job", pk=job.pk)
            report = annotations_import(
                project=self.project, docs=docs, mapping=mapping, mode=mode, fmt=held["format"], source=held["name"],
                user=request.user, members=members, create_members=create_members, skipped=skipped,
            )  # fmt: skip
        except (DomainError, ForeignFormatError) as exc:
            errors = import_errors(exc)
            return self._mapping_page(
                request, docs, skipped, held["name"], held["format"], values=values, errors=errors, status=400
            )
        self._forget(request)
        sets = ", ".join(f"{who}: {n}" for who, n in sorted(report.sets.items()))
        messages.success(
            request,
            f"Imported {report.quotes_written} quote(s) from {held['name']} as {report.mode} ({sets}); "
            f"{report.articles_created} new article(s), {report.articles_found} already here"
            + (f"; {report.unmapped} unmapped annotation(s) kept in the articles' metadata" if report.unmapped else "")
            + (f"; new members: {', '.join(report.members_created)}" if report.members_created else "")
            + ".",
        )
        return redirect(self.project.get_absolute_url())

    def _forget(self, request) -> None:
        held = request.session.pop(self._session_key(), None)
        if held:
            pending_upload_remove(held["token"])
