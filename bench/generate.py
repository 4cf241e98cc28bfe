"""Generate a programme of a given size for the benchmark, fast and reproducibly.

Bench data, not demo data: rows are written with bulk_create and not through the services,
so a programme of 5,000 cycles takes seconds. The data still obeys the rules the services
enforce (an expectation before acting, a review before the adjustment, due dates in order,
one audit event per step), so every page shows what it would show in real life.

The same seed gives the same programme: every choice comes from one random.Random(seed).
Only the dates move with `today`, so that "overdue" keeps meaning the same thing.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.utils import timezone

from samenspel.accounts.models import User
from samenspel.common.models import AuditEvent
from samenspel.compass.constants import DEFAULT_TEMPLATE, TEMPLATES, Perspective, Subject
from samenspel.compass.models import AnswerLink, Assessment, Compass, Facet, Score
from samenspel.cycles.constants import OPEN_STATES, CycleState, Decision, ObservationKind
from samenspel.cycles.models import Adjustment, Expectation, LearningCycle, Observation, Review
from samenspel.cycles.tallies import (
    cycle_tallies_rebuild,
    owner_tallies_rebuild,
    question_cycles_rebuild,
)
from samenspel.programmes.constants import InitiativeStatus, QuestionStatus, Role
from samenspel.programmes.models import (
    Area,
    Initiative,
    LearningQuestion,
    LearningQuestionVersion,
    Membership,
    Programme,
)
from samenspel.programmes.services import (
    area_sort_fields,
    default_review_questions,
    initiative_search_fields,
)
from samenspel.programmes.tallies import initiative_tallies_refresh


def _searchable(initiative: Initiative) -> Initiative:
    """Fill the normalised columns the services keep (bulk_create skips the services)."""
    fields = initiative_search_fields(
        title=initiative.title, summary=initiative.summary, initiators=initiative.initiators
    )
    for name, value in fields.items():
        setattr(initiative, name, value)
    return initiative


@dataclass(frozen=True)
class Size:
    initiatives: int
    cycles: int
    areas: int
    users: int
    questions: int
    # Compass assessments (each scores every facet), 0 for a programme without a compass.
    assessments: int = 0


LARGE = Size(initiatives=500, cycles=5_000, areas=20, users=300, questions=20, assessments=100_000)
# Ten times LARGE in everything a page shows a page of; the areas and the learning agenda
# are listed whole, so they keep their number. The compass pages show figures counted over
# all assessments: the huge programme has as many as the large one, since a million would
# take longer to generate than the rest of the run (bench/compass.py measures the counting).
HUGE = Size(
    initiatives=5_000, cycles=50_000, areas=20, users=3_000, questions=20, assessments=100_000
)
SMALL = Size(initiatives=10, cycles=30, areas=3, users=10, questions=5, assessments=200)

# The compass: who answers (weights), what about, and how often a score has a desired
# score or a note. Batches of assessments are inserted, then their scores.
PERSPECTIVE_WEIGHTS = {
    Perspective.RESIDENTS: 45,
    Perspective.CIVIL_SERVANTS: 30,
    Perspective.GOVERNANCE: 15,
    Perspective.FACILITATOR: 10,
}
SUBJECT_WEIGHTS = {Subject.PROGRAMME: 60, Subject.INITIATIVE: 32, Subject.PERSON: 8}
DESIRED_SHARE = 0.3
NOTE_SHARE = 0.05
ASSESSMENT_BATCH = 5_000

# The shares of the cycle states (every state occurs at least once when there are five
# cycles or more) and the share of open cycles whose current phase is overdue.
STATE_WEIGHTS = {
    CycleState.DRAFT: 10,
    CycleState.ACTING: 25,
    CycleState.REVIEWED: 10,
    CycleState.CLOSED: 45,
    CycleState.ABANDONED: 10,
}
OVERDUE_SHARE = 0.35
# The busiest initiative gets this many times the average number of cycles.
BUSY_FACTOR = 4.0
# The facilitator who is measured owns this share of the cycles ("my work").
FACILITATOR_OWNS = 0.05
# Roles of the members after the facilitator, as weights.
ROLE_WEIGHTS = {
    Role.FACILITATOR: 2,
    Role.CIVIL_SERVANT: 20,
    Role.GOVERNANCE: 4,
    Role.INITIATOR: 64,
    Role.PARTNER: 8,
    Role.ADMINISTRATOR: 2,
}
INITIATIVE_STATUS_WEIGHTS = {
    InitiativeStatus.IDEA: 15,
    InitiativeStatus.RUNNING: 50,
    InitiativeStatus.CONTINUED: 15,
    InitiativeStatus.COMPLETED: 10,
    InitiativeStatus.STOPPED: 10,
}
QUESTION_STATUS_WEIGHTS = {
    QuestionStatus.OPEN: 50,
    QuestionStatus.PERSISTENT: 25,
    QuestionStatus.ANSWERED: 20,
    QuestionStatus.DROPPED: 5,
}

FIRST_NAMES = (  # noqa: SIM905
    "Anne Bram Cor Daan Eva Fleur Gert Hanna Ingrid Jan Kees Lotte Mark Noor Okke Pien "
    "Ruud Sanne Tom Ursula Vera Wim Yara Zeynep Ahmed Fatima Joost Marieke Sem Lieke"
).split()
LAST_NAMES = (  # noqa: SIM905
    "de Vries|Jansen|van den Berg|Bakker|Visser|Smit|Meijer|de Boer|Mulder|de Groot|Bos|"
    "Vos|Peters|Hendriks|van Leeuwen|Dekker|Brouwer|de Wit|Dijkstra|Smits|van Dijk|Kok"
).split("|")
PLACES = (  # noqa: SIM905
    "Werkendam Andel Giessen Rijswijk Woudrichem Sleeuwijk Almkerk Nieuwendijk Uitwijk "
    "Dussen Hank Meeuwen Babyloniënbroek Genderen Eethen Drongelen Veen Aalburg Wijk "
    "Nederhemert Zuilichem Poederoijen Brakel Hedel Ammerzoden Kerkdriel"
).split()
TOPICS = (  # noqa: SIM905
    "Dorpshuis|Speeltuin|Buurtbus|Voedselbank|Moestuin|Repair café|Zorgcoöperatie|"
    "Energiecoöperatie|Jongerenpodium|Dorpsbos|Wandelroute|Buurtpreventie|Taalcafé|"
    "Ontmoetingsplek|Dorpsraad|Buurtkamer|Klussendienst|Vervoersdienst|Groenonderhoud"
).split("|")
WORDS = (  # noqa: SIM905
    "bewoners gemeente samen initiatief ruimte vertrouwen afspraak buurt dorp plan avond "
    "vrijwilligers subsidie regels contact wethouder ambtenaar gesprek resultaat leren "
    "verwachting tijd geld zorg ouderen jongeren kinderen school sport groen energie "
    "vervoer ontmoeting activiteit eigenaarschap begeleiding overleg verslag besluit "
    "proef experiment wijk kern samenwerking partner netwerk aanvraag vergunning"
).split()


@dataclass
class Generated:
    """What was generated, with the objects the benchmark visits."""

    programme: Programme
    facilitator: User
    busy_initiative_id: int
    rich_cycle_id: int
    question_number: int
    compass_id: int | None = None
    counts: dict[str, int] = field(default_factory=dict)
    # Seconds spent on parts of the generation, e.g. "compass".
    seconds: dict[str, float] = field(default_factory=dict)
    states: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    facilitator_open_cycles: int = 0


@dataclass
class _CycleSpec:
    initiative_index: int
    state: CycleState
    overdue: bool
    owner_index: int
    starts_on: datetime.date
    expectation_due: datetime.date
    review_due: datetime.date
    adjustment_due: datetime.date
    # How far an abandoned cycle got: 0 draft, 1 acting, 2 reviewed.
    abandoned_after: int = 0
    number: int = 0
    obj: LearningCycle | None = None


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize() + "."


class _Texts:
    """Running text drawn from a pool of sentences: making every sentence word by word
    would cost more than writing all the rows."""

    def __init__(self, rng: random.Random, pool: int = 500) -> None:
        self.rng = rng
        self.pool = [_sentence(rng, 6, 16) for _ in range(pool)]

    def __call__(self, sentences: int) -> str:
        return " ".join(self.rng.choices(self.pool, k=sentences))


def _pick(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


def _spread(rng: random.Random, total: int, buckets: int) -> list[int]:
    """`total` items over `buckets`: the first bucket gets BUSY_FACTOR times the average,
    the others a random share; every bucket at least one when there are enough items."""
    if buckets == 0:
        return []
    weights = [BUSY_FACTOR] + [rng.uniform(0.2, 1.8) for _ in range(buckets - 1)]
    base = 1 if total >= buckets else 0
    rest = total - base * buckets
    scale = rest / sum(weights)
    counts = [base + int(w * scale) for w in weights]
    # Hand out what rounding left over, one each, to random buckets other than the first
    # (so that the first stays the busiest).
    others = list(range(1, buckets)) or [0]
    for _ in range(total - sum(counts)):
        counts[rng.choice(others)] += 1
    return counts


def _dates(
    rng: random.Random, state: CycleState, overdue: bool, today: datetime.date
) -> tuple[datetime.date, datetime.date, datetime.date, datetime.date]:
    """Due dates that fit the state: an overdue cycle's current due date lies in the past,
    a cycle on time has it today or later; ended cycles lie in the past."""
    acting_days = rng.randint(60, 120)
    if state in OPEN_STATES:
        due = today - _days(rng.randint(1, 60)) if overdue else today + _days(rng.randint(0, 60))
        if state == CycleState.DRAFT:
            expectation = due
            review = expectation + _days(acting_days)
        elif state == CycleState.ACTING:
            review = due
            expectation = review - _days(acting_days)
        else:
            review = due - _days(14)
            expectation = review - _days(acting_days)
    else:
        adjustment = today - _days(rng.randint(1, 1_200))
        review = adjustment - _days(14)
        expectation = review - _days(acting_days)
    return expectation - _days(14), expectation, review, review + _days(14)


def _states(rng: random.Random, total: int) -> list[CycleState]:
    """Every state once (when there is room), the rest by STATE_WEIGHTS, shuffled."""
    forced = list(STATE_WEIGHTS)[:total]
    states = forced + [_pick(rng, STATE_WEIGHTS) for _ in range(total - len(forced))]
    rng.shuffle(states)
    return states


def _bulk(model: Any, objs: Sequence[Any]) -> list[Any]:
    created = model.objects.bulk_create(objs, batch_size=2_000)
    if created and created[0].pk is None:  # pragma: no cover - every supported database
        raise RuntimeError(f"{model.__name__}: the database did not return primary keys.")
    return list(created)


# Values that the database driver takes as they are; other fields (dates, JSON, money)
# go through the field's own conversion.
_PLAIN_FIELDS = (models.CharField, models.TextField, models.IntegerField, models.ForeignKey)


def _insert(model: Any, objs: Sequence[Any]) -> None:
    """Insert rows whose primary keys are not needed afterwards: one prepared statement
    for all of them (executemany), without the ORM's per-value SQL compilation, which
    made up most of the time at the huge size."""
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    convert = [None if isinstance(f, _PLAIN_FIELDS) else f for f in fields]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    rows = [
        [
            value if conv is None else conv.get_db_prep_save(value, connection)
            for conv, value in zip(convert, (f.pre_save(obj, True) for f in fields), strict=True)
        ]
        for obj in objs
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5_000):
            cursor.executemany(sql, rows[start : start + 5_000])


def _rows(
    model: Any, columns: list[str], rows: list[tuple], *, returning: int | None = None
) -> list[int]:
    """Insert plain rows (values the driver takes as they are) in one prepared statement.
    With `returning` (the programme's id), the ids of the new rows in insert order: read
    back as the rows of that programme above the highest id before, which holds because
    one transaction inserts them one after the other."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        table, ", ".join(quote(c) for c in columns), ", ".join(["%s"] * len(columns))
    )
    before = 0
    if returning is not None:
        before = (
            model.objects.filter(programme_id=returning).aggregate(last=models.Max("id"))["last"]
            or 0
        )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5_000):
            cursor.executemany(sql, rows[start : start + 5_000])
    if returning is None:
        return []
    ids = list(
        model.objects.filter(programme_id=returning, id__gt=before)
        .order_by("id")
        .values_list("id", flat=True)
    )
    if len(ids) != len(rows):  # pragma: no cover - another writer in between
        raise RuntimeError(f"{model.__name__}: {len(ids)} ids read back for {len(rows)} rows.")
    return ids


@transaction.atomic
def generate(
    *, slug: str, size: Size, seed: int = 1, today: datetime.date | None = None
) -> Generated:
    """Create one programme of `size` under `slug`, with its members, areas, initiatives,
    learning agenda and cycles in every state. The first member is the facilitator the
    benchmark logs in as; the first initiative has the most cycles."""
    rng = random.Random(seed)
    text = _Texts(rng)
    today = today or timezone.localdate()
    review_questions = default_review_questions()

    programme = Programme.objects.create(
        name=f"Leertraject {slug}",
        slug=slug,
        learning_goal=text(2),
        description=text(3),
        starts_on=today - _days(4 * 365),
        ends_on=today + _days(365),
        review_questions=review_questions,
    )

    # Members: the facilitator first, then roles by weight; cycle workers own cycles.
    password = make_password(None)
    users = _bulk(
        User,
        [
            User(
                email=f"{slug}-{i}@bench.example",
                name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                password=password,
            )
            for i in range(size.users)
        ],
    )
    roles = [Role.FACILITATOR] + [_pick(rng, ROLE_WEIGHTS) for _ in users[1:]]
    if size.users > 2 and Role.CIVIL_SERVANT not in roles:
        roles[1] = Role.CIVIL_SERVANT
    if size.users > 3 and Role.INITIATOR not in roles:
        roles[2] = Role.INITIATOR
    memberships = _bulk(
        Membership,
        [
            Membership(user_id=user.pk, programme_id=programme.pk, role=role)
            for user, role in zip(users, roles, strict=True)
        ],
    )
    facilitator = users[0]
    workers = [i for i, role in enumerate(roles) if role in (Role.FACILITATOR, Role.CIVIL_SERVANT)]
    initiators = [i for i, role in enumerate(roles) if role == Role.INITIATOR]
    civil_servants = [i for i, role in enumerate(roles) if role == Role.CIVIL_SERVANT]

    places = rng.sample(PLACES, k=min(size.areas, len(PLACES)))
    area_names = [
        places[i] if i < len(places) else f"{rng.choice(PLACES)} {i + 1}" for i in range(size.areas)
    ]
    areas = _bulk(
        Area,
        [
            Area(
                programme_id=programme.pk,
                name=name,
                description=_sentence(rng, 5, 12),
                **area_sort_fields(name=name),
            )
            for name in area_names
        ],
    )

    initiatives = _bulk(
        Initiative,
        [
            _searchable(
                Initiative(
                    programme_id=programme.pk,
                    area_id=rng.choice(areas).pk if areas and rng.random() < 0.9 else None,
                    title=f"{rng.choice(TOPICS)} {rng.choice(PLACES)} {i + 1}",
                    summary=text(rng.randint(1, 4)),
                    status=_pick(rng, INITIATIVE_STATUS_WEIGHTS),
                    initiators=f"Stichting {rng.choice(TOPICS)}",
                    contact_id=users[rng.choice(civil_servants)].pk if civil_servants else None,
                    societal_task=rng.random() < 0.2,
                    municipal_contribution=Decimal(rng.randrange(0, 50_000, 250)),
                    resident_contribution=Decimal(rng.randrange(0, 20_000, 100)),
                    other_contribution=Decimal(rng.randrange(0, 10_000, 100)),
                )
            )
            for i in range(size.initiatives)
        ],
    )
    initiator_links = [
        Initiative.initiator_accounts.through(initiative_id=initiative.pk, user_id=users[u].pk)
        for initiative in initiatives
        for u in (rng.sample(initiators, k=min(len(initiators), rng.randint(0, 2))))
    ]
    Initiative.initiator_accounts.through.objects.bulk_create(initiator_links)

    # The learning agenda: each question with one to four wordings, the last one current.
    wordings = [
        [_sentence(rng, 8, 18).rstrip(".") + "?" for _ in range(rng.randint(1, 4))]
        for _ in range(size.questions)
    ]
    questions = _bulk(
        LearningQuestion,
        [
            LearningQuestion(
                programme_id=programme.pk,
                number=i + 1,
                text=texts[-1],
                status=_pick(rng, QUESTION_STATUS_WEIGHTS),
                version=len(texts),
            )
            for i, texts in enumerate(wordings)
        ],
    )
    versions = _bulk(
        LearningQuestionVersion,
        [
            LearningQuestionVersion(
                question_id=question.pk, number=n + 1, text=wording, recorded_by_id=facilitator.pk
            )
            for question, texts in zip(questions, wordings, strict=True)
            for n, wording in enumerate(texts)
        ],
    )

    # Cycles: states and dates first, then numbered per initiative in order of start.
    states = _states(rng, size.cycles)
    open_positions = [i for i, state in enumerate(states) if state in OPEN_STATES]
    specs: list[_CycleSpec] = []
    per_initiative = _spread(rng, size.cycles, len(initiatives))
    owner_of_first_open = True
    position = 0
    for initiative_index, count in enumerate(per_initiative):
        for _ in range(count):
            state = states[position]
            overdue = state in OPEN_STATES and rng.random() < OVERDUE_SHARE
            # The first open cycle is overdue, the second on time: both always occur.
            if open_positions[:1] == [position]:
                overdue = True
            elif open_positions[1:2] == [position]:
                overdue = False
            owner = rng.choice(workers)
            if rng.random() < FACILITATOR_OWNS or (state in OPEN_STATES and owner_of_first_open):
                owner = 0
                owner_of_first_open = owner_of_first_open and state not in OPEN_STATES
            starts, expectation, review, adjustment = _dates(rng, state, overdue, today)
            specs.append(
                _CycleSpec(
                    initiative_index=initiative_index,
                    state=state,
                    overdue=overdue,
                    owner_index=owner,
                    starts_on=starts,
                    expectation_due=expectation,
                    review_due=review,
                    adjustment_due=adjustment,
                    abandoned_after=rng.choice((0, 1, 1, 2))
                    if state == CycleState.ABANDONED
                    else 0,
                )
            )
            position += 1

    by_initiative: dict[int, list[_CycleSpec]] = {}
    for spec in specs:
        by_initiative.setdefault(spec.initiative_index, []).append(spec)
    for cycles in by_initiative.values():
        cycles.sort(key=lambda s: (s.starts_on, s.state))
        for number, spec in enumerate(cycles, start=1):
            spec.number = number

    # Created in waves (every initiative's first cycle, then every second, ...) so that a
    # cycle can name the one it follows without a second pass of updates.
    waves = max((len(c) for c in by_initiative.values()), default=0)
    for wave in range(waves):
        batch = []
        for cycles in by_initiative.values():
            if wave >= len(cycles):
                continue
            spec = cycles[wave]
            before = cycles[wave - 1] if wave else None
            follows = (
                _pk(before)
                if before is not None and before.state == CycleState.CLOSED and rng.random() < 0.7
                else None
            )
            spec.obj = LearningCycle(
                initiative_id=initiatives[spec.initiative_index].pk,
                number=spec.number,
                title=_sentence(rng, 3, 7).rstrip("."),
                owner_id=users[spec.owner_index].pk,
                state=spec.state,
                starts_on=spec.starts_on,
                expectation_due=spec.expectation_due,
                review_due=spec.review_due,
                adjustment_due=spec.adjustment_due,
                previous_id=follows,
                abandon_reason=_sentence(rng, 6, 14) if spec.state == CycleState.ABANDONED else "",
                state_changed_at=_at(min(spec.review_due, today)),
            )
            batch.append(spec.obj)
        _bulk(LearningCycle, batch)

    # Links to the learning agenda: some questions are far more popular than others.
    question_weights = [1 / (i + 1) for i in range(len(questions))]
    question_links = []
    for spec in specs:
        if not questions or rng.random() > 0.7:
            continue
        chosen = {
            q.pk for q in rng.choices(questions, weights=question_weights, k=rng.randint(1, 2))
        }
        question_links += [
            LearningCycle.learning_questions.through(
                learningcycle_id=_pk(spec), learningquestion_id=pk
            )
            for pk in sorted(chosen)
        ]
    if questions and specs and not question_links:
        question_links.append(
            LearningCycle.learning_questions.through(
                learningcycle_id=_pk(specs[0]), learningquestion_id=questions[0].pk
            )
        )
    _insert(LearningCycle.learning_questions.through, question_links)

    # The records of each phase, and the audit trail that the services would have written.
    cycle_type = ContentType.objects.get_for_model(LearningCycle)
    expectations: list[Expectation] = []
    observations: list[Observation] = []
    reviews: list[Review] = []
    adjustments: list[Adjustment] = []
    events: list[AuditEvent] = []

    def event(spec: _CycleSpec, action: str, data: dict[str, Any], actor: User) -> None:
        events.append(
            AuditEvent(
                actor_id=actor.pk,
                action=action,
                programme_id=programme.pk,
                target_type_id=cycle_type.pk,
                target_id=_pk(spec),
                data=data,
            )
        )

    def transition(spec: _CycleSpec, frm: CycleState, to: CycleState, actor: User) -> None:
        event(spec, "cycle.transition", {"from": frm, "to": to}, actor)

    for spec in specs:
        cycle = spec.obj
        assert cycle is not None
        owner = users[spec.owner_index]
        phase = {
            CycleState.DRAFT: 0,
            CycleState.ACTING: 1,
            CycleState.REVIEWED: 2,
            CycleState.CLOSED: 3,
            CycleState.ABANDONED: spec.abandoned_after,
        }[spec.state]
        event(spec, "cycle.create", {}, facilitator)
        if phase >= 1 or rng.random() < 0.5:
            expectations.append(
                Expectation(
                    cycle_id=cycle.pk,
                    intention=text(2),
                    expected_outcome=text(2),
                    success_signs=_sentence(rng, 5, 12) if rng.random() < 0.7 else "",
                    recorded_by_id=owner.pk,
                    recorded_at=_at(spec.starts_on),
                )
            )
            event(spec, "expectation.record", {}, owner)
        if phase >= 1:
            transition(spec, CycleState.DRAFT, CycleState.ACTING, owner)
            low = 1 if spec.state in (CycleState.REVIEWED, CycleState.CLOSED) else 0
            high = 2 if spec.state == CycleState.ABANDONED else (4 if phase == 1 else 5)
            for _ in range(rng.randint(low, high)):
                window = max((min(spec.review_due, today) - spec.expectation_due).days, 0)
                recorder = owner if rng.random() < 0.6 else users[rng.randrange(len(users))]
                observations.append(
                    Observation(
                        cycle_id=cycle.pk,
                        occurred_on=spec.expectation_due + _days(rng.randint(0, window)),
                        kind=_pick(rng, {k: 1 for k in ObservationKind}),
                        text=text(rng.randint(1, 3)),
                        recorded_by_id=recorder.pk,
                        recorded_at=_at(spec.expectation_due),
                    )
                )
                event(spec, "observation.add", {}, recorder)
        if phase >= 2:
            reviews.append(
                Review(
                    cycle_id=cycle.pk,
                    answers=[
                        {"question": question, "answer": text(rng.randint(1, 3))}
                        for question in review_questions
                    ],
                    recorded_by_id=owner.pk,
                    recorded_at=_at(spec.review_due),
                )
            )
            transition(spec, CycleState.ACTING, CycleState.REVIEWED, owner)
        if phase >= 3 and spec.state == CycleState.CLOSED:
            adjustments.append(
                Adjustment(
                    cycle_id=cycle.pk,
                    decision=_pick(rng, {d: 1 for d in Decision}),
                    text=text(2),
                    recorded_by_id=owner.pk,
                    recorded_at=_at(spec.adjustment_due),
                )
            )
            transition(spec, CycleState.REVIEWED, CycleState.CLOSED, owner)
        if spec.state == CycleState.ABANDONED:
            frm = (CycleState.DRAFT, CycleState.ACTING, CycleState.REVIEWED)[phase]
            transition(spec, frm, CycleState.ABANDONED, owner)

    for model, rows in (
        (Expectation, expectations),
        (Observation, observations),
        (Review, reviews),
        (Adjustment, adjustments),
        (AuditEvent, events),
    ):
        _insert(model, rows)

    # The objects the benchmark visits: the busiest initiative, the reviewed cycle (or any
    # cycle with a review) with the most observations, the most linked learning question.
    observed = Counter(o.cycle_id for o in observations)
    reviewed = {r.cycle_id for r in reviews}
    candidates = [s for s in specs if _pk(s) in reviewed and observed[_pk(s)]]
    rich = max(
        candidates or specs,
        key=lambda s: (s.state == CycleState.REVIEWED, observed[_pk(s)], -_pk(s)),
    )
    # Bulk inserts send no signals: count the cycles per initiative as the services would.
    cycle_tallies_rebuild(programme_id=programme.pk)
    question_cycles_rebuild(programme_id=programme.pk)
    owner_tallies_rebuild(programme_id=programme.pk)
    initiative_tallies_refresh(programme_id=programme.pk)

    linked = Counter(link.learningquestion_id for link in question_links)
    popular = max(questions, key=lambda q: (linked[q.pk], -q.number)) if questions else None

    started = time.perf_counter()
    compass_counts = _compass(
        rng,
        text,
        programme=programme,
        size=size,
        today=today,
        users=users,
        roles=roles,
        initiatives=initiatives,
    )
    compass_seconds = time.perf_counter() - started
    compass_id = compass_counts.pop("compass_id", None)

    return Generated(
        programme=programme,
        facilitator=facilitator,
        busy_initiative_id=initiatives[0].pk,
        rich_cycle_id=_pk(rich),
        question_number=popular.number if popular else 0,
        compass_id=compass_id,
        seconds={"compass": compass_seconds},
        counts={
            "users": len(users),
            "memberships": len(memberships),
            "areas": len(areas),
            "initiatives": len(initiatives),
            "initiator_links": len(initiator_links),
            "questions": len(questions),
            "question_versions": len(versions),
            "cycles": len(specs),
            "cycle_question_links": len(question_links),
            "expectations": len(expectations),
            "observations": len(observations),
            "reviews": len(reviews),
            "adjustments": len(adjustments),
            "audit_events": len(events),
            **compass_counts,
        },
        states=dict(Counter(str(s.state) for s in specs)),
        overdue=sum(s.overdue for s in specs),
        facilitator_open_cycles=sum(
            1 for s in specs if s.owner_index == 0 and s.state in OPEN_STATES
        ),
    )


def _pk(spec: _CycleSpec) -> int:
    assert spec.obj is not None and spec.obj.pk is not None
    return int(spec.obj.pk)


def _compass(
    rng: random.Random,
    text: _Texts,
    *,
    programme: Programme,
    size: Size,
    today: datetime.date,
    users: list[User],
    roles: list[Role],
    initiatives: list[Initiative],
) -> dict[str, int]:
    """The programme's compass (the default template) and `size.assessments` assessments
    over the programme's years: about the programme, an initiative or a person; every
    perspective; residents anonymous, some through one of two links (one closed). Each
    facet drifts upwards over time, each perspective sees it a little differently."""
    if not size.assessments:
        return {}
    template = TEMPLATES[DEFAULT_TEMPLATE]
    compass = Compass.objects.create(
        programme_id=programme.pk, core=str(template.core), template=template.key
    )
    facets = _bulk(
        Facet,
        [
            Facet(
                compass_id=compass.pk,
                position=position,
                name=str(facet.name),
                description=str(facet.description),
                colour=facet.colour,
            )
            for position, facet in enumerate(template.facets, start=1)
        ],
    )
    facilitator = users[0]
    links = _bulk(
        AnswerLink,
        [
            AnswerLink(
                programme_id=programme.pk,
                title=f"Kompas {year}",
                created_by_id=facilitator.pk,
                closed_at=None if open_ else _at(today - _days(400)),
            )
            for year, open_ in ((today.year - 1, False), (today.year, True))
        ],
    )
    by_perspective = {
        Perspective.CIVIL_SERVANTS: [
            u for u, r in zip(users, roles, strict=True) if r == Role.CIVIL_SERVANT
        ],
        Perspective.GOVERNANCE: [
            u for u, r in zip(users, roles, strict=True) if r in (Role.GOVERNANCE, Role.PARTNER)
        ],
        Perspective.FACILITATOR: [
            u for u, r in zip(users, roles, strict=True) if r == Role.FACILITATOR
        ],
    }
    # The measured facilitator looks at themselves now and then (the personal page).
    people = [facilitator, *by_perspective[Perspective.CIVIL_SERVANTS][:50]]
    # Where each perspective starts on each facet (0-10), rising by up to 2 over the years.
    start = {
        (perspective, facet.pk): rng.uniform(3.5, 7.5)
        for perspective in Perspective.values
        for facet in facets
    }
    # Residents and civil servants see the first facet far apart at every size, so that
    # every programme has a perspective gap (and its notes) on the compass page.
    start[Perspective.RESIDENTS, facets[0].pk] = 2.5
    start[Perspective.CIVIL_SERVANTS, facets[0].pk] = 8.0
    first_day = programme.starts_on or today - _days(4 * 365)
    span = max((today - first_day).days, 1)
    notes = [text(1) for _ in range(200)]
    assessments_made = scores_made = 0
    ops = connection.ops
    for batch_start in range(0, size.assessments, ASSESSMENT_BATCH):
        batch = []
        for _ in range(min(ASSESSMENT_BATCH, size.assessments - batch_start)):
            subject = _pick(rng, SUBJECT_WEIGHTS)
            if subject == Subject.INITIATIVE and not initiatives:
                subject = Subject.PROGRAMME
            # The first one is the measured facilitator's look at themselves.
            first = batch_start == 0 and not batch
            if first:
                subject = Subject.PERSON
            perspective = (
                Perspective.CIVIL_SERVANTS
                if subject == Subject.PERSON
                else _pick(rng, PERSPECTIVE_WEIGHTS)
            )
            respondent = (
                (facilitator if first else rng.choice(people))
                if subject == Subject.PERSON
                else rng.choice(by_perspective[perspective] or [facilitator])
                if perspective != Perspective.RESIDENTS
                else None
            )
            link = (
                rng.choice(links).pk
                if respondent is None and subject == Subject.PROGRAMME and rng.random() < 0.5
                else None
            )
            batch.append(
                (
                    programme.pk,
                    subject,
                    rng.choice(initiatives).pk if subject == Subject.INITIATIVE else None,
                    None,
                    respondent.pk if subject == Subject.PERSON and respondent else None,
                    perspective,
                    respondent.pk if respondent else None,
                    respondent is None,
                    link,
                    rng.randrange(span + 1),  # the day, as an offset; made a date below
                )
            )
        offsets = [row[9] for row in batch]
        made = _rows(
            Assessment,
            [
                "programme_id",
                "subject",
                "initiative_id",
                "session_id",
                "person_id",
                "perspective",
                "respondent_id",
                "anonymous",
                "link_id",
                "assessed_on",
            ],
            [(*row[:9], ops.adapt_datefield_value(first_day + _days(row[9]))) for row in batch],
            returning=programme.pk,
        )
        scores = []
        for assessment_id, offset, row in zip(made, offsets, batch, strict=True):
            drift = 2 * offset / span
            for facet in facets:
                current = max(0, min(10, round(rng.gauss(start[row[5], facet.pk] + drift, 1.3))))
                scores.append(
                    (
                        assessment_id,
                        facet.pk,
                        current,
                        min(10, current + rng.randint(0, 3))
                        if rng.random() < DESIRED_SHARE
                        else None,
                        rng.choice(notes) if rng.random() < NOTE_SHARE else "",
                    )
                )
        _rows(Score, ["assessment_id", "facet_id", "current", "desired", "note"], scores)
        assessments_made += len(made)
        scores_made += len(scores)
    return {
        "compass_id": compass.pk,
        "facets": len(facets),
        "assessments": assessments_made,
        "scores": scores_made,
    }
