"""What a restored backup must obey about programmes beyond the field definitions
(common.restore_checks): a programme's review questions are a non-empty list of
non-empty texts. Registered in ProgrammesConfig.ready()."""

from collections.abc import Iterator
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from samenspel.common.restore_checks import non_empty_text, register_rules
from samenspel.programmes.models import Programme


def check_review_questions(value: Any) -> None:
    if not (isinstance(value, list) and value and all(non_empty_text(q) for q in value)):
        raise ValidationError(
            _("the review questions must be a list of questions, none of them empty.")
        )


class ProgrammeRules:
    def check(self, obj: models.Model) -> None:
        if isinstance(obj, Programme):
            check_review_questions(obj.review_questions)

    def problems(self) -> Iterator[tuple[type[models.Model], int, str]]:
        return iter(())


def register() -> None:
    register_rules(ProgrammeRules)
