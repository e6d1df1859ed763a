# One container for a shared deployment: gunicorn serves app:server with several workers,
# each opening the warehouse read-only after fork. Mount /data to keep the warehouse; with
# none there, synthetic demo data is generated and built once at start.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    GMEQ_WAREHOUSE=/data/warehouse.duckdb \
    GMEQ_DEMO_DIR=/data/demo \
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
# Build the demo warehouse once (if none is mounted), then serve.
CMD ["sh", "-c", "python -m pipelines demo --warehouse \"$GMEQ_WAREHOUSE\" && exec gunicorn app:server --bind \"$GMEQ_HOST:$GMEQ_PORT\" --workers \"$WEB_CONCURRENCY\" --timeout 120"]
