"""The programme and what it owns: areas (kernen), initiatives and the learning agenda.

Editable texts carry a `version` counter: a save with a stale version is refused, so two
people editing at once never silently overwrite each other.
"""

from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from samenspel.common.models import Record
from samenspel.programmes.constants import InitiativeStatus, QuestionStatus, Role

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise


def money_field(label: "StrPromise") -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=12,
        decimal_places=2,
        default=Decimal(0),
        validators=[MinValueValidator(Decimal(0))],
    )


class Programme(models.Model):
    programme_path = "pk"

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in web addresses"), max_length=80, unique=True)
    learning_goal = models.TextField(_("higher learning goal"), blank=True)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    budget = models.DecimalField(
        _("budget"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
        help_text=_("The money the municipality has for the initiatives, in euros."),
    )
    # Altena's rule: residents put in at least this share of the municipal contribution.
    co_investment_percentage = models.DecimalField(
        _("co-investment rule (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Residents co-invest at least this percentage of the municipal contribution."),
    )
    review_questions = models.JSONField(
        _("after-action-review questions"),
        default=list,
        help_text=_("The questions every review answers, one per line."),
    )
    version = models.PositiveIntegerField(default=1)
    # Raised by every audited change in the programme; keys its cached figures.
    data_version = models.PositiveBigIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(starts_on__isnull=True)
                | models.Q(ends_on__gte=models.F("starts_on")),
                name="programme_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(budget__isnull=True) | models.Q(budget__gte=0),
                name="programme_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(co_investment_percentage__isnull=True)
                | models.Q(co_investment_percentage__gte=0, co_investment_percentage__lte=100),
                name="programme_co_investment_percentage",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class Area(models.Model):
    programme_path = "programme_id"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="areas")
    name = models.CharField(_("name"), max_length=120)
    # The name as Dutch sorts it (common.text.normalise), kept by the services.
    sort_name = models.CharField(max_length=120, editable=False, default="")
    description = models.TextField(_("description"), blank=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["sort_name", "name"]
        indexes = [models.Index(fields=["programme", "sort_name"])]
        constraints = [
            # Case-insensitive, in the database: a check before the insert alone lets two
            # posts at the same moment both through ("Almkerk" and "almkerk").
            models.UniqueConstraint(
                models.F("programme"), Lower("name"), name="area_name_unique_ignoring_case"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Initiative(models.Model):
    programme_path = "programme_id"

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="initiatives")
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        on_delete=models.PROTECT,
        related_name="initiatives",
        null=True,
        blank=True,
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    # Normalised copies (common.text.normalise), kept by the services: the title to sort
    # on, and title, summary and initiators to search in.
    sort_name = models.CharField(max_length=200, editable=False, default="")
    search_text = models.TextField(editable=False, default="")
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.IDEA,
    )
    initiators = models.CharField(
        _("initiators"),
        max_length=300,
        blank=True,
        help_text=_("The residents or groups behind the initiative."),
    )
    initiator_accounts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("initiators with an account"),
        blank=True,
        related_name="initiatives_as_initiator",
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("municipal contact"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="initiatives_as_contact",
    )
    societal_task = models.BooleanField(
        _("societal task"),
        default=False,
        help_text=_("The initiative takes on a task that used to be the municipality's."),
    )
    municipal_contribution = money_field(_("municipal contribution"))
    resident_contribution = money_field(_("residents' co-investment"))
    other_contribution = money_field(_("other funding"))
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        ordering = ["sort_name", "id"]
        indexes = [
            models.Index(fields=["programme", "status"]),
            models.Index(fields=["programme", "sort_name"]),
            # The initiatives without an area, read on their own for the figures.
            models.Index(fields=["programme", "area"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(municipal_contribution__gte=0)
                & models.Q(resident_contribution__gte=0)
                & models.Q(other_contribution__gte=0),
                name="initiative_funding_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def total_funding(self) -> Decimal:
        return self.municipal_contribution + self.resident_contribution + self.other_contribution


class InitiativeTally(models.Model):
    """A programme's initiatives counted per area and status, with their funding added
    up: derived data that programmes.tallies keeps up to date whenever an initiative
    changes, so that the programme's figures read a row per area and status instead of
    every initiative (docs/decisions/0008). `area` is empty for the initiatives without
    one."""

    # No database constraints: programmes.tallies writes these rows while a programme is
    # being deleted with its initiatives, and removes them after it.
    programme = models.ForeignKey(
        Programme, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    area = models.ForeignKey(
        Area, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    status = models.CharField(max_length=16, choices=InitiativeStatus.choices)
    count = models.PositiveIntegerField(default=0)
    municipal = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))
    residents = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))
    other = models.DecimalField(max_digits=14, decimal_places=2, default=Decimal(0))

    class Meta:
        verbose_name = _("initiative tally")
        verbose_name_plural = _("initiative tallies")

    def __str__(self) -> str:
        return f"{self.programme_id}/{self.area_id}/{self.status}"


class LearningQuestion(models.Model):
    """An entry of the dynamic learning agenda. Its wording lives in versions: a
    reformulation adds a version and never overwrites the earlier one."""

    programme_path = "programme_id"

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="learning_questions"
    )
    number = models.PositiveIntegerField(_("number"))
    text = models.TextField(_("question"), help_text=_("The current wording."))
    status = models.CharField(
        _("status"), max_length=16, choices=QuestionStatus.choices, default=QuestionStatus.OPEN
    )
    # Required by the services when the status is answered; kept when the status moves on.
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("learning question")
        verbose_name_plural = _("learning questions")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "number"], name="question_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"


class LearningQuestionVersion(Record):
    programme_path = "question.programme_id"

    question = models.ForeignKey(
        LearningQuestion, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("wording"))

    class Meta:
        verbose_name = _("wording of a learning question")
        verbose_name_plural = _("wordings of learning questions")
        ordering = ["question", "number"]
        constraints = [
            models.UniqueConstraint(fields=["question", "number"], name="question_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.question.number}.{self.number}"


class Membership(models.Model):
    programme_path = "programme_id"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme"], name="one_membership_per_programme"
            )
        ]
        ordering = ["user__sort_name"]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"
