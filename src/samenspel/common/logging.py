"""Quiet logs: a refused request (400, 403, 404, …) is the visitor's mistake or a probe,
not a fault of ours, so it is logged as one line. Django's `django.request` logger attaches
the exception (a traceback) for PermissionDenied and Http404; this filter drops it for
every 4xx record and keeps it for 5xx, where the traceback is what one needs."""

import logging


class QuietRefusalsFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
