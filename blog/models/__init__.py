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
    "COMMENT_BODY_MAX_LENGTH",
    "COMMENT_NAME_MAX_LENGTH",
    "FEEDBACK_COMMENT_MAX_LENGTH",
    "RELATED_ARTICLES",
    "ArticleComment",
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageAuthor",
    "ArticlePageTag",
    "Author",
    "CommentStatus",
    "PageFeedback",
    "articles_with_card_data",
    "newest_first",
    "public_articles",
]
