"""The demo's story as data: gemeente Maaswaarden, a fictional merger municipality of
twenty villages that learns to work with its residents' initiatives (after the journey of
a real Dutch merger municipality, 2016-2019; every place and person here is invented).

Everything Dutch lives in this file; loader.py only turns it into records. Dates are day
offsets from the programme's start, so that the demo always ends "now".
"""

from dataclasses import dataclass, field

from samenspel.cycles.constants import CycleState, Decision
from samenspel.journal.constants import ChapterKind, Consent, VoiceKind, VoiceSource
from samenspel.learning_sessions.constants import InsightKind
from samenspel.programmes.constants import InitiativeStatus, QuestionStatus, Role

MUNICIPALITY = "gemeente Maaswaarden"
PROGRAMME_NAME = "Het nieuwe samenspel {start}\N{EN DASH}{end}"  # the years it runs

LEARNING_GOAL = (
    "Als gemeente leren we samenspelen met inwoners. We laten los waar het kan, we helpen "
    "waar het nodig is, en we leren van elk experiment in de kernen. Aan het eind weten "
    "we welke rol de raad, het college en de ambtenaar hebben in de nieuwe verhouding "
    "met de samenleving. En we werken ook echt zo."
)

DESCRIPTION = (
    "De gemeente Maaswaarden ontstond uit drie gemeenten die samengingen. Twintig kernen "
    "kregen één gemeentehuis. Om dichtbij te blijven, vroeg de nieuwe gemeente de "
    "inwoners om ideeën voor hun eigen dorp. Op een ideeënmarkt kwamen ruim vijftig "
    "ideeën binnen. De helft werd een experiment: de gemeente betaalt mee als de "
    "bewoners zelf ook investeren. Een onafhankelijke procesbegeleider helpt ambtenaren, "
    "raad en bestuur om van elk experiment te leren."
)


@dataclass(frozen=True)
class Person:
    key: str
    email: str  # the part before the @; the loader adds the demo domain
    name: str
    role: Role | None  # the role in the demo programme; None: no membership
    superuser: bool = False


# One person per role (the printed demo log-ins), the superuser for the admin, and a few
# more civil servants who are contacts of initiatives and owners of cycles.
PEOPLE = [
    Person("facilitator", "facilitator", "Marieke Verhoeven", Role.FACILITATOR),
    Person("civil_servant", "civil-servant", "Joris van Dijk", Role.CIVIL_SERVANT),
    Person("governance", "governance", "Annelies Smits", Role.GOVERNANCE),
    Person("initiator", "initiator", "Henk de Groot", Role.INITIATOR),
    Person("partner", "partner", "Sabine Kuipers", Role.PARTNER),
    Person("administrator", "administrator", "Erik Mulder", Role.ADMINISTRATOR),
    Person("fatima", "fatima.elamrani", "Fatima El Amrani", Role.CIVIL_SERVANT),
    Person("kees", "kees.jansen", "Kees Jansen", Role.CIVIL_SERVANT),
    Person("ilse", "ilse.bosman", "Ilse Bosman", Role.CIVIL_SERVANT),
    Person("ruud", "ruud.hendriks", "Ruud Hendriks", Role.CIVIL_SERVANT),
    # The rest of the werkgroep visie: an alderman, a council member and a director.
    Person("wethouder", "peter.vanleeuwen", "Peter van Leeuwen", Role.GOVERNANCE),
    Person("raadslid", "yvonne.bakker", "Yvonne Bakker", Role.GOVERNANCE),
    Person("directeur", "gerard.willems", "Gerard Willems", Role.GOVERNANCE),
    Person("beheer", "beheer", "Beheerder Samenspel", None, superuser=True),
]

VILLAGES = [
    ("Maaskerk", "De grootste kern, met het gemeentehuis en de haven. Ongeveer 9.400 inwoners."),
    ("Oudewaard", "Dorp aan de dijk met veel jonge gezinnen. Ongeveer 3.100 inwoners."),
    ("Heesbergen", "Kerkdorp met een actieve dorpsraad. Ongeveer 2.300 inwoners."),
    ("Drielhoven", "Lintdorp langs de oude rivierarm. Ongeveer 1.800 inwoners."),
    ("Zandwijk", "Dorp met een bibliotheek en twee basisscholen. Ongeveer 4.200 inwoners."),
    ("Veldendam", "Agrarisch dorp met brede bermen. Ongeveer 1.500 inwoners."),
    ("Rietveen", "Vergrijzend dorp in het veengebied. Ongeveer 1.200 inwoners."),
    ("Kleinwaarde", "Het kleinste dorp met een eigen eetpunt. Ongeveer 600 inwoners."),
    ("Polderdijk", "Buitengebied met verspreide boerderijen. Ongeveer 900 inwoners."),
    ("Eikenhorst", "Dorp rond basisschool De Klimop. Ongeveer 2.000 inwoners."),
    ("Nieuw-Biezen", "Jong dorp uit de jaren zeventig. Ongeveer 2.700 inwoners."),
    ("Wilgendonk", "Dorp met een eigen speeltuinvereniging. Ongeveer 1.700 inwoners."),
    ("Hoogmeer", "Dorp met het enige openluchtbad van de gemeente. Ongeveer 3.400 inwoners."),
    ("Sluishoven", "Vestingdorp met een leegstaande kerk. Ongeveer 1.300 inwoners."),
    ("Grienden", "Dorp tussen de wilgenbossen aan de rivier. Ongeveer 800 inwoners."),
    ("Overwaard", "Dorp zonder bushalte, aan de overkant van de Maas. Ongeveer 1.000 inwoners."),
    ("Bergstede", "Dorp met de grootste sporthal van de gemeente. Ongeveer 3.800 inwoners."),
    ("Dorenkamp", "Dorp waar jongeren moeilijk een huis vinden. Ongeveer 1.600 inwoners."),
    ("Lindeweer", "Dorp met oude boomgaarden en wandelpaden. Ongeveer 1.100 inwoners."),
    (
        "Ganzeweide",
        "Dorp met een dorpshuis dat de gemeente wilde sluiten. Ongeveer 1.400 inwoners.",
    ),
]


@dataclass(frozen=True)
class Step:
    """One turn of learning on an initiative: the cycle's title and its expectation."""

    title: str
    intention: str
    expected: str


@dataclass(frozen=True)
class Plan:
    """Where a chosen initiative stands today; the loader lays its cycles out to match."""

    status: InitiativeStatus
    first_cycle: int  # day offset of the first cycle's start
    last_state: CycleState
    overdue: bool = False
    expectation_written: bool = False  # a draft whose expectation exists, not yet acting
    abandon_step: int | None = None  # the first attempt at this step is abandoned
    ended_days_ago: int = 0  # completed or stopped: when the last cycle ended


@dataclass(frozen=True)
class Idea:
    title: str
    area: str
    initiators: str
    summary: str
    municipal: int
    resident: int
    other: int = 0
    societal_task: bool = False
    contact: str | None = None  # a Person key
    initiator_accounts: tuple[str, ...] = ()
    questions: tuple[int, ...] = ()  # learning-question numbers its cycles work on
    plan: Plan | None = None  # None: an idea that was not chosen
    steps: tuple[Step, ...] = field(default=())


RUNNING = InitiativeStatus.RUNNING
CONTINUED = InitiativeStatus.CONTINUED
COMPLETED = InitiativeStatus.COMPLETED
STOPPED = InitiativeStatus.STOPPED
DRAFT = CycleState.DRAFT
ACTING = CycleState.ACTING
REVIEWED = CycleState.REVIEWED
CLOSED = CycleState.CLOSED
ABANDONED = CycleState.ABANDONED

CHOSEN = [
    Idea(
        "Dorpshuis De Ganzenhoek in eigen beheer",
        "Ganzeweide",
        "Stichting Dorpshuis Ganzeweide (Henk de Groot, Ria Pieters)",
        "De gemeente wilde het dorpshuis sluiten. Bewoners nemen het over en beheren het "
        "zelf als stichting, met vrijwilligers achter de bar en in het onderhoud.",
        45000,
        38500,
        20000,
        societal_task=True,
        contact="civil_servant",
        initiator_accounts=("initiator",),
        questions=(1, 8),
        plan=Plan(CONTINUED, 60, ACTING),
        steps=(
            Step(
                "Draagvlak peilen voor de overname",
                "We gaan met de dorpsraad langs de verenigingen die het dorpshuis gebruiken "
                "en vragen wie wil meedoen.",
                "We verwachten dat de meeste verenigingen de overname steunen en dat tien "
                "mensen willen helpen.",
            ),
            Step(
                "Stichting oprichten en een bestuur vinden",
                "De initiatiefnemers richten een stichting op. De gemeente helpt met de "
                "statuten en betaalt de notaris.",
                "We verwachten binnen drie maanden een bestuur van vijf mensen.",
            ),
            Step(
                "Beheerplan en huurcontracten",
                "De stichting maakt een beheerplan. Samen zetten we de huurcontracten van "
                "de verenigingen over.",
                "We verwachten dat de begroting sluit met de huur en een vaste jaarlijkse "
                "bijdrage van de gemeente.",
            ),
            Step(
                "Eerste seizoen in eigen beheer",
                "De stichting draait het dorpshuis een seizoen zelf, met vrijwilligers "
                "achter de bar en bij het schoonmaken.",
                "We verwachten dat het dorpshuis vaker open is dan toen de gemeente het beheerde.",
            ),
            Step(
                "Het dak verduurzamen",
                "We onderzoeken met de energiecoöperatie of er zonnepanelen op het dak kunnen.",
                "We verwachten dat de energierekening met een derde omlaag kan.",
            ),
        ),
    ),
    Idea(
        "Speeltuin De Wilg",
        "Wilgendonk",
        "Speeltuinvereniging De Wilg",
        "De oude speeltuin was versleten. Ouders en buren ontwerpen en bouwen samen een "
        "nieuwe, en houden hem daarna zelf bij.",
        12500,
        11000,
        3000,
        contact="fatima",
        questions=(3,),
        plan=Plan(COMPLETED, 75, CLOSED, ended_days_ago=200),
        steps=(
            Step(
                "Wensen van kinderen ophalen",
                "De vereniging vraagt kinderen van de basisschool om hun droomspeeltuin te "
                "tekenen.",
                "We verwachten tekeningen van minstens veertig kinderen en een paar "
                "duidelijke wensen.",
            ),
            Step(
                "Ontwerp en offertes",
                "Een vrijwilliger maakt een ontwerp op basis van de tekeningen. We vragen "
                "drie offertes op voor de toestellen.",
                "We verwachten een ontwerp dat past binnen het geld van de matching.",
            ),
            Step(
                "Bouwdagen met vrijwilligers",
                "Op twee zaterdagen bouwen ouders en buren de speeltuin zelf, met hulp van "
                "de leverancier.",
                "We verwachten dertig helpers per dag en een speeltuin die klaar is voor de "
                "zomervakantie.",
            ),
            Step(
                "Onderhoud en veiligheid regelen",
                "We spreken af wie de toestellen keurt en wie het gras maait.",
                "We verwachten een afspraak over onderhoud die de vereniging zelf kan volhouden.",
            ),
        ),
    ),
    Idea(
        "Zorgcoöperatie Samen Oud in Rietveen",
        "Rietveen",
        "Werkgroep Zorg Rietveen",
        "Ouderen willen in hun eigen dorp oud worden. Een coöperatie van bewoners regelt "
        "vervoer, kleine klussen en een plek om elkaar te ontmoeten.",
        30000,
        24000,
        15000,
        societal_task=True,
        contact="kees",
        questions=(1, 7),
        plan=Plan(RUNNING, 70, REVIEWED, overdue=True, abandon_step=1),
        steps=(
            Step(
                "Behoeften van ouderen in kaart",
                "Vrijwilligers gaan bij alle 75-plussers in het dorp langs met een korte "
                "vragenlijst.",
                "We verwachten dat de meeste ouderen hulp willen bij vervoer en klussen.",
            ),
            Step(
                "De coöperatie oprichten",
                "De initiatiefnemers richten een coöperatie op. Leden betalen een kleine "
                "bijdrage per jaar.",
                "We verwachten honderd leden in het eerste half jaar.",
            ),
            Step(
                "Hulp bij boodschappen en vervoer",
                "Vrijwilligers rijden ouderen naar de huisarts en de supermarkt. Een "
                "coördinator plant de ritten.",
                "We verwachten twintig ritten per week en minder vragen bij het Wmo-loket.",
            ),
            Step(
                "Samenwerken met de thuiszorg",
                "We brengen de coöperatie en de thuiszorg aan tafel om taken af te spreken.",
                "We verwachten duidelijke afspraken over wie wat doet, zonder dubbel werk.",
            ),
            Step(
                "Een huiskamer voor ontmoeting",
                "De coöperatie opent twee ochtenden per week een huiskamer in het dorpshuis.",
                "We verwachten vijftien bezoekers per ochtend.",
            ),
        ),
    ),
    Idea(
        "Jeu-de-boulesbaan bij de kerk",
        "Heesbergen",
        "Jeu-de-boulesclub De Kaatsers",
        "Een baan op het pleintje naast de kerk, aangelegd door de club zelf. Iedereen mag "
        "er spelen.",
        4500,
        4200,
        contact="ilse",
        questions=(3,),
        plan=Plan(COMPLETED, 80, CLOSED, ended_days_ago=330),
        steps=(
            Step(
                "Een plek kiezen met de buurt",
                "De initiatiefnemers laten drie plekken zien en vragen de buren wat zij het "
                "beste vinden.",
                "We verwachten dat de buurt kiest voor het pleintje naast de kerk.",
            ),
            Step(
                "Aanleg door vrijwilligers",
                "Vrijwilligers leggen de baan zelf aan. De gemeente levert het zand en de randen.",
                "We verwachten dat de baan binnen een maand klaar is.",
            ),
            Step(
                "Competitie en inloopmiddag",
                "De club houdt een wekelijkse inloopmiddag en een kleine competitie met "
                "andere kernen.",
                "We verwachten dat ook mensen van buiten de club komen spelen.",
            ),
        ),
    ),
    Idea(
        "Glasvezel voor het buitengebied",
        "Polderdijk",
        "Werkgroep Snel Internet Polderdijk",
        "Boerderijen en huizen in het buitengebied hebben traag internet. Bewoners bundelen "
        "de vraag; de gemeente betaalt het vooronderzoek en helpt bij de vergunningen.",
        15000,
        14000,
        contact="civil_servant",
        questions=(3, 6),
        plan=Plan(RUNNING, 65, ACTING, overdue=True),
        steps=(
            Step(
                "Vraag bundelen: 40 procent doet mee",
                "Bewoners gaan huis aan huis in het buitengebied om aanmeldingen te verzamelen.",
                "We verwachten binnen vier maanden aanmeldingen van 40 procent van de adressen.",
            ),
            Step(
                "Een aanbieder kiezen",
                "De werkgroep vraagt drie aanbieders om een voorstel. De gemeente helpt bij "
                "het vergelijken.",
                "We verwachten een aanbieder die zonder extra kosten aansluit.",
            ),
            Step(
                "Graafwerk afstemmen",
                "We stemmen het graafwerk af met de buitendienst en het waterschap.",
                "We verwachten dat de vergunningen binnen acht weken rond zijn.",
            ),
            Step(
                "Aansluiten en nazorg",
                "De aanbieder sluit de huizen aan. De werkgroep helpt ouderen bij het overstappen.",
                "We verwachten dat alle aanmelders voor de winter zijn aangesloten.",
            ),
        ),
    ),
    Idea(
        "AED-netwerk Maaskerk",
        "Maaskerk",
        "EHBO-vereniging Maaskerk en de dorpsraad",
        "Overal in Maaskerk binnen zes minuten een AED en iemand die kan reanimeren.",
        4800,
        4800,
        2400,
        contact="fatima",
        questions=(5,),
        plan=Plan(COMPLETED, 90, CLOSED, ended_days_ago=120),
        steps=(
            Step(
                "Plekken voor AED's kiezen",
                "Met de EHBO-vereniging zoeken we plekken, zodat elk huis binnen zes "
                "minuten bij een AED is.",
                "We verwachten zes plekken bij winkels, de sporthal en het dorpshuis.",
            ),
            Step(
                "Burgerhulpverleners opleiden",
                "De EHBO-vereniging geeft gratis reanimatiecursussen in het dorpshuis.",
                "We verwachten zestig nieuwe burgerhulpverleners.",
            ),
            Step(
                "Onderhoud van de kasten regelen",
                "We spreken af wie de batterijen en de elektroden controleert en vervangt.",
                "We verwachten een rooster dat de vereniging zelf bijhoudt.",
            ),
        ),
    ),
    Idea(
        "Groenonderhoud door bewoners",
        "Ganzeweide",
        "Buurtgroep Groen Ganzeweide (Henk de Groot en buren)",
        "Bewoners onderhouden zelf de perken en het plantsoen in hun dorp. De gemeente "
        "geeft het budget voor dat groen aan de buurtgroep.",
        8000,
        7500,
        societal_task=True,
        contact="ruud",
        initiator_accounts=("initiator",),
        questions=(1, 6),
        plan=Plan(CONTINUED, 100, DRAFT, overdue=True),
        steps=(
            Step(
                "Afspreken welk groen",
                "Met de buitendienst lopen we door het dorp en kiezen we welke perken de "
                "bewoners onderhouden.",
                "We verwachten een kaart met perken die bewoners zelf willen doen.",
            ),
            Step(
                "Gereedschap en verzekering",
                "De gemeente leent gereedschap uit en regelt de verzekering voor de vrijwilligers.",
                "We verwachten dat de vrijwilligers binnen een maand kunnen beginnen.",
            ),
            Step(
                "Het eerste maaiseizoen",
                "Bewoners maaien en wieden een seizoen lang zelf. De buitendienst springt "
                "bij als het nodig is.",
                "We verwachten dat het dorp er net zo netjes of netter uitziet.",
            ),
            Step(
                "Terugkijken met de buitendienst",
                "We bespreken met de buitendienst en de bewoners wat werkte en wat niet.",
                "We verwachten dat de buitendienst tijd overhoudt voor andere kernen.",
            ),
            Step(
                "Het plantsoen bij de school erbij",
                "De buurtgroep neemt ook het plantsoen bij de school over, samen met de ouders.",
                "We verwachten vijf nieuwe vrijwilligers uit de ouders van de school.",
            ),
        ),
    ),
    Idea(
        "Dorpsbus Overwaard-Maaskerk",
        "Overwaard",
        "Vereniging Dorpsbus Overwaard",
        "Sinds de buslijn verdween, komen ouderen moeilijk bij de huisarts en de markt. "
        "Vrijwillige chauffeurs rijden een kleine bus naar Maaskerk.",
        22000,
        18000,
        12000,
        societal_task=True,
        contact="kees",
        questions=(2, 7),
        plan=Plan(RUNNING, 120, ACTING, abandon_step=1),
        steps=(
            Step(
                "Chauffeurs en route",
                "We zoeken vrijwillige chauffeurs en bepalen de route samen met de reizigers.",
                "We verwachten twaalf chauffeurs en een route langs de huisarts en de markt.",
            ),
            Step(
                "Een bus regelen",
                "We onderzoeken of we een bus kunnen lenen van de zorginstelling of er een "
                "moeten kopen.",
                "We verwachten dat lenen goedkoper is en snel kan.",
            ),
            Step(
                "Drie maanden proefrijden",
                "De bus rijdt drie maanden op dinsdag en vrijdag. Chauffeurs houden bij wie "
                "er meerijdt.",
                "We verwachten gemiddeld acht reizigers per rit.",
            ),
            Step(
                "Een vaste dienstregeling",
                "Op basis van de proef maken we een vaste dienstregeling en een begroting "
                "voor een jaar.",
                "We verwachten dat de ritprijs en de bijdrage van de gemeente samen de "
                "kosten dekken.",
            ),
        ),
    ),
    Idea(
        "Moestuin bij basisschool De Klimop",
        "Eikenhorst",
        "Ouderraad basisschool De Klimop",
        "Kinderen kweken groenten in een moestuin naast de school, met hulp van ouders en "
        "een tuinder uit het dorp.",
        3500,
        3000,
        contact="ilse",
        questions=(5, 8),
        plan=Plan(STOPPED, 110, CLOSED, ended_days_ago=260),
        steps=(
            Step(
                "Een stuk grond vinden",
                "De ouderraad vraagt de gemeente om een strook grond naast de school.",
                "We verwachten dat de gemeente de grond voor een klein bedrag verhuurt.",
            ),
            Step(
                "Aanleggen met de kinderen",
                "Kinderen en ouders leggen de moestuin aan. Een tuinder uit het dorp helpt.",
                "We verwachten dat elke klas een eigen bak heeft.",
            ),
            Step(
                "Onderhoud in de zomer",
                "We zoeken buren die in de zomervakantie water geven.",
                "We verwachten een rooster met tien gezinnen.",
            ),
        ),
    ),
    Idea(
        "De kerk van Sluishoven als dorpsplein",
        "Sluishoven",
        "Stichting Kerk en Dorp Sluishoven",
        "De kerk staat bijna leeg. Bewoners willen er een overdekt dorpsplein van maken: "
        "ontmoeting, concerten en een markt.",
        35000,
        30000,
        25000,
        contact="civil_servant",
        questions=(4, 6),
        plan=Plan(RUNNING, 150, DRAFT, expectation_written=True),
        steps=(
            Step(
                "Wat wil het dorp met de kerk?",
                "We houden drie avonden in de kerk om ideeën voor een nieuwe bestemming op "
                "te halen.",
                "We verwachten dat het dorp kiest voor een ontmoetingsplek met ruimte voor "
                "cultuur.",
            ),
            Step(
                "Haalbaarheid en kosten",
                "Een bouwkundige uit het dorp en de gemeente rekenen de plannen door.",
                "We verwachten dat een verbouwing in fasen betaalbaar is.",
            ),
            Step(
                "Afspraken met het kerkbestuur",
                "De stichting en het kerkbestuur maken afspraken over huur en gebruik.",
                "We verwachten een huurcontract voor tien jaar.",
            ),
            Step(
                "Eerste activiteiten in de kerk",
                "De stichting organiseert concerten en een markt om te laten zien wat er kan.",
                "We verwachten dat ook mensen uit andere kernen komen.",
            ),
            Step(
                "De verbouwing in fasen",
                "We beginnen met de eerste fase: verwarming, toiletten en een keuken.",
                "We verwachten dat de kerk na de eerste fase het hele jaar open kan.",
            ),
        ),
    ),
    Idea(
        "Bloemrijke bermen",
        "Veldendam",
        "Imkervereniging en boeren van Veldendam",
        "Boeren en bewoners zaaien bloemen in de bermen en maaien die zelf, goed voor bijen "
        "en vlinders.",
        5000,
        4000,
        societal_task=True,
        contact="ruud",
        questions=(1, 6),
        plan=Plan(CONTINUED, 95, REVIEWED),
        steps=(
            Step(
                "Bermen kiezen met de buitendienst",
                "We kiezen met de buitendienst en de boeren welke bermen meedoen.",
                "We verwachten vier kilometer berm langs de landbouwwegen.",
            ),
            Step(
                "Zaaien met het dorp",
                "Op een zaaidag zaaien bewoners en schoolkinderen een mengsel van inheemse "
                "bloemen.",
                "We verwachten vijftig deelnemers en een bloeiende berm in juni.",
            ),
            Step(
                "Zelf maaien en afvoeren",
                "Boeren maaien de bermen zelf en voeren het maaisel af. De gemeente betaalt "
                "per kilometer.",
                "We verwachten dat maaien door boeren goedkoper is dan door een aannemer.",
            ),
            Step(
                "Tellen wat er bloeit en vliegt",
                "De imkers tellen bijen en vlinders op vaste plekken.",
                "We verwachten meer soorten dan in de gewone bermen.",
            ),
            Step(
                "Uitbreiden naar andere kernen",
                "We bieden de aanpak aan de boeren in Polderdijk en Lindeweer aan.",
                "We verwachten dat in elk dorp minstens één boer meedoet.",
            ),
        ),
    ),
    Idea(
        "Buurtpreventie in Drielhoven",
        "Drielhoven",
        "Buurtpreventieteam Drielhoven",
        "Bewoners lopen avondrondes en delen signalen in een app, samen met de wijkagent.",
        1500,
        1200,
        contact="fatima",
        questions=(5,),
        plan=Plan(STOPPED, 130, ABANDONED, ended_days_ago=400),
        steps=(
            Step(
                "Een team vormen",
                "We roepen bewoners op om mee te lopen en spreken af hoe we samenwerken met "
                "de wijkagent.",
                "We verwachten vijftien lopers uit verschillende straten.",
            ),
            Step(
                "Avondrondes en een app-groep",
                "Het team loopt twee avonden per week en deelt signalen in een app-groep.",
                "We verwachten minder inbraken en meer contact tussen buren.",
            ),
            Step(
                "Een vaste plek in het dorp",
                "We zoeken een vaste plek om te verzamelen en materiaal op te slaan.",
                "We verwachten dat het team zichtbaar wordt in het dorp.",
            ),
        ),
    ),
    Idea(
        "Repair Café in de bibliotheek",
        "Zandwijk",
        "Vrijwilligers van het Repair Café Zandwijk",
        "Eén zaterdag per maand repareren handige bewoners kapotte spullen samen met de eigenaar.",
        2500,
        2200,
        500,
        contact="ilse",
        questions=(5, 8),
        plan=Plan(RUNNING, 160, REVIEWED),
        steps=(
            Step(
                "Reparateurs vinden",
                "We zoeken bewoners die kunnen naaien, solderen of fietsen maken.",
                "We verwachten acht reparateurs voor de eerste zaterdag.",
            ),
            Step(
                "De eerste drie zaterdagen",
                "We houden drie keer een Repair Café in de bibliotheek en tellen bezoekers en "
                "reparaties.",
                "We verwachten dertig bezoekers per keer.",
            ),
            Step(
                "Jongeren erbij betrekken",
                "We vragen de techniekklas van de school om mee te repareren.",
                "We verwachten vijf leerlingen die vaker komen.",
            ),
            Step(
                "Een eigen werkplaats",
                "We zoeken een vaste ruimte waar het gereedschap kan blijven staan.",
                "We verwachten dat de bibliotheek een ruimte beschikbaar stelt.",
            ),
        ),
    ),
    Idea(
        "Eetpunt Kleinwaarde",
        "Kleinwaarde",
        "Vrijwilligers van het dorpshuis Kleinwaarde",
        "Twee keer per week samen eten in het dorpshuis, voor ouderen en iedereen die graag "
        "in gezelschap eet.",
        6000,
        5500,
        2000,
        contact="kees",
        questions=(2, 5),
        plan=Plan(RUNNING, 140, ACTING),
        steps=(
            Step(
                "Koks en gasten vinden",
                "We zoeken vrijwillige koks en vragen de ouderen in het dorp wat zij graag eten.",
                "We verwachten zes koks en twintig gasten.",
            ),
            Step(
                "Een keuken die aan de regels voldoet",
                "We passen de keuken van het dorpshuis aan, zodat die voldoet aan de regels "
                "voor hygiëne.",
                "We verwachten dat de keuken binnen twee maanden klaar is.",
            ),
            Step(
                "Twee keer per week samen eten",
                "Het eetpunt is op dinsdag en donderdag open. Een vrijwilliger haalt "
                "gasten op die slecht ter been zijn.",
                "We verwachten gemiddeld vijfentwintig gasten per keer.",
            ),
            Step(
                "Samen met de huisarts",
                "De huisarts en de praktijkondersteuner wijzen eenzame ouderen op het eetpunt.",
                "We verwachten vijf nieuwe gasten via de huisarts.",
            ),
        ),
    ),
    Idea(
        "Openluchtbad Hoogmeer in eigen beheer",
        "Hoogmeer",
        "Stichting Vrienden van het Openluchtbad",
        "Het openluchtbad zou dichtgaan. Een stichting van bewoners neemt het beheer over, "
        "met vrijwilligers aan de kassa en in de kantine.",
        60000,
        45000,
        30000,
        societal_task=True,
        contact="civil_servant",
        questions=(3, 4),
        plan=Plan(RUNNING, 60, REVIEWED, overdue=True),
        steps=(
            Step(
                "Kan het bad open blijven?",
                "We rekenen samen met de stichting uit wat het bad kost en wat bewoners zelf "
                "kunnen doen.",
                "We verwachten dat het bad met vrijwilligers open kan tegen de helft van de "
                "kosten.",
            ),
            Step(
                "Overdracht aan de stichting",
                "We maken afspraken over het gebouw, het personeel en de veiligheid.",
                "We verwachten dat de stichting het bad voor het nieuwe seizoen overneemt.",
            ),
            Step(
                "Het eerste zwemseizoen",
                "De stichting draait een zomer zelf, met betaalde badmeesters en vrijwilligers.",
                "We verwachten evenveel bezoekers als vorig jaar.",
            ),
            Step(
                "Onderhoud van de installatie",
                "We spreken af wie het groot onderhoud van de installatie betaalt.",
                "We verwachten een meerjarenplan dat de raad kan goedkeuren.",
            ),
            Step(
                "Het bad het hele jaar gebruiken",
                "De stichting onderzoekt of de kantine ook buiten het seizoen open kan.",
                "We verwachten extra inkomsten uit verhuur van de kantine.",
            ),
        ),
    ),
    Idea(
        "Dorpsommetjes Lindeweer",
        "Lindeweer",
        "Wandelgroep Lindeweer",
        "Korte wandelroutes langs de boomgaarden, met bankjes en verhalen over het dorp.",
        4000,
        3500,
        1500,
        contact="fatima",
        questions=(5,),
        plan=Plan(COMPLETED, 180, CLOSED, ended_days_ago=60),
        steps=(
            Step(
                "Routes uitzetten",
                "De wandelgroep zet drie routes uit en vraagt de boeren om toestemming.",
                "We verwachten dat de boeren hun erf voor wandelaars openstellen.",
            ),
            Step(
                "Bordjes en bankjes",
                "Vrijwilligers plaatsen bordjes en bankjes. De gemeente betaalt het materiaal.",
                "We verwachten dat de routes in het voorjaar klaar zijn.",
            ),
            Step(
                "Verhalen van het dorp",
                "Oudere bewoners vertellen verhalen over het dorp. Die komen op een kaart bij "
                "de routes.",
                "We verwachten tien verhalen van bewoners.",
            ),
        ),
    ),
    Idea(
        "Energiecoöperatie Zon op de Sporthal",
        "Bergstede",
        "Energiecoöperatie Bergstede",
        "Zonnepanelen op het dak van de sporthal, betaald door bewoners die meedoen in de "
        "coöperatie.",
        15000,
        16000,
        20000,
        contact="ruud",
        questions=(3, 6),
        plan=Plan(CONTINUED, 85, ACTING, overdue=True),
        steps=(
            Step(
                "Leden werven",
                "De coöperatie houdt informatieavonden en werft leden die een paneel kopen.",
                "We verwachten honderd leden in vier maanden.",
            ),
            Step(
                "Het dak huren van de gemeente",
                "We maken een huurcontract voor het dak van de sporthal.",
                "We verwachten een contract voor vijftien jaar.",
            ),
            Step(
                "Panelen plaatsen",
                "Een installateur plaatst de panelen. Leden kunnen komen kijken.",
                "We verwachten dat de panelen voor de zomer stroom leveren.",
            ),
            Step(
                "Een tweede dak",
                "We onderzoeken of ook het dak van de school kan meedoen.",
                "We verwachten genoeg nieuwe leden voor een tweede dak.",
            ),
        ),
    ),
    Idea(
        "Skatebaan Oudewaard",
        "Oudewaard",
        "Jongeren van Oudewaard met de jongerenwerker",
        "Jongeren ontwerpen een skatebaan en zamelen zelf een deel van het geld in.",
        18000,
        9000,
        6000,
        contact="kees",
        questions=(5,),
        plan=Plan(RUNNING, 420, DRAFT),
        steps=(
            Step(
                "Jongeren ontwerpen de baan",
                "Jongeren maken met een ontwerper een tekening van de baan.",
                "We verwachten een ontwerp waar de jongeren zelf trots op zijn.",
            ),
            Step(
                "Geld inzamelen",
                "De jongeren houden acties om hun deel van het geld op te halen.",
                "We verwachten dat de jongeren in een half jaar negenduizend euro ophalen.",
            ),
            Step(
                "Een plek kiezen",
                "We zoeken een plek waar de buren geen last hebben van geluid.",
                "We verwachten een plek bij het sportpark.",
            ),
        ),
    ),
    Idea(
        "Kernoverleg Dorenkamp",
        "Dorenkamp",
        "Dorpsraad Dorenkamp",
        "De dorpsraad wil vaste gesprekspartner van de gemeente worden voor alles wat het "
        "dorp raakt.",
        2000,
        1500,
        contact="ilse",
        questions=(4,),
        plan=Plan(STOPPED, 200, CLOSED, ended_days_ago=150),
        steps=(
            Step(
                "Afspraken over het kernoverleg",
                "We spreken af hoe vaak de dorpsraad en de gemeente overleggen en waarover.",
                "We verwachten vier overleggen per jaar met een vaste wethouder.",
            ),
            Step(
                "Een dorpsagenda maken",
                "De dorpsraad maakt met het dorp een agenda met de belangrijkste wensen.",
                "We verwachten een agenda met vijf onderwerpen waar het dorp achter staat.",
            ),
            Step(
                "Samen aan de slag met de agenda",
                "Gemeente en dorpsraad pakken samen het eerste onderwerp op.",
                "We verwachten dat het dorp merkt dat er iets gebeurt.",
            ),
        ),
    ),
    Idea(
        "Bankjes langs de dijk",
        "Grienden",
        "Buurtvereniging Grienden",
        "Bankjes langs de dijk, zodat ouderen onderweg kunnen uitrusten en buren elkaar ontmoeten.",
        3000,
        2800,
        contact="fatima",
        questions=(5, 6),
        plan=Plan(RUNNING, 500, ACTING),
        steps=(
            Step(
                "Plekken kiezen met het waterschap",
                "We lopen met het waterschap over de dijk en kiezen plekken die mogen.",
                "We verwachten toestemming voor zes bankjes.",
            ),
            Step(
                "Bankjes plaatsen en adopteren",
                "Buren plaatsen de bankjes en adopteren er elk één.",
                "We verwachten dat elk bankje een vaste buur heeft die het schoonhoudt.",
            ),
        ),
    ),
    Idea(
        "Bibliotheekpunt in het dorpshuis",
        "Nieuw-Biezen",
        "Leesclub Nieuw-Biezen",
        "Na de sluiting van de bibliotheek beheren vrijwilligers een uitleenpunt in het dorpshuis.",
        5000,
        4500,
        contact="ruud",
        questions=(1, 8),
        plan=Plan(RUNNING, 300, ACTING, abandon_step=0),
        steps=(
            Step(
                "Afspraken met de bibliotheek",
                "We maken afspraken met de bibliotheek over boeken, pasjes en het uitleensysteem.",
                "We verwachten dat de bibliotheek de boeken levert en wisselt.",
            ),
            Step(
                "Vrijwilligers inwerken",
                "De bibliotheek leert de vrijwilligers werken met het uitleensysteem.",
                "We verwachten tien vrijwilligers, zodat het punt drie dagen open kan.",
            ),
            Step(
                "Open voor het dorp",
                "Het bibliotheekpunt gaat open, met een voorleesuur voor kinderen.",
                "We verwachten honderd leden in het eerste jaar.",
            ),
        ),
    ),
    Idea(
        "Veilige schoolroute Zandwijk",
        "Zandwijk",
        "Ouders van basisschool De Regenboog",
        "Ouders en kinderen brengen gevaarlijke plekken op de route naar school in kaart en "
        "bedenken samen met de gemeente oplossingen.",
        9000,
        2500,
        3000,
        contact="civil_servant",
        questions=(2, 6),
        plan=Plan(RUNNING, 250, DRAFT, overdue=True),
        steps=(
            Step(
                "Gevaarlijke plekken in kaart",
                "Kinderen tekenen hun route en zetten een kruis bij plekken waar ze bang zijn.",
                "We verwachten een kaart met de vijf gevaarlijkste plekken.",
            ),
            Step(
                "Oplossingen bedenken met de verkeerskundige",
                "Ouders en de verkeerskundige van de gemeente bedenken samen oplossingen.",
                "We verwachten drie snelle oplossingen en één grotere.",
            ),
            Step(
                "Verkeersbrigadiers en borden",
                "Ouders worden verkeersbrigadier. Kinderen ontwerpen de borden.",
                "We verwachten acht brigadiers.",
            ),
            Step(
                "De oversteek bij de Dorpsstraat",
                "We maken een tijdelijke oversteekplaats en kijken of die werkt.",
                "We verwachten dat auto's daar langzamer rijden.",
            ),
        ),
    ),
    Idea(
        "Natuurijsbaan Polderdijk",
        "Polderdijk",
        "IJsclub Polderdijk",
        "De ijsclub wil de oude ijsbaan weer bruikbaar maken en de dijk eromheen herstellen.",
        7000,
        6000,
        contact="kees",
        questions=(7, 8),
        plan=Plan(STOPPED, 280, ABANDONED, ended_days_ago=90),
        steps=(
            Step(
                "De staat van de baan bekijken",
                "Met het waterschap bekijken we de dijk en de inlaat van het water.",
                "We verwachten dat herstel met vrijwilligers mogelijk is.",
            ),
            Step(
                "Herstel van de dijk",
                "Vrijwilligers herstellen de dijk; het waterschap levert de klei.",
                "We verwachten dat de baan voor de winter klaar is.",
            ),
            Step(
                "Een bestuur voor de lange termijn",
                "De ijsclub zoekt nieuwe, jongere bestuursleden.",
                "We verwachten drie nieuwe bestuursleden.",
            ),
        ),
    ),
    Idea(
        "Mantelzorgcafé Maaskerk",
        "Maaskerk",
        "Mantelzorgers van Maaskerk",
        "Een maandelijkse ontmoeting voor mantelzorgers, om ervaringen te delen en even op "
        "adem te komen.",
        2500,
        2000,
        1000,
        contact="civil_servant",
        questions=(2, 8),
        plan=Plan(RUNNING, 350, ACTING, overdue=True),
        steps=(
            Step(
                "Mantelzorgers bereiken",
                "We vragen huisartsen, kerken en de thuiszorg om mantelzorgers te wijzen op "
                "het café.",
                "We verwachten vijftien mantelzorgers bij de eerste bijeenkomst.",
            ),
            Step(
                "Elke maand een café",
                "Het café is elke eerste woensdag van de maand, met soms een spreker.",
                "We verwachten een vaste groep van twintig mensen.",
            ),
            Step(
                "Vervangende zorg tijdens het café",
                "Vrijwilligers passen op zodat mantelzorgers kunnen komen.",
                "We verwachten dat ook mantelzorgers komen die nu thuis moeten blijven.",
            ),
        ),
    ),
    Idea(
        "Starterswoningen in eigen beheer",
        "Dorenkamp",
        "Jongeren van Dorenkamp in een bouwgroep",
        "Jongeren bouwen samen betaalbare woningen in hun eigen dorp (collectief "
        "particulier opdrachtgeverschap).",
        20000,
        18000,
        10000,
        contact="ilse",
        questions=(4, 6),
        plan=Plan(RUNNING, 380, REVIEWED),
        steps=(
            Step(
                "Een bouwgroep vormen",
                "We zoeken jongeren die in Dorenkamp willen blijven wonen en samen willen bouwen.",
                "We verwachten twaalf huishoudens in de bouwgroep.",
            ),
            Step(
                "Een kavel vinden",
                "De gemeente en de bouwgroep zoeken een kavel aan de rand van het dorp.",
                "We verwachten een kavel voor twaalf woningen.",
            ),
            Step(
                "Ontwerp en bestemmingsplan",
                "De bouwgroep maakt een ontwerp; de gemeente past het bestemmingsplan aan.",
                "We verwachten dat de raad binnen een jaar besluit.",
            ),
        ),
    ),
]

IDEAS = [
    Idea(
        "Hondenlosloopveld",
        "Maaskerk",
        "Bewoners van de Havenbuurt",
        "Een omheind veld waar honden los mogen lopen.",
        6000,
        1500,
    ),
    Idea(
        "Trapveldje opknappen",
        "Oudewaard",
        "Kinderen van de Dijkstraat",
        "Nieuwe doeltjes en egaal gras op het trapveldje.",
        3500,
        800,
        contact="kees",
    ),
    Idea(
        "Kunstgrasveld voor de korfbalclub",
        "Heesbergen",
        "Korfbalvereniging Heesbergen",
        "Een kunstgrasveld, zodat de club het hele jaar buiten kan trainen.",
        120000,
        25000,
        40000,
    ),
    Idea(
        "Laadpalen bij het dorpshuis",
        "Ganzeweide",
        "Stichting Dorpshuis Ganzeweide",
        "Twee laadpalen op het parkeerterrein, betaald uit de opbrengst van het laden.",
        4000,
        4000,
        contact="civil_servant",
    ),
    Idea(
        "Oud papier door de jeugdvereniging",
        "Veldendam",
        "Jeugdvereniging Veldendam",
        "De jeugd haalt het oud papier op en verdient zo geld voor de vereniging.",
        0,
        0,
        societal_task=True,
    ),
    Idea(
        "Bankje met uitzicht op de Maas",
        "Sluishoven",
        "Een groep buren",
        "Een bankje op de vestingwal, met zicht op de rivier.",
        800,
        400,
    ),
    Idea(
        "Digitale dorpskrant",
        "Lindeweer",
        "Redactie van De Lindebode",
        "De dorpskrant ook online, zodat jongeren en nieuwe bewoners hem lezen.",
        1200,
        600,
        contact="fatima",
    ),
    Idea(
        "Minibiebkastjes in elke straat",
        "Eikenhorst",
        "Leesouders van De Klimop",
        "Kastjes waar bewoners boeken ruilen.",
        900,
        900,
    ),
    Idea(
        "Muurschildering op de gymzaal",
        "Bergstede",
        "Kunstenaars uit Bergstede",
        "Een grote schildering over de geschiedenis van het dorp.",
        5000,
        2000,
        1500,
    ),
    Idea(
        "Bijenlint en insectenhotels",
        "Grienden",
        "Natuurwerkgroep Grienden",
        "Een lint van bloemen en insectenhotels door het dorp.",
        2000,
        1200,
        contact="ruud",
    ),
    Idea(
        "Het voetveer weer laten varen",
        "Overwaard",
        "Veerpontvereniging Overwaard",
        "Vrijwilligers varen in de zomer een voetveer naar de overkant.",
        25000,
        8000,
        12000,
        societal_task=True,
        contact="kees",
    ),
    Idea(
        "Dagbesteding op de zorgboerderij",
        "Rietveen",
        "Familie op boerderij De Veenhoeve",
        "Dagbesteding voor ouderen met geheugenproblemen op een boerderij.",
        15000,
        5000,
        10000,
        societal_task=True,
    ),
    Idea(
        "Kinderboerderij",
        "Wilgendonk",
        "Speeltuinvereniging De Wilg",
        "Een kleine kinderboerderij naast de speeltuin.",
        9000,
        3000,
    ),
    Idea(
        "Jongerenhonk",
        "Hoogmeer",
        "Jongeren van Hoogmeer",
        "Een eigen plek voor jongeren in een oude keet bij het sportpark.",
        7500,
        1500,
        contact="kees",
    ),
    Idea(
        "Kleine woningen voor ouderen",
        "Dorenkamp",
        "Werkgroep Wonen Dorenkamp",
        "Tiny houses voor ouderen, zodat hun grote huizen vrijkomen voor gezinnen.",
        30000,
        10000,
    ),
    Idea(
        "Openbare toiletten bij de haven",
        "Maaskerk",
        "Ondernemersvereniging Maaskerk",
        "Toiletten voor bezoekers van de haven en de markt.",
        14000,
        3000,
    ),
    Idea(
        "Wandelpad langs de oude haven",
        "Zandwijk",
        "Historische kring Zandwijk",
        "Een pad met borden over de geschiedenis van de haven.",
        6500,
        2000,
        contact="ilse",
    ),
    Idea(
        "Sporthalkantine als ontmoetingsplek",
        "Nieuw-Biezen",
        "Sportverenigingen van Nieuw-Biezen",
        "De kantine ook overdag open als huiskamer van het dorp.",
        4000,
        3000,
    ),
    Idea(
        "Fietsenstalling bij de bushalte",
        "Kleinwaarde",
        "Forenzen uit Kleinwaarde",
        "Een overdekte stalling bij de halte aan de provinciale weg.",
        3000,
        0,
    ),
    Idea(
        "Dorpsapp voor hulp",
        "Polderdijk",
        "Dorpsraad Polderdijk",
        "Een app waarin bewoners hulp vragen en aanbieden.",
        2500,
        1000,
        contact="fatima",
    ),
    Idea(
        "Het oorlogsmonument opknappen",
        "Drielhoven",
        "Comité 4 mei Drielhoven",
        "Het monument schoonmaken en de namen opnieuw laten graveren.",
        3000,
        1000,
    ),
    Idea(
        "Buitenfitness in het park",
        "Veldendam",
        "Fysiotherapeut en bewoners",
        "Toestellen voor buitensport voor alle leeftijden.",
        11000,
        2500,
        contact="ruud",
    ),
    Idea(
        "Kerstverlichting in de Dorpsstraat",
        "Heesbergen",
        "Winkeliers van Heesbergen",
        "Sfeerverlichting in december, opgehangen door vrijwilligers.",
        2500,
        2500,
    ),
    Idea(
        "Boomgaard voor de buurt",
        "Lindeweer",
        "Vereniging Hoogstam Lindeweer",
        "Een boomgaard met oude rassen, waar de buurt samen oogst.",
        3500,
        2000,
        1000,
    ),
    Idea(
        "Waterspeelplaats",
        "Oudewaard",
        "Ouders van Oudewaard",
        "Een plek om met water te spelen bij de speeltuin.",
        16000,
        3000,
        contact="kees",
    ),
]


@dataclass(frozen=True)
class Question:
    """A learning question's history: its wordings (day offset, text) and its status."""

    wordings: tuple[tuple[int, str], ...]
    status: QuestionStatus = QuestionStatus.OPEN
    status_on: int = 0  # day offset of the status change, when not open
    answer: str = ""  # what an answered question found

    @property
    def created_on(self) -> int:
        return self.wordings[0][0]

    def is_on_agenda(self, offset: int) -> bool:
        """Whether a cycle starting on this day works on the question: from its first
        wording until it is answered or dropped."""
        closed = self.status in (QuestionStatus.ANSWERED, QuestionStatus.DROPPED)
        return self.created_on <= offset and not (closed and offset >= self.status_on)


# The dynamic learning agenda, in the order the questions were numbered.
LEARNING_AGENDA = [
    Question(
        (
            (
                7,
                "Hoe geven we inwoners de ruimte om zelf iets te organiseren, zonder alles "
                "vooraf te regelen?",
            ),
            (300, "Hoeveel kunnen we als gemeente loslaten, en waar blijven we verantwoordelijk?"),
        ),
        QuestionStatus.PERSISTENT,
        560,
    ),
    Question(
        (
            (7, "Wat is de rol van de ambtenaar die contactpersoon is van een initiatief?"),
            (
                250,
                "Wat heeft een ambtenaar nodig om een initiatief te begeleiden in plaats van "
                "te sturen?",
            ),
            (
                520,
                "Hoe krijgt een ambtenaar de ruimte en het vertrouwen om samen met inwoners "
                "te zoeken naar wat kan?",
            ),
        ),
    ),
    Question(
        (
            (7, "Hoe verdelen we het geld eerlijk over de kernen?"),
            (
                180,
                "Hoe maken we het matchen van gemeentegeld met de inbreng van inwoners "
                "eenvoudig en eerlijk?",
            ),
        ),
        QuestionStatus.ANSWERED,
        600,
        "Eén vaste regel voor iedereen: inwoners brengen minstens een kwart van de "
        "gemeentelijke bijdrage zelf in, in geld of in uren. Dat is eenvoudig uit te "
        "leggen en voelt eerlijk.",
    ),
    Question(
        (
            (
                7,
                "Hoe houden we de gemeenteraad betrokken, zonder dat de raad de initiatieven "
                "overneemt?",
            ),
        ),
        QuestionStatus.PERSISTENT,
        450,
    ),
    Question(((7, "Hoe bereiken we kernen en bewoners die (nog) geen initiatief hebben?"),)),
    Question(
        (
            (200, "Welke regels staan initiatieven in de weg?"),
            (330, "Welke regels kunnen we anders toepassen, zodat een initiatief niet vastloopt?"),
        ),
        QuestionStatus.ANSWERED,
        650,
        "Vooral vergunningen en aanbesteding. Een vaste ambtenaar per initiatief zoekt "
        "binnen de regels de ruimte; dat werkt beter dan regels schrappen.",
    ),
    Question(
        ((150, "Moet de gemeente een geslaagd initiatief na de proefperiode overnemen?"),),
        QuestionStatus.DROPPED,
        380,
    ),
    Question(((400, "Hoe blijft een initiatief bestaan als de eerste trekkers stoppen?"),)),
]

# Building blocks for what happens inside the cycles. {area} is the initiative's village,
# {n} a number of people.
SUCCESS_SIGNS = [
    "De initiatiefnemers zeggen zelf dat ze verder kunnen.",
    "Er staan namen van vrijwilligers op papier.",
    "De dorpsraad van {area} staat achter het plan.",
    "Het geld is rond en vastgelegd in een korte afspraak.",
    "Bewoners die niet in de werkgroep zitten, weten ervan.",
    "De contactpersoon hoeft minder vaak te helpen dan in de vorige ronde.",
]

OBSERVATIONS = {
    "happened": [
        "Bewonersavond in {area}: ruim {n} mensen kwamen, meer dan we hadden verwacht.",
        "Keukentafelgesprek met de initiatiefnemers over de planning.",
        "Het plan is besproken in het overleg van het team Samenleving.",
        "De offerte van de aannemer kwam binnen: hoger dan begroot.",
        "Overleg met de buitendienst over wie wat doet.",
        "De dorpskrant van {area} schreef een artikel over het initiatief.",
        "De wethouder bezocht het initiatief en sprak met de vrijwilligers.",
        "Werkdag met vrijwilligers: {n} mensen kwamen helpen.",
        "De initiatiefnemers presenteerden hun plan in het kernoverleg van {area}.",
        "Gesprek met de provincie over een bijdrage uit het leefbaarheidsfonds.",
        "De dorpsraad hield een enquête; {n} huishoudens vulden hem in.",
        "Tussentijds gesprek met de procesbegeleider over hoe het gaat.",
    ],
    "helped": [
        "Eén vast aanspreekpunt bij de gemeente scheelde veel heen-en-weer mailen.",
        "De ambtenaar kwam naar {area} in plaats van de bewoners naar het gemeentehuis.",
        "Ondernemers uit het dorp leverden gratis materiaal.",
        "De initiatiefnemers wisten vooraf precies hoeveel geld er was.",
        "Een vrijwilliger met ervaring in de bouw nam de planning op zich.",
        "De buitendienst dacht mee en leende gereedschap uit.",
        "Het leermoment met collega's gaf nieuwe ideeën voor de aanpak.",
        "De afspraak 'eerst proberen, later regelen' gaf ruimte.",
        "De jeugdvereniging hielp mee; daardoor kwamen er ook jongeren.",
        "Een korte lijn met de juridische afdeling: binnen een week antwoord.",
    ],
    "hindered": [
        "De aanvraag voor de vergunning lag zes weken bij een andere afdeling.",
        "De regels voor inkoop passen niet bij een initiatief van bewoners.",
        "Twee vrijwilligers haakten af omdat het te lang duurde.",
        "Het was onduidelijk wie binnen de gemeente over het geld beslist.",
        "Een deel van de buurt was tegen en liet dat pas laat weten.",
        "Het formulier voor subsidie was te ingewikkeld voor de vrijwilligers.",
        "De verzekering voor de vrijwilligers was niet op tijd geregeld.",
        "De contactpersoon was drie weken ziek; niemand nam het over.",
        "Slecht weer: de werkdag moest twee keer worden verzet.",
        "De raad vroeg om een uitgebreide rapportage; dat kostte veel tijd.",
    ],
}

# Answers to review questions 2 to 5; the answer to question 1 repeats the expectation.
REVIEW_HAPPENED = [
    "Het liep grotendeels zoals we hadden verwacht.",
    "Het duurde langer dan gepland, maar het resultaat staat er.",
    "Er kwamen minder vrijwilligers dan gehoopt, wel een vaste kern van vijf mensen.",
    "Het ging sneller dan verwacht, vooral door de inzet van het dorp.",
    "Een deel is gelukt; de rest schuift door naar de volgende ronde.",
    "De bewoners hebben meer zelf gedaan dan we hadden gedacht.",
]
REVIEW_WHY = [
    "De initiatiefnemers hadden de touwtjes zelf in handen. Wij hielpen alleen waar zij "
    "daarom vroegen.",
    "We hadden de tijd onderschat die de gemeente zelf nodig heeft: afstemmen binnen het "
    "huis kost weken.",
    "In het dorp kent iedereen elkaar; via via kwamen er snel mensen bij.",
    "We gingen uit van onze eigen planning en niet van die van de vrijwilligers.",
    "Er was vooraf geen duidelijke afspraak over wie wat betaalt.",
    "De korte lijn tussen de contactpersoon en de initiatiefnemers maakte het verschil.",
    "De regels waren niet het probleem; onze uitleg van de regels wel.",
    "Vrijwilligers hebben ook een eigen leven. Drukke en rustige tijden horen erbij.",
]
REVIEW_LEARN = [
    "Eerst vragen wat het initiatief nodig heeft, en dan pas kijken welke regel erbij hoort.",
    "Een vast aanspreekpunt werkt beter dan een loket.",
    "Kleine stappen met een duidelijke verwachting geven houvast, voor bewoners en voor ons.",
    "We moeten vaker durven loslaten: het dorp kan meer dan we denken.",
    "Matchen werkt: als bewoners zelf ook investeren, zijn ze meer betrokken.",
    "Zonder afspraken over onderhoud wordt een mooi resultaat snel een zorg.",
    "Vertrouwen geven levert meer op dan controleren, maar we moeten het wel uitspreken.",
    "Betrek de buitendienst vanaf het begin; zij weten hoe het in de praktijk werkt.",
]
REVIEW_SHARE = [
    "Het verhaal van de werkdag delen in het leermoment met collega's.",
    "De werkgroep visie laten weten dat de vertraging vooral binnen de gemeente zit.",
    "De afspraak over matching op intranet zetten voor andere contactpersonen.",
    "De initiatiefnemers uitnodigen in het kernoverleg van een ander dorp.",
    "De les over vergunningen meenemen naar het overleg met Vergunningen.",
    "Een kort verhaal voor het reisverslag schrijven, met een citaat van de initiatiefnemers.",
    "Aan de raad vertellen dat loslaten niet betekent dat we niets doen.",
]

ADJUSTMENTS = {
    Decision.CONTINUE: [
        "We gaan op dezelfde manier door en pakken in de volgende ronde de volgende stap op.",
        "De aanpak werkt. We houden het maandelijkse overleg aan de keukentafel vast.",
    ],
    Decision.CHANGE: [
        "We veranderen de aanpak: de initiatiefnemers maken zelf de planning en wij sluiten aan.",
        "We spreken vooraf af wie binnen de gemeente beslist, zodat niemand hoeft te wachten.",
        "We maken de volgende stap kleiner, zodat de vrijwilligers het kunnen volhouden.",
    ],
    Decision.SCALE_UP: [
        "Het werkt. We bieden de aanpak ook aan andere kernen aan.",
    ],
}
ADJUSTMENT_COMPLETED = [
    "Het experiment is klaar. De bewoners hebben het beheer; de gemeente blijft op de "
    "achtergrond beschikbaar.",
    "Het doel is bereikt. We nemen de aanpak op in de werkwijze voor nieuwe initiatieven.",
]
ADJUSTMENT_STOPPED = [
    "We stoppen met dit experiment. Er zijn niet genoeg vrijwilligers om het vol te houden.",
    "We stoppen. De kosten voor onderhoud bleken te hoog voor de bewoners en voor ons.",
]
# Why a cycle was abandoned: before the expectation was written, while acting, or as the
# end of an initiative that stopped.
ABANDON_REASONS = {
    "draft": [
        "Er was geen tijd om de verwachting op te schrijven. We beginnen opnieuw met een "
        "kleinere stap.",
        "Deze stap is samengevoegd met een andere cyclus; twee keer hetzelfde doen heeft geen zin.",
    ],
    "acting": [
        "De initiatiefnemers hebben het plan even stilgezet: de trekker is verhuisd.",
        "De provincie wees de subsidie af. Zonder dat geld heeft deze stap nu geen zin.",
        "Het bestuur van de vereniging is opgestapt; eerst moet er een nieuw bestuur komen.",
    ],
    "final": [
        "Er zijn niet genoeg vrijwilligers meer om het initiatief te dragen. De "
        "initiatiefnemers stoppen ermee.",
        "Het bestuur is opgestapt en er komt geen nieuw bestuur. Het initiatief stopt.",
    ],
}
RETRY_SUFFIX = " (nieuwe poging)"

# Coaching: the facilitator coaches the civil servant Joris van Dijk through the last year.
# Only the two of them see it (log in as either to read it). Days are counted back from
# today; a conversation or step is written down by its `by` (a key of PEOPLE).
COACH = "facilitator"
COACHEE = "civil_servant"
COACHING_STARTED_DAYS_AGO = 350


@dataclass(frozen=True)
class Conversation:
    days_ago: int
    by: str
    initiatives: tuple[str, ...]  # titles of CHOSEN
    what_happened: str
    reflection: str
    agreements: str


@dataclass(frozen=True)
class GoalCourseStep:
    days_ago: int
    by: str
    status: str  # coaching.constants.GoalStatus
    note: str


@dataclass(frozen=True)
class Goal:
    days_ago: int  # set on
    text: str
    questions: tuple[int, ...]  # learning-question numbers
    steps: tuple[GoalCourseStep, ...] = ()


COACHING_CONVERSATIONS: list[Conversation] = [
    Conversation(
        340,
        COACHEE,
        ("Dorpshuis De Ganzenhoek in eigen beheer",),
        "Het bestuur van het dorpshuis vroeg of de gemeente de vergunning voor de bar kon "
        "regelen. Ik heb de aanvraag meteen zelf ingevuld en opgestuurd.",
        "Achteraf deed ik het werk van de stichting. Het ging snel, maar nu weten zij niet "
        "hoe het moet als de vergunning over een jaar verlengd moet worden.",
        "Bij de volgende vraag van het bestuur vraag ik eerst wat ze zelf al hebben "
        "geprobeerd. Over zes weken kijken Marieke en ik hoe dat ging.",
    ),
    Conversation(
        280,
        COACHEE,
        ("Glasvezel voor het buitengebied",),
        "Op de bewonersavond in Polderdijk kreeg ik veel vragen over de kosten van een "
        "aansluiting. Ik had geen antwoord en voelde me in een hoek gezet.",
        "Ik dacht dat ik als ambtenaar alles moest weten. De bewoners wilden vooral dat "
        "iemand met ze meedacht. 'Dat weet ik nog niet, ik zoek het uit' was genoeg geweest.",
        "Als ik iets niet weet, zeg ik dat, en ik spreek af wanneer ik terugkom. Ik zoek uit "
        "wie bij de provincie over de subsidie gaat.",
    ),
    Conversation(
        210,
        COACH,
        ("Openluchtbad Hoogmeer in eigen beheer", "De kerk van Sluishoven als dorpsplein"),
        "Joris vertelde over het openluchtbad. De vereniging wil het bad zelf runnen, maar "
        "de afdeling Vastgoed wil eerst een volledig ondernemingsplan. Joris zit daar "
        "tussenin. Bij de kerk in Sluishoven speelt hetzelfde.",
        "Joris wil het liefst iedereen tevreden houden. We spraken erover dat hij ook mag "
        "zeggen wat hij zelf vindt: een plan van één A4 is genoeg voor het eerste seizoen.",
        "Joris gaat met Vastgoed om tafel met een voorstel voor een kort plan. Hij neemt de "
        "voorzitter van de vereniging mee.",
    ),
    Conversation(
        140,
        COACHEE,
        ("Openluchtbad Hoogmeer in eigen beheer",),
        "Het gesprek met Vastgoed ging goed. Ze gaan akkoord met een kort plan voor het "
        "eerste seizoen. De vereniging was blij dat ze zelf aan tafel zat.",
        "Het hielp dat de voorzitter zelf vertelde wat de vereniging wil. Ik hoefde niet "
        "voor hen te praten. Dat wil ik vaker zo doen.",
        "Ik nodig de initiatiefnemers vaker zelf uit bij overleg binnen de gemeente.",
    ),
    Conversation(
        70,
        COACH,
        ("Veilige schoolroute Zandwijk", "Mantelzorgcafé Maaskerk"),
        "Joris heeft het druk: zes initiatieven, en er komen er twee bij. Bij de schoolroute "
        "ligt de verwachting al weken klaar, maar de cyclus is nog niet gestart.",
        "Joris wil alles goed doen en schuift daardoor dingen voor zich uit. We keken wat hij "
        "kan loslaten. Het Mantelzorgcafé loopt goed, ook zonder hem.",
        "Joris vraagt zijn teamleider om een van de nieuwe initiatieven bij een collega te "
        "leggen. Hij start de cyclus van de schoolroute deze maand.",
    ),
    Conversation(
        15,
        COACHEE,
        ("Dorpshuis De Ganzenhoek in eigen beheer",),
        "Het bestuur van het dorpshuis heeft de verlenging van de vergunning zelf geregeld. "
        "Ze belden alleen om te vragen of het formulier klopte.",
        "Hier spraken we een jaar geleden over. Het voelt goed dat ze het zelf kunnen. Ik "
        "zeg minder vaak 'ik regel het wel'.",
        "In januari kijken we samen terug op het hele jaar. Ik neem mijn doelen mee.",
    ),
]

DEVELOPMENT_GOALS: list[Goal] = [
    Goal(
        335,
        "Ik vraag eerst wat initiatiefnemers zelf kunnen, voordat ik iets voor ze regel.",
        (2,),
        (
            GoalCourseStep(
                240,
                COACHEE,
                "open",
                "Bij het openluchtbad vroeg ik eerst wat de vereniging zelf wilde regelen. "
                "Dat ging beter dan ik dacht.",
            ),
            GoalCourseStep(
                15,
                COACH,
                "achieved",
                "Het dorpshuis regelde de vergunning zelf. Joris doet dit nu vanzelf.",
            ),
        ),
    ),
    Goal(
        275,
        "Ik durf te zeggen dat ik iets niet weet, en spreek af wanneer ik terugkom.",
        (2,),
        (
            GoalCourseStep(
                180,
                COACHEE,
                "open",
                "Op de avond over glasvezel lukte het. Op het gemeentehuis vind ik het nog lastig.",
            ),
            GoalCourseStep(
                60,
                COACHEE,
                "open",
                "Collega's vinden het juist prettig als ik eerlijk zeg wat ik nog niet weet.",
            ),
        ),
    ),
    Goal(
        200,
        "Ik neem de initiatiefnemers mee naar elk overleg binnen de gemeente.",
        (6,),
        (
            GoalCourseStep(
                90,
                COACH,
                "dropped",
                "Niet elk overleg past bij bewoners. Joris kiest nu per overleg; dit doel is "
                "opgegaan in het eerste doel.",
            ),
        ),
    ),
]

# The facets of the compass (by position: 1 rechtmatig, 2 presterend, 3 netwerkend,
# 4 responsief) each development goal works on, in the order of DEVELOPMENT_GOALS.
GOAL_FACETS: list[tuple[int, ...]] = [(4,), (3,), (3, 4)]


# A year of learning sessions ------------------------------------------------------------
# Each session is held on `day` (days from today: negative in the past) and goes through
# every phase; the last one is still to come. In `written`, `by` is a Person key or a
# guest's name ("" for a guest who gave none); `question` counts from 0. A theme groups
# contributions by their place in `written`; its votes are cast by the participants in
# turn. Open actions of earlier sessions are reviewed by their text.

COURSE_NAME = "Samenspel in de praktijk"
COURSE_COHORT = ("civil_servant", "fatima", "kees", "ilse", "ruud")

# The questions of a governance session, as the interface asks them in Dutch.
GOVERNANCE_QUESTIONS = [
    "Wat zagen we gebeuren in de experimenten?",
    "Wat vraagt dat van onze rol als raad, college en directie?",
    "Wat helpt het samenspel, en wat zit het in de weg?",
    "Wat nemen we ons voor?",
]


@dataclass(frozen=True)
class Written:
    question: int
    text: str
    by: str


@dataclass(frozen=True)
class ThemePlan:
    title: str
    written: tuple[int, ...]
    votes: int
    discussion: str = ""


@dataclass(frozen=True)
class InsightPlan:
    text: str
    kind: str  # fact, perception or reflection
    questions: tuple[int, ...] = ()  # learning-question numbers
    initiatives: tuple[str, ...] = ()  # initiative titles


@dataclass(frozen=True)
class ActionPlan:
    text: str
    owner: str  # a Person key
    due_days: int  # after the session


@dataclass(frozen=True)
class SessionPlan:
    title: str
    kind: str
    day: int
    place: str
    participants: tuple[str, ...]
    anonymous: bool = False
    course_day: bool = False
    guests: tuple[str, ...] = ()
    agenda_questions: tuple[int, ...] = ()
    # The title of an acting cycle's initiative: the session reviews its current cycle.
    review_initiative: str = ""
    written: tuple[Written, ...] = ()
    themes: tuple[ThemePlan, ...] = ()
    insights: tuple[InsightPlan, ...] = ()
    actions: tuple[ActionPlan, ...] = ()
    # Open actions of earlier sessions (by their text) and what became of them.
    reviews: tuple[tuple[str, str], ...] = ()
    # Proposed updates of the learning agenda: (question number, kind, text).
    proposals: tuple[tuple[int, str, str], ...] = ()


TEAM = ("civil_servant", "fatima", "kees", "ilse", "ruud")


def _course_day(
    number: int, day: int, written: tuple[Written, ...], theme: ThemePlan, insight: InsightPlan
) -> SessionPlan:
    return SessionPlan(
        title=f"{COURSE_NAME}, dag {number}",
        kind="course_day",
        day=day,
        place="Gemeentehuis Maaskerk, zaal De Waard",
        participants=(),
        anonymous=True,
        course_day=True,
        written=written,
        themes=(theme,),
        insights=(insight,),
    )


SESSIONS = [
    SessionPlan(
        title="Leersessie ambtenaren: de eerste experimenten",
        kind="team",
        day=-340,
        place="Gemeentehuis Maaskerk, zaal 2",
        participants=TEAM,
        agenda_questions=(2,),
        written=(
            Written(0, "We dachten dat bewoners vooral geld nodig hadden.", "fatima"),
            Written(1, "Ze vroegen vooral om iemand die de weg wijst in het gemeentehuis.", "kees"),
            Written(1, "Bij de speeltuin deden meer ouders mee dan we hadden gedacht.", "fatima"),
            Written(2, "Wij wilden alles vooraf regelen. Dat kostte weken.", "ilse"),
            Written(2, "Niemand wist wie binnen de gemeente mocht beslissen.", "ruud"),
            Written(3, "Eén vast aanspreekpunt scheelt de bewoners veel gedoe.", "civil_servant"),
            Written(
                4, "Vertel collega's dat je niet alles hoeft te weten om ja te zeggen.", "kees"
            ),
        ),
        themes=(
            ThemePlan(
                "Wie beslist er?",
                (3, 4),
                9,
                "Iedereen herkent het wachten op een handtekening. Het team wil afspraken "
                "over wie mag beslissen.",
            ),
            ThemePlan("De weg wijzen", (1, 5), 6, "Een vast aanspreekpunt werkt goed."),
        ),
        insights=(
            InsightPlan(
                "Bewoners hebben meer aan een vast aanspreekpunt dan aan extra geld.",
                "perception",
                (2,),
                ("Speeltuin De Wilg",),
            ),
            InsightPlan(
                "Bij twee van de drie experimenten wachtten de bewoners meer dan een maand "
                "op een besluit van de gemeente.",
                "fact",
                (2, 6),
            ),
        ),
        actions=(
            ActionPlan("Op één A4 zetten wie binnen de gemeente waarover beslist.", "ilse", 30),
            ActionPlan("Een vaste contactpersoon noemen voor elk experiment.", "kees", 21),
            ActionPlan("Een lunch organiseren met de initiatiefnemers.", "fatima", 60),
        ),
    ),
    _course_day(
        1,
        -290,
        (
            Written(0, "Ik verwachtte een cursus over regels.", "fatima"),
            Written(1, "We oefenden een keukentafelgesprek met een bewoner.", "kees"),
            Written(3, "Eerst luisteren, dan pas het beleid noemen.", "ruud"),
        ),
        ThemePlan("Eerst luisteren", (1, 2), 8),
        InsightPlan("Luisteren zonder meteen een oplossing te geven is lastig.", "reflection"),
    ),
    _course_day(
        2,
        -276,
        (
            Written(1, "We liepen met twee bewoners door Oudewaard.", "civil_servant"),
            Written(2, "Buiten het gemeentehuis praat iedereen vrijer.", "ilse"),
            Written(3, "Ga naar de mensen toe, niet andersom.", "fatima"),
        ),
        ThemePlan("Naar buiten", (0, 1, 2), 10),
        InsightPlan(
            "Gesprekken in het dorp leveren meer op dan gesprekken op het gemeentehuis.",
            "perception",
            (5,),
        ),
    ),
    _course_day(
        3,
        -262,
        (
            Written(0, "Ik dacht dat de regels vastliggen.", "kees"),
            Written(
                2,
                "Bij de vergunning voor de jeu-de-boulesbaan was er meer ruimte dan gedacht.",
                "ilse",
            ),
            Written(4, "Zoek eerst wat wél kan.", "ruud"),
        ),
        ThemePlan("Ruimte in de regels", (1, 2), 7),
        InsightPlan(
            "De meeste regels laten ruimte; we gebruiken die ruimte nog te weinig.",
            "reflection",
            (6,),
            ("Jeu-de-boulesbaan bij de kerk",),
        ),
    ),
    _course_day(
        4,
        -248,
        (
            Written(1, "Iedereen nam een eigen experiment mee.", "fatima"),
            Written(3, "Ik durf nu vaker te zeggen: probeer het maar.", "civil_servant"),
            Written(4, "Doe deze cursus ook met de teamleiders.", "kees"),
        ),
        ThemePlan("Durven loslaten", (1, 2), 9),
        InsightPlan(
            "Na vier dagen zeggen alle deelnemers dat ze vaker ja durven te zeggen.",
            "fact",
            (1,),
        ),
    ),
    SessionPlan(
        title="Werkgroep visie: onze eigen rol",
        kind="governance",
        day=-180,
        place="Raadzaal, gemeentehuis Maaskerk",
        participants=("governance", "wethouder", "raadslid", "directeur"),
        agenda_questions=(1, 4),
        written=(
            Written(0, "De bewoners van Ganzeweide runnen hun dorpshuis nu zelf.", "wethouder"),
            Written(0, "Sommige experimenten liepen vast op onze eigen procedures.", "directeur"),
            Written(1, "Als raad willen we alles vooraf weten. Dat remt.", "raadslid"),
            Written(
                1, "Minder sturen op details, meer op wat we samen willen bereiken.", "governance"
            ),
            Written(2, "Het helpt als de wethouder zelf op bezoek gaat.", "raadslid"),
            Written(
                2, "Het zit in de weg dat elk besluit langs drie afdelingen moet.", "directeur"
            ),
            Written(3, "We vragen de raad om ruimte te geven binnen een vast budget.", "wethouder"),
        ),
        themes=(
            ThemePlan(
                "Loslaten en toch verantwoorden",
                (2, 3, 6),
                7,
                "De raad wil op hoofdlijnen sturen en één keer per half jaar horen wat er "
                "geleerd is.",
            ),
            ThemePlan("Procedures", (1, 5), 5, "De directie zoekt uit welke stappen weg kunnen."),
        ),
        insights=(
            InsightPlan(
                "De raad stuurt beter op hoofdlijnen: een budget en een doel per kern.",
                "reflection",
                (1, 4),
            ),
            InsightPlan(
                "Bewoners zien het als vertrouwen als een wethouder langskomt.",
                "perception",
                (4,),
                ("Dorpshuis De Ganzenhoek in eigen beheer",),
            ),
        ),
        actions=(
            ActionPlan("Een voorstel aan de raad over sturen op hoofdlijnen.", "wethouder", 60),
            ActionPlan("Uitzoeken welke stappen uit de besluitvorming kunnen.", "directeur", 45),
        ),
        reviews=(
            ("Op één A4 zetten wie binnen de gemeente waarover beslist.", "done"),
            ("Een vaste contactpersoon noemen voor elk experiment.", "done"),
            ("Een lunch organiseren met de initiatiefnemers.", "carried_over"),
        ),
        proposals=((8, "persistent", ""),),
    ),
    SessionPlan(
        title="Open avond: wat betekent het dorpshuis voor Ganzeweide?",
        kind="open",
        day=-95,
        place="Dorpshuis De Ganzenhoek, Ganzeweide",
        participants=("initiator", "civil_servant"),
        guests=("Marja", "Piet van de dorpsraad", ""),
        written=(
            Written(0, "We wilden een plek waar iedereen binnen kan lopen.", "Marja"),
            Written(1, "Op de koffieochtend komen nu elke week twintig mensen.", "initiator"),
            Written(1, "De jongeren komen nog niet.", "Piet van de dorpsraad"),
            Written(2, "De gemeente liet ons zelf de openingstijden kiezen. Dat werkte.", ""),
            Written(3, "Vraag de jongeren zelf wat ze willen.", "Marja"),
            Written(
                4,
                "Andere dorpen kunnen dit ook, als de gemeente durft los te laten.",
                "civil_servant",
            ),
        ),
        themes=(
            ThemePlan(
                "Jongeren erbij halen",
                (2, 4),
                7,
                "De dorpsraad gaat met de jongeren van de voetbalclub praten.",
            ),
            ThemePlan(
                "Zelf beslissen", (3, 5), 5, "Bewoners voelen zich eigenaar van het dorpshuis."
            ),
        ),
        insights=(
            InsightPlan(
                "Bewoners nemen meer verantwoordelijkheid als zij zelf de regels maken.",
                "perception",
                (1,),
                ("Dorpshuis De Ganzenhoek in eigen beheer",),
            ),
        ),
        actions=(
            ActionPlan("Een avond met de jongeren van de voetbalclub plannen.", "initiator", 30),
        ),
        reviews=(
            ("Een lunch organiseren met de initiatiefnemers.", "done"),
            ("Uitzoeken welke stappen uit de besluitvorming kunnen.", "carried_over"),
        ),
    ),
    SessionPlan(
        title="Leersessie ambtenaren: terugblik op de dorpsbus",
        kind="team",
        day=-12,
        place="Gemeentehuis Maaskerk, zaal 2",
        participants=TEAM,
        anonymous=True,
        agenda_questions=(2, 5),
        review_initiative="Dorpsbus Overwaard-Maaskerk",
        written=(
            Written(0, "We verwachtten vier vaste chauffeurs en twee ritten per dag.", "kees"),
            Written(
                1, "Er meldden zich zeven chauffeurs. De bus rijdt nu drie keer per dag.", "fatima"
            ),
            Written(1, "De verzekering duurde langer dan gepland.", "ruud"),
            Written(2, "De bewoners regelden het rooster zelf; wij hielden ons erbuiten.", "ilse"),
            Written(3, "Vertrouwen geven werkt, ook als het spannend is.", "civil_servant"),
            Written(4, "Deel het rooster van de chauffeurs met andere kernen.", "kees"),
        ),
        themes=(
            ThemePlan(
                "Bewoners regelen het zelf",
                (1, 3, 4),
                11,
                "Het team is verrast hoe snel de chauffeurs het rooster rond hadden.",
            ),
            ThemePlan("Verzekering en regels", (2,), 4, "Volgende keer vragen we dit eerder aan."),
        ),
        insights=(
            InsightPlan(
                "De dorpsbus rijdt drie keer per dag met zeven vrijwillige chauffeurs.",
                "fact",
                (2,),
                ("Dorpsbus Overwaard-Maaskerk",),
            ),
            InsightPlan(
                "Als wij ons terugtrekken, nemen bewoners het over.",
                "reflection",
                (1, 2),
                ("Dorpsbus Overwaard-Maaskerk",),
            ),
        ),
        actions=(
            ActionPlan("Het rooster van de dorpsbus delen met Overwaard en Grienden.", "kees", 20),
            ActionPlan("De verzekering voor vrijwilligers standaard regelen.", "ruud", 40),
        ),
        reviews=(
            ("Een voorstel aan de raad over sturen op hoofdlijnen.", "done"),
            ("Uitzoeken welke stappen uit de besluitvorming kunnen.", "dropped"),
            ("Een avond met de jongeren van de voetbalclub plannen.", "carried_over"),
        ),
        proposals=(
            (
                5,
                "reformulate",
                "Hoe bereiken we kernen en bewoners die nog geen initiatief hebben, zoals "
                "de jongeren?",
            ),
        ),
    ),
]

# The next session, still to come: planned, with its agenda.
UPCOMING = SessionPlan(
    title="Leersessie ambtenaren: voorjaar",
    kind="team",
    day=16,
    place="Gemeentehuis Maaskerk, zaal 2",
    participants=TEAM,
    anonymous=True,
    agenda_questions=(5, 8),
    review_initiative="Eetpunt Kleinwaarde",
)


# The compass --------------------------------------------------------------------------------
# The compass of the four government roles (the default template), asked every quarter of
# the two years about the programme, from all four perspectives. The story: residents
# first find the municipality a rule-keeper that does not follow their plans, while the
# civil servants think they already help well; the gap narrows as the civil servants learn
# to start from the residents' plans. Facets are named by their place in the template:
# 1 lawful, 2 performing, 3 networking, 4 responsive government.
LAWFUL, PERFORMING, NETWORKING, RESPONSIVE = 1, 2, 3, 4


@dataclass(frozen=True)
class Movement:
    """Where a perspective's median of one facet starts, and where it ends after two
    years; the rounds in between move along a straight line."""

    first: float
    last: float


# Per perspective (compass.constants.Perspective values), per facet.
COMPASS_MOVEMENTS: dict[str, dict[int, Movement]] = {
    "residents": {
        LAWFUL: Movement(8.0, 6.5),
        PERFORMING: Movement(5.0, 6.5),
        NETWORKING: Movement(4.0, 6.5),
        RESPONSIVE: Movement(3.5, 6.2),
    },
    "civil_servants": {
        LAWFUL: Movement(5.0, 6.0),
        PERFORMING: Movement(6.5, 7.0),
        NETWORKING: Movement(5.5, 7.0),
        RESPONSIVE: Movement(7.0, 7.0),
    },
    "governance": {
        LAWFUL: Movement(6.5, 6.5),
        PERFORMING: Movement(6.0, 7.0),
        NETWORKING: Movement(6.0, 7.0),
        RESPONSIVE: Movement(6.0, 7.0),
    },
    "facilitator": {
        LAWFUL: Movement(7.0, 6.0),
        PERFORMING: Movement(6.0, 7.0),
        NETWORKING: Movement(4.5, 7.0),
        RESPONSIVE: Movement(4.0, 6.0),
    },
}
# Where each perspective would like a facet to be, for the answers that say so.
COMPASS_DESIRED: dict[str, dict[int, int]] = {
    "residents": {LAWFUL: 5, PERFORMING: 7, NETWORKING: 8, RESPONSIVE: 8},
    "civil_servants": {LAWFUL: 6, PERFORMING: 7, NETWORKING: 8, RESPONSIVE: 8},
    "governance": {LAWFUL: 7, PERFORMING: 8, NETWORKING: 8, RESPONSIVE: 8},
    "facilitator": {LAWFUL: 6, PERFORMING: 7, NETWORKING: 8, RESPONSIVE: 8},
}

# How many answer per quarter (lowest, highest); residents answer through a link.
COMPASS_RESPONDENTS = {
    "residents": (8, 15),
    "civil_servants": (5, 6),
    "governance": (3, 5),
    "facilitator": (1, 1),
}
# Who answers with an account, per perspective (keys of PEOPLE).
COMPASS_MEMBERS = {
    "civil_servants": ("civil_servant", "fatima", "kees", "ilse", "ruud", "administrator"),
    "governance": ("governance", "wethouder", "raadslid", "directeur", "partner"),
    "facilitator": ("facilitator",),
}

# Notes that explain the gap: early in the programme, and in its second year.
COMPASS_NOTES: dict[tuple[str, int], tuple[tuple[str, ...], tuple[str, ...]]] = {
    ("residents", RESPONSIVE): (
        (
            "De gemeente denkt nog vanuit regels, niet vanuit ons plan.",
            "We moesten drie keer uitleggen wat we wilden.",
            "Voor elke vraag worden we naar een ander loket gestuurd.",
        ),
        (
            "Onze contactpersoon denkt nu echt mee.",
            "De gemeente vroeg eerst wat wij zelf willen.",
            "We krijgen sneller antwoord, en het antwoord helpt ons verder.",
        ),
    ),
    ("civil_servants", RESPONSIVE): (
        (
            "We helpen elk initiatief binnen twee weken op weg.",
            "We staan klaar, maar bewoners weten ons nog niet te vinden.",
        ),
        (
            "Ik vraag nu eerst wat bewoners zelf willen bereiken.",
            "We gaan vaker bij de initiatiefnemers langs in plaats van te mailen.",
        ),
    ),
    ("residents", LAWFUL): (
        (
            "Voor elk evenement een vergunning, ook voor een buurtbarbecue.",
            "Alles moet op papier voordat er iets mag.",
        ),
        (
            "De vergunning voor het dorpsfeest was in een week rond.",
            "De regels zijn er nog, maar er wordt meegedacht.",
        ),
    ),
    ("civil_servants", LAWFUL): (
        (
            "We maken veel uitzonderingen; dat voelt soms onzeker.",
            "Niet elk dorp krijgt dezelfde ruimte, dat zit me niet lekker.",
        ),
        (
            "We weten nu beter waar de regels ruimte geven.",
            "Afspraken over gelijke behandeling staan nu op papier.",
        ),
    ),
    ("governance", RESPONSIVE): (
        ("De raad wil loslaten, maar vraagt ook om verantwoording.",),
        ("De raad hoort de verhalen uit de kernen nu zelf.",),
    ),
    ("facilitator", RESPONSIVE): (
        ("Ambtenaren en inwoners zien dezelfde gesprekken heel anders.",),
        ("Het verschil tussen inwoners en ambtenaren wordt kleiner.",),
    ),
}

# The answer link of each quarter's round about the programme.
COMPASS_ROUND_LINK = "Kompas van het programma, {quarter}e kwartaal {year}"

# The initiative the compass is also asked about: two rounds with a link, a year ago
# (closed since) and now (still open), with the contact, an initiator and the facilitator.
COMPASS_INITIATIVE = "Dorpshuis De Ganzenhoek in eigen beheer"
COMPASS_INITIATIVE_ROUNDS = (
    # (link title, first day, last day (days ago), the residents' medians per facet)
    (
        "Dorpshuis De Ganzenhoek: hoe werkt de gemeente mee? (vorig jaar)",
        400,
        372,
        {LAWFUL: 8.0, PERFORMING: 5.0, NETWORKING: 5.0, RESPONSIVE: 4.0},
    ),
    (
        "Dorpshuis De Ganzenhoek: hoe werkt de gemeente mee?",
        30,
        0,
        {LAWFUL: 6.5, PERFORMING: 6.5, NETWORKING: 7.0, RESPONSIVE: 7.0},
    ),
)
COMPASS_INITIATIVE_MEMBERS = {
    "civil_servant": "civil_servants",
    "initiator": "residents",
    "facilitator": "facilitator",
}
# What residents wrote about the initiative's responsive government, in each round.
COMPASS_INITIATIVE_NOTES = (
    "We wachtten maanden op de vergunning voor de bar.",
    "Joris schuift nu aan bij het bestuur als we hem nodig hebben.",
)

# The coached civil servant looks at themselves every quarter: where they stand, where
# they want to be, and now and then why.
COMPASS_SELF: dict[int, tuple[Movement, int]] = {
    LAWFUL: (Movement(8.0, 7.0), 7),
    PERFORMING: (Movement(6.0, 7.0), 7),
    NETWORKING: (Movement(4.0, 7.0), 8),
    RESPONSIVE: (Movement(4.0, 7.5), 8),
}
COMPASS_SELF_NOTES = (
    (
        "Ik kijk eerst of iets mag, en pas daarna wat bewoners willen.",
        "Ik wil beter luisteren naar wat bewoners zelf willen.",
    ),
    (
        "Na het coachgesprek: ik vraag eerst wat het plan van de bewoners is.",
        "Ik merk dat ik minder snel zeg dat iets niet mag.",
    ),
)


# The travel report --------------------------------------------------------------------------
# Written together by the municipality, residents and the province. The first version,
# about the first year, was published some months ago; the draft of the second, about the
# whole journey so far, is in its review round: members comment on its paragraphs.

JOURNAL_TITLE = "Reisverslag Het nieuwe samenspel"
JOURNAL_SUBTITLE = "Wat we leren van experimenten met inwoners in twintig kernen"
JOURNAL_FIRST_EDITION_DAYS_AGO = 150
# The first version covers the programme until this long before it was published.
JOURNAL_FIRST_EDITION_COVERS_UNTIL_DAYS_BEFORE = 14
JOURNAL_STARTED_DAYS_BEFORE_FIRST_EDITION = 60
JOURNAL_REVIEW_OPENED_DAYS_AGO = 9
# The anonymous session whose participants agreed beforehand that their contributions
# may be quoted without a name.
JOURNAL_QUOTABLE_SESSION = "Leersessie ambtenaren: terugblik op de dorpsbus"


@dataclass(frozen=True)
class JournalChapter:
    kind: ChapterKind
    title: str
    first: str = ""  # Markdown in the first version
    draft: str | None = None  # Markdown in the draft of the second; None: as in the first


# The introduction's opening and its last paragraph are the same in both versions.
_INTRODUCTION_OPENING = """\
Drie gemeenten gingen samen. Zo ontstond de gemeente Maaswaarden, met twintig kernen en \
één gemeentehuis. Veel inwoners waren bang dat de gemeente verder weg zou komen te \
staan. Daarom koos de nieuwe gemeente voor een andere aanpak. Zij beslist niet \
meer óver de dorpen, maar werkt samen mét de inwoners aan hun eigen plannen.

Op een ideeënmarkt kwamen ruim vijftig ideeën binnen. De helft werd een experiment. De \
gemeente betaalt mee als de bewoners zelf ook iets inbrengen: geld, tijd of materiaal. \
Na elk experiment kijken we terug. Wat verwachtten we? Wat gebeurde er echt? En wat \
leren we daarvan?
"""

_INTRODUCTION_CONSENT = """\
Iedereen van wie een citaat of verhaal in dit verslag staat, heeft het gelezen en \
toestemming gegeven. Wie dat wilde, staat erin met naam. De anderen noemen we alleen \
bij hun rol.
"""

INTRODUCTION_FIRST = "\n".join(
    [
        _INTRODUCTION_OPENING,
        """\
Dit is het eerste reisverslag. Het gaat over het eerste jaar. We schreven het samen: \
ambtenaren, inwoners, de werkgroep visie en de provincie. Het is geen verantwoording, \
maar een verslag van wat we leerden. Ook wat niet goed ging, staat erin. Juist daar \
leren we het meest van.
""",
        _INTRODUCTION_CONSENT,
    ]
)

INTRODUCTION_DRAFT = "\n".join(
    [
        _INTRODUCTION_OPENING,
        """\
Dit is het tweede reisverslag. Het eerste ging over het eerste jaar. Dit verslag gaat \
over de hele reis tot nu toe: twee jaar experimenten, leersessies en terugblikken. We \
schreven het weer samen: ambtenaren, inwoners, de werkgroep visie en de provincie.

Wat is er nieuw? Dit verslag laat ook zien hoe inwoners en ambtenaren de gemeente \
zien. Elk kwartaal vullen zij daarvoor het kompas in. Ook volgden vijf ambtenaren de \
cursus *Samenspel in de praktijk*. Hun lessen staan in dit verslag.
""",
        _INTRODUCTION_CONSENT,
    ]
)

THEORY = """\
Drie ideeën helpen ons om te begrijpen wat er in Maaswaarden gebeurt. We leggen ze hier \
kort uit.

**Vier rollen van de overheid.** Een overheid kan op vier manieren werken. Als \
*rechtmatige overheid* zorgt zij dat de regels voor iedereen gelijk zijn. Als \
*presterende overheid* levert zij diensten, snel en goed. Als *netwerkende overheid* \
zoekt zij partners om samen een doel te halen. Als *responsieve overheid* sluit zij aan \
bij wat inwoners zelf al doen. Geen rol is goed of fout. Het gaat erom dat je weet \
welke rol past bij de situatie. Ons kompas laat zien hoe inwoners en ambtenaren die \
rollen zien.

**Loslaten in vertrouwen.** De Raad voor het Openbaar Bestuur beschrijft een ladder. \
Onderaan staat loslaten, daarna komen faciliteren, stimuleren en regisseren, en \
bovenaan staat reguleren. Hoe hoger op de ladder, hoe meer de overheid zelf bepaalt. \
Bij de experimenten proberen we zo laag mogelijk op de ladder te blijven. We bemoeien \
ons alleen met wat echt nodig is.

**Leren in rondes.** Elk experiment leert in rondes. Vooraf schrijven we op wat we \
verwachten. Daarna doen we het. Dan kijken we terug met vijf vragen: wat was het plan, \
wat gebeurde er echt, waarom ging het zo, wat leren we ervan en wat delen we met \
anderen? Pas daarna besluiten we hoe het verder gaat. Een ronde is pas klaar als die \
terugblik er is.
"""

THEORY_DRAFT = (
    THEORY
    + """
**Een leergeschiedenis.** In het hoofdstuk *Stemmen* staan de woorden van deelnemers \
naast het commentaar van de schrijvers. Zo'n leergeschiedenis laat het verhaal van \
binnenuit zien. De lezer trekt zelf conclusies. We houden feiten, belevingen en \
reflecties uit elkaar, zodat u ziet wat iemand zag en wat iemand ervan vond.
"""
)

ROAD_AHEAD_FIRST = """\
Na een jaar weten we: het kan. Bewoners willen en kunnen veel zelf. Maar de gemeente is \
er nog niet klaar voor. Besluiten duren te lang. Niet iedereen weet wie binnen de \
gemeente waarover beslist.

Voor het tweede jaar nemen we ons drie dingen voor:

- Elk initiatief krijgt één vast aanspreekpunt bij de gemeente.
- Op één A4 staat wie binnen de gemeente waarover beslist.
- De werkgroep visie bespreekt elk kwartaal wat de experimenten van haar vragen.

In het volgende reisverslag kijken we of dat gelukt is.
"""

ROAD_AHEAD_DRAFT = """\
Twee jaar na de start is het samenspel geen experiment meer. Het is een manier van \
werken geworden, al gaat het nog niet overal vanzelf.

Wat we ons na het eerste jaar voornamen, is grotendeels gelukt. Elk initiatief heeft \
een vast aanspreekpunt. Het overzicht van wie waarover beslist, hangt bij elke \
afdeling. De werkgroep visie kwam elk kwartaal bij elkaar. Eén ding lukte niet: \
besluiten duren nog steeds te lang als meer afdelingen meedoen.

Voor de komende tijd kiezen we drie richtingen:

- **Kernen zonder initiatief.** We zoeken dorpen en groepen op die we nog niet \
bereiken, zoals jongeren.
- **Minder stappen.** Samen met de afdelingen halen we stappen uit de besluitvorming \
die niets toevoegen.
- **Leren delen.** We delen onze lessen met andere gemeenten in de provincie. Dit \
reisverslag is daar een begin van.

De provincie blijft meedoen. Zij wil weten wat andere gemeenten van Maaswaarden kunnen \
leren.
"""

# In the order of the report's default chapters (journal.constants.DEFAULT_CHAPTERS).
JOURNAL_CHAPTERS = [
    JournalChapter(ChapterKind.WRITTEN, "Inleiding", INTRODUCTION_FIRST, INTRODUCTION_DRAFT),
    JournalChapter(
        ChapterKind.TIMELINE,
        "De reis",
        "Hieronder ziet u de reis in de tijd: de experimenten, de leersessies en de "
        "belangrijkste besluiten.",
    ),
    JournalChapter(ChapterKind.INITIATIVES, "De initiatieven"),
    JournalChapter(ChapterKind.LESSONS, "Lessen per leervraag"),
    JournalChapter(
        ChapterKind.VOICES,
        "Stemmen",
        "In dit hoofdstuk spreken de deelnemers zelf. Links staan hun woorden, rechts het "
        "commentaar van de schrijvers.",
    ),
    JournalChapter(ChapterKind.COMPASS, "Het kompas: ontwikkeling en perspectieven"),
    JournalChapter(ChapterKind.FUNDING, "Geld en medefinanciering"),
    JournalChapter(ChapterKind.LEARNING_YIELD, "Leerrendement"),
    JournalChapter(ChapterKind.WRITTEN, "Theoretisch kader", THEORY, THEORY_DRAFT),
    JournalChapter(ChapterKind.WRITTEN, "De weg vooruit", ROAD_AHEAD_FIRST, ROAD_AHEAD_DRAFT),
]


@dataclass(frozen=True)
class VoicePlan:
    """A voice in the report. Its words come from its source: a contribution (`text` is
    the contribution's, to find it), the answer to review question `review_answer` of
    the author's review, or `text` itself (written for the report)."""

    source: VoiceSource
    author: str | None  # a Person key; None: anonymous session input
    role_label: str
    consent: Consent
    nature: str = InsightKind.PERCEPTION
    kind: VoiceKind = VoiceKind.QUOTE
    text: str = ""
    review_answer: int = 3  # "Wat leren we ervan?"
    commentary: str = ""
    named: bool = False  # the author chose to be named
    first_edition: bool = False  # in the report since the first version
    chapter: str = ""  # the title of the written chapter it stands in; "": Stemmen


JOURNAL_VOICES = [
    VoicePlan(
        VoiceSource.OWN,
        "initiator",
        "initiatiefnemer in Ganzeweide",  # after the name: lower case
        Consent.GIVEN,
        nature=InsightKind.PERCEPTION,
        kind=VoiceKind.STORY,
        text=(
            "Toen de gemeente het dorpshuis wilde sluiten, dachten we eerst: daar gaan we "
            "weer. Maar deze keer vroeg de ambtenaar wat wíj wilden. We hebben een stichting "
            "opgericht en een plan gemaakt. De gemeente betaalt een deel van het onderhoud, "
            "wij doen de rest. Nu is het dorpshuis vier avonden per week open. Het "
            "belangrijkste? Dat we het zelf mochten doen."
        ),
        commentary=(
            "Het dorpshuis werd een voorbeeld voor andere kernen. Het laat zien wat er "
            "gebeurt als de gemeente een stap terug doet, maar wel bereikbaar blijft."
        ),
        named=True,
        first_edition=True,
        chapter="Inleiding",
    ),
    VoicePlan(
        VoiceSource.REVIEW,
        "civil_servant",
        "Ambtenaar, contactpersoon van een initiatief",
        Consent.GIVEN,
        nature=InsightKind.REFLECTION,
        commentary=(
            "Dit hoorden we in bijna elke terugblik terug. Het werd een vaste vraag in de "
            "leersessies."
        ),
        first_edition=True,
    ),
    VoicePlan(
        VoiceSource.CONTRIBUTION,
        "fatima",
        "Ambtenaar",
        Consent.GIVEN,
        nature=InsightKind.FACT,
        text="Bij de speeltuin deden meer ouders mee dan we hadden gedacht.",
        commentary=(
            "Een verrassing voor het team: er kwamen meer vrijwilligers dan in het plan stond."
        ),
        first_edition=True,
    ),
    VoicePlan(
        VoiceSource.OWN,
        "partner",
        "Provincie",
        Consent.GIVEN,
        nature=InsightKind.REFLECTION,
        text=(
            "Voor de provincie is Maaswaarden een proeftuin. Wat hier werkt, laten we graag "
            "aan andere gemeenten zien."
        ),
        first_edition=True,
    ),
    VoicePlan(
        VoiceSource.OWN,
        "wethouder",
        "Wethouder",
        Consent.GIVEN,
        nature=InsightKind.REFLECTION,
        text=(
            "Als raad en college moesten we leren om op hoofdlijnen te sturen. Dat was "
            "lastiger dan we dachten. Je wilt als bestuurder graag weten hoe het afloopt."
        ),
        commentary="In de werkgroep visie kwam dit thema steeds terug.",
    ),
    VoicePlan(
        VoiceSource.CONTRIBUTION,
        None,
        "Deelnemer aan een leersessie",
        Consent.SESSION_RULE,
        nature=InsightKind.PERCEPTION,
        text="De bewoners regelden het rooster zelf; wij hielden ons erbuiten.",
        commentary=(
            "De leersessie over de dorpsbus was anoniem. Vooraf was afgesproken dat de "
            "bijdragen zonder naam in het reisverslag mogen staan."
        ),
    ),
    VoicePlan(
        VoiceSource.REVIEW,
        "kees",
        "Ambtenaar",
        Consent.ASKED,
        nature=InsightKind.PERCEPTION,
        review_answer=2,  # "Waarom is het zo gegaan?"
    ),
    VoicePlan(
        VoiceSource.CONTRIBUTION,
        "ruud",
        "Ambtenaar",
        Consent.REFUSED,
        nature=InsightKind.FACT,
        text="Niemand wist wie binnen de gemeente mocht beslissen.",
    ),
]


@dataclass(frozen=True)
class CommentPlan:
    """A comment of the review round on paragraph `paragraph` (counted from 0) of a
    written chapter of the draft."""

    chapter: str
    paragraph: int
    author: str
    text: str
    days_ago: int
    resolved_by: str | None = None


JOURNAL_COMMENTS = [
    CommentPlan(
        "Inleiding",
        2,
        "governance",
        "Kunnen we hier noemen hoeveel experimenten er nu lopen? Dat vraagt de raad vaak.",
        7,
    ),
    CommentPlan(
        "Theoretisch kader",
        1,
        "partner",
        "Misschien een bron noemen bij de vier rollen, voor lezers buiten Maaswaarden.",
        6,
    ),
    CommentPlan(
        "De weg vooruit",
        3,
        "initiator",
        "Goed dat de jongeren erin staan. In Ganzeweide willen ze graag meedenken.",
        4,
    ),
    CommentPlan(
        "De weg vooruit",
        1,
        "raadslid",
        "Is 'grotendeels gelukt' niet te positief? De besluiten duren nog steeds lang.",
        8,
        resolved_by="facilitator",
    ),
]
