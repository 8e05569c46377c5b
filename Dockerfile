FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
COPY pyproject.toml ./
RUN pip install --no-cache-dir --upgrade pip
COPY . .
RUN pip install --no-cache-dir -e . && useradd --create-home kinerja && mkdir -p /app/media /app/staticfiles && chown -R kinerja /app/media /app/staticfiles
USER kinerja
EXPOSE 8000
CMD ["gunicorn", "spm.wsgi:application", "--bind", "0.0.0.0:8000"]
