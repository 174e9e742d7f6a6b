# Production image: `docker build -t sfbot .` then
# `docker run -p 3000:3000 --env-file .env sfbot` (settings: see README.md).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PORT=3000

WORKDIR /app
COPY pyproject.toml README.md manifest.yml alembic.ini ./
COPY bot ./bot
COPY devkit ./devkit
RUN pip install . && useradd --create-home --uid 10001 sfbot && mkdir -p /app/.sfbot \
    && chown sfbot /app/.sfbot
USER sfbot

EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ[\"PORT\"]}/healthz', timeout=4)"
# gunicorn behind `sfbot serve`: migrates an empty database first, then forks the workers.
CMD ["sh", "-c", "exec sfbot serve --port \"$PORT\""]
