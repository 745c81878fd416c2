"""gunicorn for the benchmarks: sync workers (``BENCH_WORKERS``, 1 by default) on loopback,
no access log. The pages and the bare view are served by this same configuration."""

import os

bind = f"127.0.0.1:{os.environ.get('BENCH_PORT', '8765')}"
workers = int(os.environ.get("BENCH_WORKERS", "1"))
worker_class = "sync"
timeout = 120
keepalive = 5
accesslog = None
errorlog = "-"
loglevel = "warning"
wsgi_app = "portal.wsgi:application"
raw_env = ["DJANGO_SETTINGS_MODULE=bench.settings"]
