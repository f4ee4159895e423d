from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Articles"
    # blog.views, set in ready(): the article page's comment and feedback routes serve with them.
    article_views = None

    def ready(self):
        from home.cache_invalidation import invalidate_on_change

        from . import views
        from .models import ArticleComment, CommentStatus

        # Models import no views; the article page finds its views here, once every model has loaded.
        self.article_views = views

        # Articles show their approved comments: moderating one renews the cached pages (on commit).
        # A new comment waits for moderation, so sending one changes no page. Authors are snippets,
        # which home/cache_invalidation.py covers already.
        invalidate_on_change(
            ArticleComment,
            pages_of=lambda comment: [comment.article],
            when=lambda comment: comment.status != CommentStatus.PENDING,
        )
