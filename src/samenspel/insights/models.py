"""The helicopter view's stored results. Each part keeps its tables in its own module;
Django finds them through this one."""

from samenspel.insights.search_models import SearchDocument, SearchIndexState  # noqa: F401
