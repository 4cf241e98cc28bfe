"""factory_boy factories for every model the tests create. Build data through these (or
the services) so that tests stay short and read like the situation they set up."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone
from faker import Faker

from samenspel.accounts.models import User
from samenspel.coaching.models import Coaching, CoachingConversation, DevelopmentGoal
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import Expectation, LearningCycle
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Area, Initiative, LearningQuestion, Membership, Programme
from samenspel.programmes.services import (
    area_sort_fields,
    default_review_questions,
    initiative_search_fields,
)

PASSWORD = "samen-spel-2026"


DUTCH = Faker("nl_NL")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.nl")
    # A Dutch name as a page shows it unchanged: Faker's can hold "d'", which the pages
    # escape, so a test looking for the name would miss it, and one checking that it is
    # absent would prove nothing. Markup in names: tests/test_protections.py.
    name = factory.LazyFunction(lambda: DUTCH.name().replace("'", ""))
    password = factory.django.Password(PASSWORD)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Leertraject {n}")
    slug = factory.Sequence(lambda n: f"leertraject-{n}")
    learning_goal = "Leren samenspelen met inwoners."
    review_questions = factory.LazyFunction(default_review_questions)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    programme = factory.SubFactory(ProgrammeFactory)
    role = Role.CIVIL_SERVANT


class AreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Kern {n}")
    # The normalised columns the services keep (common.text).
    sort_name = factory.LazyAttribute(lambda o: area_sort_fields(name=o.name)["sort_name"])


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    programme = factory.SubFactory(ProgrammeFactory)
    area = factory.SubFactory(AreaFactory, programme=factory.SelfAttribute("..programme"))
    title = factory.Sequence(lambda n: f"Initiatief {n}")
    summary = ""
    initiators = ""
    municipal_contribution = Decimal("1000.00")
    resident_contribution = Decimal("500.00")
    sort_name = factory.LazyAttribute(
        lambda o: initiative_search_fields(title=o.title, summary="", initiators="")["sort_name"]
    )
    search_text = factory.LazyAttribute(
        lambda o: initiative_search_fields(
            title=o.title, summary=o.summary, initiators=o.initiators
        )["search_text"]
    )


class LearningQuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningQuestion

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = "Hoe geven we ruimte aan initiatieven?"


class CycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LearningCycle

    initiative = factory.SubFactory(InitiativeFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = "Eerste ronde"
    owner = factory.SubFactory(UserFactory)
    state = CycleState.DRAFT
    starts_on = factory.LazyFunction(timezone.localdate)
    expectation_due = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=14))
    review_due = factory.LazyAttribute(lambda o: o.expectation_due + datetime.timedelta(days=60))
    adjustment_due = factory.LazyAttribute(lambda o: o.review_due + datetime.timedelta(days=14))


class ExpectationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expectation

    cycle = factory.SubFactory(CycleFactory)
    intention = "We organiseren een bewonersavond."
    expected_outcome = "Dertig bewoners komen en tien doen mee."


class CoachingFactory(factory.django.DjangoModelFactory):
    """A coaching between a facilitator and a civil servant of one programme (made
    members by the factory when they are not given)."""

    class Meta:
        model = Coaching

    programme = factory.SubFactory(ProgrammeFactory)
    coach = factory.LazyAttribute(
        lambda o: MembershipFactory(programme=o.programme, role=Role.FACILITATOR).user
    )
    coachee = factory.LazyAttribute(
        lambda o: MembershipFactory(programme=o.programme, role=Role.CIVIL_SERVANT).user
    )
    started_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=60))


class ConversationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CoachingConversation

    coaching = factory.SubFactory(CoachingFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=7))
    what_happened = "De initiatiefnemers wilden sneller een antwoord."
    reflection = "Ik wilde het te graag zelf oplossen."
    agreements = "Volgende keer vraag ik eerst wat zij nodig hebben."


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DevelopmentGoal

    coaching = factory.SubFactory(CoachingFactory)
    text = "Ik laat initiatiefnemers zelf de agenda bepalen."
    set_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
