"""HTML pages for annotating one article and for the project's speaker registry."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import View

from annotator.accounts.models import Project, Role
from annotator.accounts.permissions import ProjectRoleRequiredMixin
from annotator.annotations import services
from annotator.annotations.interchange import KNOWN_QUOTE_KEYS, QUOTATION_MARKS
from annotator.annotations.models import QuoteKind, QuoteStatus, Speaker, SpeakerType
from annotator.annotations.selectors import annotation_payload, speaker_choices, speaker_registry
from annotator.core.errors import DomainError
from annotator.corpus.models import Article


def editor_vocabulary() -> dict:
    """The interchange vocabulary the editor needs, so the browser never spells it again."""
    return {
        "kinds": [{"value": v, "label": label} for v, label in QuoteKind.choices],
        "speaker_types": [{"value": v, "label": label} for v, label in SpeakerType.choices],
        "statuses": [{"value": v, "label": label} for v, label in QuoteStatus.choices],
        "quote_keys": sorted(KNOWN_QUOTE_KEYS | {"speaker_id"}),
        "quotation_marks": QUOTATION_MARKS,
    }


class ArticleEditorView(ProjectRoleRequiredMixin, View):
    """The annotation workspace: the article's text and the user's quotes, edited in place.

    Everything the page needs travels in one `json_script` block, so it is interactive
    without a second request; changes are saved through the annotation API.
    """

    required_role = Role.ANNOTATOR

    def get_project(self):
        self.article = get_object_or_404(Article.objects.select_related("project"), pk=self.kwargs["pk"])
        return self.article.project

    def get(self, request, pk: int):
        article = self.article
        annotation_set = services.annotation_set_get_or_create(article=article, user=request.user)
        data = {
            "article": {"id": article.pk, "text": article.text},
            "annotation": annotation_payload(annotation_set=annotation_set, text=article.text),
            "speakers": speaker_choices(project=self.project),
            "vocab": editor_vocabulary(),
            "urls": {
                "annotation": reverse("api-article-annotation", kwargs={"pk": article.pk}),
                "submit": reverse("api-article-annotation-submit", kwargs={"pk": article.pk}),
                "next": reverse("corpus:article-next", kwargs={"slug": self.project.slug}) + f"?after={article.pk}",
                "list": self.project.get_absolute_url(),
            },
        }
        return render(
            request,
            "annotations/editor.html",
            {
                "article": article,
                "project": self.project,
                "annotation_set": annotation_set,
                "editor_data": data,
                "quote_kinds": QuoteKind.choices,
                "speaker_types": SpeakerType.choices,
            },
        )


class SpeakerRegistryView(ProjectRoleRequiredMixin, View):
    """The project's speakers with aliases and quote counts; reviewers rename, merge and split."""

    required_role = Role.ANNOTATOR
    write_role = Role.REVIEWER

    def get_project(self):
        return get_object_or_404(Project, slug=self.kwargs["slug"])

    def get(self, request, slug: str):
        search = request.GET.get("q", "").strip()
        speakers = list(speaker_registry(project=self.project, search=search))
        can_edit = self.role in (Role.REVIEWER, Role.MANAGER)
        return render(
            request,
            "annotations/speakers.html",
            {
                "project": self.project,
                "speakers": speakers,
                "all_speakers": speaker_choices(project=self.project) if can_edit else [],
                "search": search,
                "can_edit": can_edit,
            },
        )

    def post(self, request, slug: str):
        speaker = get_object_or_404(Speaker, project=self.project, pk=request.POST.get("speaker"))
        action = request.POST.get("action")
        try:
            if action == "rename":
                speaker = services.speaker_rename(speaker=speaker, name=request.POST.get("name", ""), user=request.user)
                messages.success(request, f"Renamed to {speaker.name}.")
            elif action == "merge":
                name = " ".join(request.POST.get("into_name", "").split())
                target = Speaker.objects.filter(project=self.project, name__iexact=name).first()
                if target is None:
                    raise DomainError(f"No speaker called {name!r} in this project.")
                services.speaker_merge(source=speaker, target=target, user=request.user)
                messages.success(request, f"Merged {speaker.name} into {target.name}.")
            elif action == "split":
                new = services.speaker_split_alias(
                    speaker=speaker, alias=request.POST.get("alias", ""), user=request.user
                )
                messages.success(request, f"{new.name} is now a speaker of its own.")
            else:
                raise DomainError("Unknown action.")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(reverse("annotations:speakers", kwargs={"slug": slug}))
