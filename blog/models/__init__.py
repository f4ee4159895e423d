"""The blog's models: authors, the articles index and articles, and what readers send back."""

from .articles import (
    ARTICLES_PER_PAGE,
    RELATED_ARTICLES,
    ArticleIndexPage,
    ArticlePage,
    ArticlePageAuthor,
    ArticlePageTag,
    articles_with_card_data,
    newest_first,
    public_articles,
)
from .authors import Author
from .clinical_review import (
    CLINICAL_REVIEWERS_GROUP,
    CONTENT_LEADS_GROUP,
    ClinicalSignOffTask,
    ReviewNotice,
    ReviewNoticeKind,
    clinical_author_for,
)
from .readers import (
    COMMENT_BODY_MAX_LENGTH,
    COMMENT_NAME_MAX_LENGTH,
    FEEDBACK_COMMENT_MAX_LENGTH,
    ArticleComment,
    CommentStatus,
    PageFeedback,
)

__all__ = [
    "ARTICLES_PER_PAGE",
    "CLINICAL_REVIEWERS_GROUP",
    "COMMENT_BODY_MAX_LENGTH",
    "COMMENT_NAME_MAX_LENGTH",
    "CONTENT_LEADS_GROUP",
    "FEEDBACK_COMMENT_MAX_LENGTH",
    "RELATED_ARTICLES",
    "ArticleComment",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageAuthor",
    "ArticlePageTag",
    "Author",
    "ClinicalSignOffTask",
    "CommentStatus",
    "PageFeedback",
    "ReviewNotice",
    "ReviewNoticeKind",
    "articles_with_card_data",
    "clinical_author_for",
    "newest_first",
    "public_articles",
]
