"""The project package. It imports nothing: the pure helpers (`spm.money`, `spm.months`) load
without Django or Celery; the Celery app (`spm.celery`) is loaded by `SpmConfig.ready()`."""
