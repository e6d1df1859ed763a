# One container for a shared deployment: gunicorn builds the app in each worker from
# `app:create_server()` (nothing is built on import or before fork); each worker opens the
# warehouse read-only. Mount /data with the published warehouse. With none there the app shows
# "data unavailable" until a build publishes one; GMEQ_DEMO=1 builds SYNTHETIC demo data first.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    GMEQ_WAREHOUSE=/data/warehouse.duckdb \
    GMEQ_DEMO_DIR=/data/demo \
    GMEQ_DEMO=0 \
    GMEQ_HOST=0.0.0.0 \
    GMEQ_PORT=8050 \
    WEB_CONCURRENCY=4

WORKDIR /app
COPY pyproject.toml README.md ./
COPY pipelines ./pipelines
COPY dashboard ./dashboard
COPY config ./config
COPY assets ./assets
COPY app.py ./
RUN pip install --no-cache-dir -e . && useradd --create-home gmeq && mkdir -p /data && chown gmeq /data

USER gmeq
VOLUME ["/data"]
EXPOSE 8050
# In demo mode build the demo warehouse once before the workers start; then serve.
CMD ["sh", "-c", "if [ \"$GMEQ_DEMO\" = 1 ]; then python -m pipelines demo --warehouse \"$GMEQ_WAREHOUSE\"; fi && exec gunicorn 'app:create_server()' --bind \"$GMEQ_HOST:$GMEQ_PORT\" --workers \"$WEB_CONCURRENCY\" --timeout 120"]
