# Production image: the Django app served by gunicorn; the same image runs the Celery worker
# and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    DJANGO_STATIC_ROOT=/app/var/staticfiles DJANGO_MEDIA_ROOT=/app/var/media

# Pango and fonts for WeasyPrint; curl for the health check.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 \
      libharfbuzz-subset0 fonts-dejavu-core fonts-liberation curl \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.lock .
RUN pip install --no-cache-dir -r requirements.lock
COPY . .
# collectstatic needs settings that load; the real secret comes from the environment at run time.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-build-only-x \
    DJANGO_ALLOWED_HOSTS=build python manage.py collectstatic --noinput \
 && useradd --system --home /app dwcp && mkdir -p /app/var/media && chown -R dwcp /app/var
USER dwcp
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-"]
