from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Articles"

    def ready(self):
        from home.cache_invalidation import invalidate_on_change

        from .models import ArticleComment, CommentStatus

        # Articles show their approved comments: moderating one renews the cached pages (on commit).
        # A new comment waits for moderation, so sending one changes no page. Authors are snippets,
        # which home/cache_invalidation.py covers already.
        invalidate_on_change(
            ArticleComment,
            pages_of=lambda comment: [comment.article],
            when=lambda comment: comment.status != CommentStatus.PENDING,
        )
