"""factory_boy factories for the domain models."""

from __future__ import annotations

import factory

from annotator.accounts.models import Membership, Project, Role, User
from annotator.annotations.models import AnnotationSet, Quote, SetKind, Speaker
from annotator.corpus.models import Article

SAMPLE_TEXT = (
    'The minister spoke on Monday. "We will not back down," she said. Critics warned that the plan would fail.'
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project

    name = factory.Sequence(lambda n: f"Project {n}")
    slug = factory.Sequence(lambda n: f"project-{n}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    project = factory.SubFactory(ProjectFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.ANNOTATOR


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    project = factory.SubFactory(ProjectFactory)
    external_id = factory.Sequence(lambda n: f"a{n}")
    title = factory.Sequence(lambda n: f"Article {n}")
    text = factory.Sequence(lambda n: f"{SAMPLE_TEXT} ({n})")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    project = factory.SubFactory(ProjectFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")


class AnnotationSetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnotationSet

    article = factory.SubFactory(ArticleFactory)
    kind = SetKind.IMPORTED


class QuoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Quote

    annotation_set = factory.SubFactory(AnnotationSetFactory)
    start = 30
    end = 55
    fragments = factory.LazyAttribute(lambda q: [[q.start, q.end]])
    kind = "direct"
