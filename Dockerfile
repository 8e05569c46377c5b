FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# Dependencies first, from the lock file only (exact versions, hashes checked): this layer is
# rebuilt when requirements.lock changes, not on every change of the code copied below.
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
RUN useradd --create-home kinerja && mkdir -p /app/media /app/staticfiles \
    && chown -R kinerja /app/media /app/staticfiles
COPY . .
USER kinerja
EXPOSE 8000
CMD ["gunicorn", "spm.wsgi:application", "--bind", "0.0.0.0:8000"]
