"""Factories for the blog: authors and reviewers, the articles index, articles, readers' comments and feedback."""

import datetime
import importlib

import factory
import wagtail_factories
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from factory.django import DjangoModelFactory
from taggit.models import Tag
from wagtail.models import GroupPagePermission, Workflow

from blog.models import (
    CLINICAL_REVIEWERS_GROUP,
    CONTENT_LEADS_GROUP,
    ArticleComment,
    ArticleIndexPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageTag,
    Author,
    CommentStatus,
    PageFeedback,
)
from blog.sign_off import CLINICAL_REVIEW_WORKFLOW
from tests.home.factories import UserFactory, paragraph, tree_root

FIRST_DATE = datetime.date(2025, 1, 6)


class AuthorFactory(DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Writer {n}")
    role = "Physiotherapist"
    bio = "Twenty years of helping people back on their feet."

    class Meta:
        model = Author


class ArticleIndexPageFactory(wagtail_factories.PageFactory):
    title = "Articles"
    slug = "articles"
    intro = "Practical, evidence-based reading about back pain and sciatica."

    class Meta:
        model = ArticleIndexPage


def _published_at(article) -> datetime.datetime:
    return datetime.datetime.combine(article.published_date, datetime.time(9, 0), tzinfo=datetime.UTC)


class ArticlePageFactory(wagtail_factories.PageFactory):
    """A live article, each one a day newer than the one made before it.

    ``authors=[...]`` and ``tags=["name", ...]`` set those, in order; by default an
    article has one new author and no tags.
    """

    title = factory.Sequence(lambda n: f"Living well with sciatica, part {n}")
    intro = "What helps, what doesn't, and when to get checked."
    published_date = factory.Sequence(lambda n: FIRST_DATE + datetime.timedelta(days=n))
    first_published_at = factory.LazyAttribute(_published_at)
    last_published_at = factory.SelfAttribute("first_published_at")
    body = factory.LazyFunction(lambda: [paragraph("Gentle movement usually helps more than bed rest.")])

    class Meta:
        model = ArticlePage
        skip_postgeneration_save = True

    @factory.post_generation
    def authors(article, create, extracted, **kwargs):
        if not create:
            return
        authors = [AuthorFactory()] if extracted is None else extracted
        for order, author in enumerate(authors):
            ArticlePageAuthor.objects.create(page=article, author=author, sort_order=order)

    @factory.post_generation
    def tags(article, create, extracted, **kwargs):
        if not create or not extracted:
            return
        for name in extracted:
            tag = Tag.objects.filter(name__iexact=name).first() or Tag.objects.create(name=name)
            ArticlePageTag.objects.create(content_object=article, tag=tag)


class ClinicalReviewerFactory(AuthorFactory):
    """An author who may be chosen as an article's medical reviewer."""

    name = factory.Sequence(lambda n: f"Clinician {n}")
    role = "Chartered physiotherapist"
    is_clinical = True


class ArticleCommentFactory(DjangoModelFactory):
    """A reader's reply, pending moderation unless `status` says otherwise."""

    article = None
    name = factory.Sequence(lambda n: f"Reader {n}")
    email = factory.LazyAttribute(lambda comment: f"{comment.name.lower().replace(' ', '.')}@example.com")
    body = "Walking every morning has helped me more than anything else."
    status = CommentStatus.PENDING

    class Meta:
        model = ArticleComment


class PageFeedbackFactory(DjangoModelFactory):
    article = None
    helpful = True
    comment = ""

    class Meta:
        model = PageFeedback


# --- Clinical review: the workflow and the people in it ---------------------------------------------


def clinical_review_workflow() -> Workflow:
    """The "Clinical review" workflow on every articles index, as migration 0005 makes it.

    Run again here because a test on a flushed database (browser tests) has lost what the migration made.
    """
    migration = importlib.import_module("blog.migrations.0005_clinical_review_workflow")
    migration.create_clinical_review(apps, None)
    return Workflow.objects.get(name=CLINICAL_REVIEW_WORKFLOW)


def moderator_user(**kwargs):
    """A member of "Moderators": may add, edit and publish pages anywhere."""
    group, _ = Group.objects.get_or_create(name="Moderators")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
        GroupPagePermission.objects.get_or_create(group=group, page=tree_root(), permission=permission)
    user = UserFactory(**kwargs)
    user.groups.add(group)
    return user


def clinical_reviewer_user(*, author_name: str = "Dr Priya Shah", with_author: bool = True, **kwargs):
    """A member of "Clinical reviewers", linked to a clinical Author unless `with_author` is False."""
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=CLINICAL_REVIEWERS_GROUP))
    if with_author:
        ClinicalReviewerFactory(name=author_name, user=user)
    return user


def content_lead_user(**kwargs):
    user = UserFactory(**kwargs)
    user.groups.add(Group.objects.get(name=CONTENT_LEADS_GROUP))
    return user
