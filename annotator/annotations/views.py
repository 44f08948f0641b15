"""HTML pages of the annotation workspace: the article list, the editor, the speaker registry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View

from annotator.accounts.models import Role, role_at_least
from annotator.accounts.scope import PROJECT_SCOPE, ScopedViewMixin
from annotator.annotations import services
from annotator.annotations.forms import SpeakerActionForm
from annotator.annotations.models import QuoteKind, QuoteStatus, Speaker, SpeakerType
from annotator.annotations.selectors import (
    annotation_payload,
    annotation_sent_back,
    article_history,
    article_next_for_user,
    gold_comparison,
    gold_versions,
    sees_others_work,
    speaker_choices,
    speaker_registry,
)
from annotator.core.errors import DomainError
from annotator.core.forms import form_error_text, form_id
from annotator.corpus.api import ARTICLE_SCOPE
from annotator.interchange.vocabulary import QUOTATION_MARKS, QUOTE_KEYS


class NextArticleView(ScopedViewMixin, View):
    """Open the next article for this user to do (see `article_next_for_user`)."""

    scope = PROJECT_SCOPE
    required_role = Role.ANNOTATOR

    def get(self, request, slug: str):
        after = request.GET.get("after", "")
        article = article_next_for_user(
            project=self.project, user=request.user, after=int(after) if after.isdigit() else None
        )
        if article is None:
            messages.info(request, "No other article to do in this project: the rest are submitted by you or finished.")
            return redirect(self.project.get_absolute_url())
        return redirect(article.get_absolute_url())


def editor_vocabulary() -> dict:
    """The interchange vocabulary the editor needs, so the browser never spells it again."""
    return {
        "kinds": [{"value": v, "label": label} for v, label in QuoteKind.choices],
        "speaker_types": [{"value": v, "label": label} for v, label in SpeakerType.choices],
        "statuses": [{"value": v, "label": label} for v, label in QuoteStatus.choices],
        "quote_keys": sorted(QUOTE_KEYS | {"speaker_id"}),
        "quotation_marks": QUOTATION_MARKS,
    }


class ArticleEditorView(ScopedViewMixin, View):
    """The annotation workspace: the article's text and the user's quotes, edited in place.

    Everything the page needs travels in one `json_script` block, so it is interactive
    without a second request; changes are saved through the annotation API.
    """

    scope = ARTICLE_SCOPE
    required_role = Role.ANNOTATOR

    def get(self, request, pk: int):
        article = self.scoped_object
        annotation_set = services.annotation_set_get_or_create(article=article, user=request.user)
        data = {
            "article": {"id": article.pk, "text": article.text},
            "annotation": annotation_payload(annotation_set=annotation_set, text=article.text),
            # With a draft that a reviewer sent back, the editor shows their reason.
            "sent_back": annotation_sent_back(annotation_set=annotation_set),
            "speakers": speaker_choices(project=self.project),
            "vocab": editor_vocabulary(),
            "urls": {
                "annotation": reverse("api-article-annotation", kwargs={"pk": article.pk}),
                "submit": reverse("api-article-annotation-submit", kwargs={"pk": article.pk}),
                "comments": reverse("api-article-comments", kwargs={"pk": article.pk}),
                "next": reverse("annotations:article-next", kwargs={"slug": self.project.slug})
                + f"?after={article.pk}",
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
                "can_rerun": role_at_least(self.role, Role.REVIEWER),
            },
        )


class SpeakerRegistryView(ScopedViewMixin, View):
    """The project's speakers with aliases and quote counts; reviewers rename, merge and split."""

    scope = PROJECT_SCOPE
    required_role = Role.ANNOTATOR
    write_role = Role.REVIEWER

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
        form = SpeakerActionForm(request.POST)
        speaker = Speaker.objects.filter(project=self.project, pk=form_id(request.POST.get("speaker"))).first()
        try:
            if speaker is None:
                raise DomainError("Pick a speaker of this project first.")
            if not form.is_valid():
                raise DomainError(form_error_text(form))
            action, data = form.cleaned_data["action"], form.cleaned_data
            if action == "rename":
                speaker = services.speaker_rename(speaker=speaker, name=data["name"], user=request.user)
                messages.success(request, f"Renamed to {speaker.name}.")
            elif action == "merge":
                name = " ".join(data["into_name"].split())
                target = Speaker.objects.filter(project=self.project, name__iexact=name).first()
                if target is None:
                    raise DomainError(f"No speaker called {name!r} in this project.")
                services.speaker_merge(source=speaker, target=target, user=request.user)
                messages.success(request, f"Merged {speaker.name} into {target.name}.")
            elif action == "split":
                new = services.speaker_split_alias(speaker=speaker, alias=data["alias"], user=request.user)
                messages.success(request, f"{new.name} is now a speaker of its own.")
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(reverse("annotations:speakers", kwargs={"slug": slug}))


class ArticleHistoryPageView(ScopedViewMixin, View):
    """Everything that happened to an article, newest first, and its gold versions."""

    scope = ARTICLE_SCOPE
    required_role = Role.ANNOTATOR

    def get(self, request, pk: int):
        article = self.scoped_object
        events = article_history(article=article, user=request.user, role=self.role)
        page = Paginator(events, 50).get_page(request.GET.get("page"))
        sees_gold = sees_others_work(article=article, user=request.user, role=self.role)
        return render(
            request,
            "annotations/history.html",
            {
                "project": self.project,
                "article": article,
                "page": page,
                "gold_versions": gold_versions(article=article) if sees_gold else [],
            },
        )


class GoldVersionView(ScopedViewMixin, View):
    """One saved gold version of an article, compared with the current one."""

    scope = ARTICLE_SCOPE
    required_role = Role.ANNOTATOR

    def get(self, request, pk: int, version: int):
        article = self.scoped_object
        if not sees_others_work(article=article, user=request.user, role=self.role):
            raise PermissionDenied("The gold version is shown to annotators once they have submitted this article.")
        versions = {v.version: v for v in gold_versions(article=article)}
        if version not in versions:
            raise Http404("No such gold version.")
        shown, current = versions[version], versions[max(versions)]
        return render(
            request,
            "annotations/gold_version.html",
            {
                "project": self.project,
                "article": article,
                "shown": shown,
                "current": current,
                "versions": sorted(versions, reverse=True),
                "comparison": gold_comparison(text=article.text, old=shown.quotes, new=current.quotes),
            },
        )
