"""Local development: `make run`. Debug on, a throwaway secret, local hosts only."""

from .base import *  # noqa: F403
from .base import env_bool, env_list

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-not-secret-" + "x" * 40)
DEBUG = env_bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
