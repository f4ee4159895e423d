"""gunicorn's settings for this site: `gunicorn` run from the project folder reads this file.

    DJANGO_SECRET_KEY=... DJANGO_ALLOWED_HOSTS=www.example.org DATABASE_URL=... REDIS_URL=... gunicorn

Every value can be changed from the environment (or on the command line,
which wins), so the same file serves one small VM and a fleet of app servers
behind a load balancer. See README "Deploying and scaling out".
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")

# Processes and threads: pages spend part of their time waiting on PostgreSQL and Redis,
# so a few threads per process keep the CPUs busy; WEB_CONCURRENCY is the usual knob.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Keep-alive between the load balancer and gunicorn saves a TCP handshake per request.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# A request taking longer than this is stuck (the slowest page renders in well under a second).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Recycle workers now and then, so that slow memory growth never builds up; the jitter
# keeps them from all restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "200"))
# The heartbeat file lives in memory, not on a disk that may stall (containers, network disks);
# it holds nothing but a timestamp, so a shared folder is no risk.
SHARED_MEMORY = "/dev/shm"  # noqa: S108
worker_tmp_dir = os.environ.get("GUNICORN_WORKER_TMP_DIR", SHARED_MEMORY if os.path.isdir(SHARED_MEMORY) else None)

# Addresses of the proxies allowed to say a request came over HTTPS (X-Forwarded-Proto).
# Django trusts the same header through SECURE_PROXY_SSL_HEADER, so only the proxy may reach gunicorn.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs go to stdout/stderr for the process manager to collect. Access lines carry no client
# address, query string, Referer or User-Agent, and signed links are redacted (config/log_privacy.py).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
logger_class = "config.log_privacy.AccessLogger"
access_log_format = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'
