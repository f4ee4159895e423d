from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Articles"

    def ready(self):
        from home.page_cache import invalidate_on_change

        from .models import ArticleComment, Author, CommentStatus

        # Articles show their authors and approved comments: a change there renews the cached pages.
        # A new comment waits for moderation, so sending one changes no page.
        invalidate_on_change(Author)
        invalidate_on_change(ArticleComment, when=lambda comment: comment.status != CommentStatus.PENDING)
