"""The helicopter view's stored results. Each part keeps its tables in its own module;
Django finds them through this one."""

from samenspel.insights.reminder_models import ReminderDigest, ReminderItem  # noqa: F401
from samenspel.insights.search_models import SearchDocument, SearchIndexState  # noqa: F401
from samenspel.insights.theme_models import Theme, ThemeAnalysis, ThemeText  # noqa: F401
