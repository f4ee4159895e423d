from django.apps import AppConfig


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Articles"
    # blog.views, set in ready(): the article page's comment and feedback routes serve with them.
    article_views = None

    def ready(self):
        from home.page_cache import invalidate_on_change

        from . import views
        from .models import ArticleComment, Author, CommentStatus

        # Models import no views; the article page finds its views here, once every model has loaded.
        self.article_views = views

        # Articles show their authors and approved comments: a change there renews the cached pages.
        # A new comment waits for moderation, so sending one changes no page.
        invalidate_on_change(Author)
        invalidate_on_change(ArticleComment, when=lambda comment: comment.status != CommentStatus.PENDING)
