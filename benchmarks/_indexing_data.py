"""Synthetic patient registrations with known duplicates, for ``benchmarks/indexing.py``.

``generate(n, seed=..., ssn=True)`` returns ``n`` registrations as the rows a
front desk would have typed into a master patient index, together with the
truth: which person each record belongs to, which corruption produced each
true duplicate pair, and which pairs of *different* people look alike on
purpose (twins, Jr./Sr., common names). Pure: everything comes from
``random.Random(seed)``; the name tables below are fixed.

How the data is made
--------------------

1. **People, in households.** Households are single adults (30%), couples
   (25%), couples with children (30%), single parents with children (10%) and
   couples with children and a grandparent (5%), each at one address in one
   metropolitan area (central Illinois, 5% of households elsewhere) with a
   shared landline (40%). Names are drawn from the weighted tables below: about
   230 common US surnames (SMITH about 0.8% of people, JOHNSON 0.6%, ...,
   together about 16%, the share the top surnames have in the US census) and a
   long tail of about 19,000 rare surnames made from syllables (the other 84%);
   about 110 given names for each sex with rough rank weights (JAMES, MARY and
   MARIA among the most common). Married women take the husband's surname (80%,
   of whom 10% hyphenate), keeping the birth surname as the maiden name.
   Children are born when the parent was 18 to 45; 3% of births are twins (same
   birth date, surname and address, different given names, a quarter of them
   with the same initial). In 10% of families with a father, the first son
   born when the father was 18 to 45 is named after him: a Jr./Sr. pair (same
   given and middle name and address, birth dates 18 to 45 years apart). 90%
   of people have an SSN; of the others, 30% are registered with a placeholder
   SSN (000-00-0000, 123-45-6789, 999-99-9999 or 111-11-1111) anyway. People
   of 16 and over have a cell phone (85%) and an e-mail address (45%);
   children are registered with the home landline or a parent's cell phone,
   and 30% of the time with a parent's e-mail address.

2. **Registrations.** Every person is registered once, faithfully. Then
   ``DUPLICATE_SHARE`` (10%) of the ``n`` records are extra registrations of a
   person drawn uniformly (so a few people have three or more records): the
   AHIMA's commonly cited 8-12% duplicate rate. Each extra registration draws
   every corruption in ``RATES`` independently, where it applies (``ELIGIBLE``):

   - ``typo``: one keyboard slip (neighbouring key, a letter dropped, doubled,
     or two letters swapped) in the surname (40%), given name (40%) or street
     (20%);
   - ``nickname``: the given name replaced by a nickname from ``NICKNAMES``
     (people whose given name has one);
   - ``swapped_names``: given and family name entered in each other's field;
   - ``dob_day_month``: day and month swapped (birth day 12 or less, not equal
     to the month);
   - ``dob_digit``: one digit of MM/DD/YYYY typed wrong (still a valid date);
   - ``dob_transposed``: two adjacent digits of the month, day or year swapped;
   - ``maiden_name``: registered under the maiden surname, without the married
     one (married women);
   - ``address_move``: a new street address (in the same town and ZIP code
     60% of the time, else anywhere), half the time a new phone too;
   - ``ssn_missing``, ``ssn_placeholder``, ``ssn_digit``: the SSN left out, a
     placeholder typed instead, or one digit wrong (people with an SSN; at most
     one of the three).

   A duplicate record may carry several corruptions, or none (``"none"``: a
   second registration of the same data, which happens when nobody searched).

3. **Natural variation**, on every registration, never counted as an error:
   names in upper case (70%) or title case (then JOSE, MARIA and JESUS get
   their accents 15% of the time), the middle name in full (55%), as an initial (25%) or left out (20%),
   the Jr./Sr. suffix recorded 75% of the time, street types abbreviated (85%)
   or spelt out, ZIP+4 (5%), three phone formats, SSNs with or without hyphens
   or only the last four digits (5%), the maiden name kept as an alias on 25%
   of married women's records, sex missing (1%), birth date missing (0.3%),
   phone missing (5%).

With ``ssn=False`` the very same people and records are returned with every
SSN removed, and the ``ssn_*`` corruptions removed from the labels (a pair
left with none is labelled ``"none"``).

The truth
---------

- ``person``: record id -> person id.
- ``error_types``: for every true duplicate pair (a ``frozenset`` of two record
  ids), the corruptions that tell the two records apart, joined by ``+`` in
  alphabetical order (``"nickname+typo"``), or ``"none"``. It is the union of
  both records' corruptions (a person's first registration has none).
  ``split_types`` turns a label back into its set; recall per error type counts
  a pair under each of its types.
- ``hard_pairs``: pairs of records of *different* people labelled ``twins``,
  ``jr_sr`` or ``common_name`` (same true given and family name; twins and
  Jr./Sr. pairs are not counted again).
- ``corruptions``: record id -> the corruptions applied to that record (empty
  for first registrations).
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import random
import string
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TypeVar

T = TypeVar("T")

#: Share of the records that are extra registrations of an existing person.
DUPLICATE_SHARE = 0.10

#: Probability of each corruption on an extra registration, where it applies.
RATES: dict[str, float] = {
    "typo": 0.35,
    "nickname": 0.15,
    "swapped_names": 0.05,
    "dob_day_month": 0.10,
    "dob_digit": 0.06,
    "dob_transposed": 0.03,
    "maiden_name": 0.30,
    "address_move": 0.25,
    "ssn_missing": 0.25,
    "ssn_placeholder": 0.06,
    "ssn_digit": 0.03,
}

#: To whom each corruption can apply (the others always can).
ELIGIBLE: dict[str, str] = {
    "nickname": "the given name has a nickname in NICKNAMES",
    "dob_day_month": "the birth day is 12 or less and differs from the month",
    "maiden_name": "a married woman with a maiden name",
    "ssn_missing": "the person has an SSN",
    "ssn_placeholder": "the person has an SSN",
    "ssn_digit": "the person has an SSN",
}

#: Kinds of look-alike pairs of different people.
HARD_KINDS = ("twins", "jr_sr", "common_name")

TWIN_RATE = 0.03  # share of children born a twin
JUNIOR_RATE = 0.10  # families with a father and a son where the son is a Jr.
SSN_RATE = 0.90
PLACEHOLDER_RATE = 0.30  # of people without an SSN
PLACEHOLDERS = ("000-00-0000", "123-45-6789", "999-99-9999", "111-11-1111")
TODAY = dt.date(2025, 1, 1)


def _pick(rng: random.Random, items: Sequence[T]) -> T:
    """``rng.choice``, without its overhead (the generator draws millions)."""
    return items[int(rng.random() * len(items))]


def _below(rng: random.Random, k: int) -> int:
    return int(rng.random() * k)


def _int(rng: random.Random, low: int, high: int) -> int:
    return low + int(rng.random() * (high - low + 1))


# -- name tables (common usage; weights are rough, by rank) -------------------------------


def _words(text: str) -> list[str]:
    return [word.replace("_", " ") for word in text.split()]


_SURNAMES = _words("""
SMITH JOHNSON WILLIAMS BROWN JONES GARCIA MILLER DAVIS RODRIGUEZ MARTINEZ HERNANDEZ
LOPEZ GONZALEZ WILSON ANDERSON THOMAS TAYLOR MOORE JACKSON MARTIN LEE PEREZ THOMPSON
WHITE HARRIS SANCHEZ CLARK RAMIREZ LEWIS ROBINSON WALKER YOUNG ALLEN KING WRIGHT SCOTT
TORRES NGUYEN HILL FLORES GREEN ADAMS NELSON BAKER HALL RIVERA CAMPBELL MITCHELL CARTER
ROBERTS GOMEZ PHILLIPS EVANS TURNER DIAZ PARKER CRUZ EDWARDS COLLINS REYES STEWART
MORRIS MORALES MURPHY COOK ROGERS GUTIERREZ ORTIZ MORGAN COOPER PETERSON BAILEY REED
KELLY HOWARD RAMOS KIM COX WARD RICHARDSON WATSON BROOKS CHAVEZ WOOD JAMES BENNETT GRAY
MENDOZA RUIZ HUGHES PRICE ALVAREZ CASTILLO SANDERS PATEL MYERS LONG ROSS FOSTER JIMENEZ
POWELL JENKINS PERRY RUSSELL SULLIVAN BELL COLEMAN BUTLER HENDERSON BARNES GONZALES
FISHER VASQUEZ SIMMONS ROMERO JORDAN PATTERSON ALEXANDER HAMILTON GRAHAM REYNOLDS
GRIFFIN WALLACE MORENO WEST COLE HAYES BRYANT HERRERA GIBSON ELLIS TRAN MEDINA AGUILAR
STEVENS MURRAY FORD CASTRO MARSHALL OWENS HARRISON FERNANDEZ MCDONALD WOODS WASHINGTON
KENNEDY WELLS VARGAS HENRY CHEN FREEMAN WEBB TUCKER GUZMAN BURNS CRAWFORD OLSON SIMPSON
PORTER HUNTER GORDON MENDEZ SILVA SHAW SNYDER MASON DIXON MUNOZ HUNT HICKS HOLMES PALMER
WAGNER BLACK ROBERTSON BOYD ROSE STONE SALAZAR FOX WARREN MILLS MEYER RICE SCHMIDT GARZA
DANIELS FERGUSON NICHOLS STEPHENS SOTO WEAVER RYAN GARDNER PAYNE GRANT DUNN KELLEY
SPENCER HAWKINS ARNOLD PIERCE HANSEN PETERS SANTOS HART BRADLEY KNIGHT ELLIOTT
CUNNINGHAM DUNCAN ARMSTRONG HUDSON CARROLL LANE RILEY ANDREWS ALVARADO RAY DELGADO
BERRY PERKINS HOFFMAN JOHNSTON MATTHEWS PENA RICHARDS CONTRERAS WILLIS CARPENTER
LAWRENCE SANDOVAL O'BRIEN O'CONNOR MCCARTHY DE_LA_CRUZ
""")

_MALE = _words("""
JAMES JOHN ROBERT MICHAEL WILLIAM DAVID JOSE RICHARD JOSEPH THOMAS CHARLES CHRISTOPHER
DANIEL MATTHEW ANTHONY MARK DONALD STEVEN JUAN PAUL ANDREW JOSHUA KENNETH KEVIN BRIAN
GEORGE TIMOTHY RONALD EDWARD JASON JEFFREY RYAN JACOB GARY NICHOLAS ERIC JONATHAN
STEPHEN LARRY JUSTIN SCOTT BRANDON BENJAMIN SAMUEL GREGORY ALEXANDER FRANK PATRICK
RAYMOND JACK DENNIS JERRY TYLER AARON CARLOS ADAM NATHAN HENRY DOUGLAS ZACHARY PETER
KYLE ETHAN WALTER NOAH JEREMY CHRISTIAN KEITH ROGER TERRY GERALD HAROLD SEAN AUSTIN
CARL ARTHUR LAWRENCE DYLAN JESSE JORDAN BRYAN BILLY JOE BRUCE GABRIEL LOGAN ALBERT
WILLIE ALAN LUIS WAYNE ELIJAH RANDY ROY VINCENT RALPH EUGENE RUSSELL BOBBY MASON
PHILIP LOUIS MIGUEL JESUS FRANCISCO ALEJANDRO DARNELL DESHAWN TYRONE MALIK JAMAL
""")

_FEMALE = _words("""
MARY MARIA PATRICIA JENNIFER LINDA ELIZABETH BARBARA SUSAN JESSICA SARAH KAREN LISA
NANCY BETTY MARGARET SANDRA ASHLEY KIMBERLY EMILY DONNA MICHELLE CAROL AMANDA DOROTHY
MELISSA DEBORAH STEPHANIE REBECCA SHARON LAURA CYNTHIA KATHLEEN AMY ANGELA SHIRLEY
ANNA BRENDA PAMELA EMMA NICOLE HELEN SAMANTHA KATHERINE CHRISTINE DEBRA RACHEL CAROLYN
JANET CATHERINE HEATHER DIANE RUTH JULIE OLIVIA JOYCE VIRGINIA VICTORIA KELLY LAUREN
CHRISTINA JOAN EVELYN JUDITH MEGAN ANDREA CHERYL HANNAH JACQUELINE MARTHA GLORIA
TERESA ANN SARA MADISON FRANCES KATHRYN JANICE JEAN ABIGAIL ALICE JUDY SOPHIA GRACE
DENISE AMBER DORIS MARILYN DANIELLE BEVERLY ISABELLA THERESA DIANA NATALIE BRITTANY
CHARLOTTE MARIE KAYLA ALEXIS LORI GUADALUPE ROSA ANA CARMEN LATOYA KEISHA TANISHA
""")

#: Nicknames in common US usage (formal name -> nicknames). Written for this
#: benchmark; deliberately not the matcher's table.
NICKNAMES: dict[str, tuple[str, ...]] = {
    "WILLIAM": ("BILL", "BILLY", "WILL", "LIAM"),
    "ROBERT": ("BOB", "BOBBY", "ROB"),
    "JAMES": ("JIM", "JIMMY", "JAMIE"),
    "JOHN": ("JACK", "JOHNNY"),
    "MICHAEL": ("MIKE", "MIKEY"),
    "RICHARD": ("RICK", "RICH", "DICK"),
    "JOSEPH": ("JOE", "JOEY"),
    "THOMAS": ("TOM", "TOMMY"),
    "CHARLES": ("CHARLIE", "CHUCK"),
    "CHRISTOPHER": ("CHRIS",),
    "DANIEL": ("DAN", "DANNY"),
    "MATTHEW": ("MATT",),
    "ANTHONY": ("TONY",),
    "DAVID": ("DAVE",),
    "STEVEN": ("STEVE",),
    "STEPHEN": ("STEVE",),
    "EDWARD": ("ED", "EDDIE", "TED"),
    "DONALD": ("DON",),
    "RONALD": ("RON", "RONNIE"),
    "KENNETH": ("KEN", "KENNY"),
    "TIMOTHY": ("TIM",),
    "JOSHUA": ("JOSH",),
    "ANDREW": ("ANDY", "DREW"),
    "NICHOLAS": ("NICK",),
    "JONATHAN": ("JON",),
    "GREGORY": ("GREG",),
    "BENJAMIN": ("BEN",),
    "SAMUEL": ("SAM",),
    "ALEXANDER": ("ALEX",),
    "PATRICK": ("PAT",),
    "GERALD": ("JERRY",),
    "LAWRENCE": ("LARRY",),
    "RAYMOND": ("RAY",),
    "DOUGLAS": ("DOUG",),
    "ZACHARY": ("ZACH",),
    "PHILIP": ("PHIL",),
    "JOSE": ("PEPE",),
    "FRANCISCO": ("PACO", "PANCHO"),
    "ALEJANDRO": ("ALEX",),
    "MARY": ("MOLLY", "POLLY"),
    "PATRICIA": ("PAT", "PATTY", "TRISH"),
    "JENNIFER": ("JEN", "JENNY"),
    "ELIZABETH": ("LIZ", "BETH", "BETTY", "LIZZIE"),
    "BARBARA": ("BARB",),
    "SUSAN": ("SUE", "SUSIE"),
    "MARGARET": ("PEGGY", "MAGGIE", "MEG"),
    "KIMBERLY": ("KIM",),
    "DEBORAH": ("DEBBIE", "DEB"),
    "DEBRA": ("DEBBIE", "DEB"),
    "REBECCA": ("BECKY",),
    "CYNTHIA": ("CINDY",),
    "KATHLEEN": ("KATHY",),
    "PAMELA": ("PAM",),
    "SAMANTHA": ("SAM",),
    "KATHERINE": ("KATE", "KATHY", "KATIE"),
    "CATHERINE": ("CATHY", "CATE"),
    "CHRISTINE": ("CHRIS",),
    "VIRGINIA": ("GINNY",),
    "VICTORIA": ("VICKY", "TORI"),
    "JACQUELINE": ("JACKIE",),
    "JUDITH": ("JUDY",),
    "THERESA": ("TERRI",),
    "TERESA": ("TERRI",),
    "ABIGAIL": ("ABBY",),
    "ALEXIS": ("LEXI",),
    "DOROTHY": ("DOT", "DOTTIE"),
    "GUADALUPE": ("LUPE",),
    "ISABELLA": ("BELLA",),
}

_ACCENTED = {"JOSE": "JOSÉ", "MARIA": "MARÍA", "JESUS": "JESÚS"}

_STREETS = _words("""
MAIN OAK PINE MAPLE CEDAR ELM WASHINGTON LAKE HILL PARK WALNUT LINCOLN JEFFERSON
CHESTNUT SPRING RIDGE CHURCH MILL SUNSET JACKSON FRANKLIN HIGHLAND WILLOW MADISON
MEADOW FOREST DOGWOOD HICKORY BIRCH CHERRY ADAMS GROVE RIVER VIEW SPRUCE LAUREL
CENTER COLLEGE MONROE ASH POPLAR SYCAMORE 1ST 2ND 3RD 4TH 5TH 6TH 7TH 8TH 9TH 10TH
11TH 12TH WOODLAND PROSPECT UNION HAWTHORNE ORCHARD VALLEY BROADWAY GRANT
""")
_STREET_TYPES = (("ST", "STREET"), ("AVE", "AVENUE"), ("RD", "ROAD"), ("DR", "DRIVE"),
                 ("LN", "LANE"), ("CT", "COURT"), ("BLVD", "BOULEVARD"), ("PL", "PLACE"))  # fmt: skip

#: (town, state, ZIP codes, weight): a practice's catchment area.
_TOWNS: tuple[tuple[str, str, tuple[str, ...], int], ...] = (
    ("SPRINGFIELD", "IL", ("62701", "62702", "62703", "62704", "62707", "62711", "62712"), 40),
    ("CHATHAM", "IL", ("62629",), 5),
    ("ROCHESTER", "IL", ("62563",), 3),
    ("SHERMAN", "IL", ("62684",), 2),
    ("RIVERTON", "IL", ("62561",), 2),
    ("AUBURN", "IL", ("62615",), 2),
    ("PETERSBURG", "IL", ("62675",), 1),
    ("JACKSONVILLE", "IL", ("62650",), 5),
    ("LINCOLN", "IL", ("62656",), 4),
    ("TAYLORVILLE", "IL", ("62568",), 4),
    ("DECATUR", "IL", ("62521", "62522", "62526"), 10),
    ("BLOOMINGTON", "IL", ("61701", "61704", "61705"), 7),
    ("NORMAL", "IL", ("61761",), 4),
    ("CHAMPAIGN", "IL", ("61820", "61821", "61822"), 6),
    ("URBANA", "IL", ("61801", "61802"), 3),
    ("PEORIA", "IL", ("61603", "61604", "61614", "61615"), 8),
    ("PEKIN", "IL", ("61554",), 3),
    ("QUINCY", "IL", ("62301", "62305"), 3),
)
_ELSEWHERE: tuple[tuple[str, str, tuple[str, ...], int], ...] = (
    ("SAINT LOUIS", "MO", ("63104", "63109", "63116", "63139"), 4),
    ("CHICAGO", "IL", ("60614", "60618", "60625", "60629", "60647"), 5),
    ("INDIANAPOLIS", "IN", ("46201", "46220", "46227"), 2),
    ("SPRINGFIELD", "MO", ("65802", "65804"), 1),
)
_AREA_CODES = ("217", "217", "217", "309", "309", "447", "618")

# The long tail of rare surnames: syllables put together, in a fixed order.
_HEADS = _words("""
ABER ALD ASH BAR BECK BRAD BRIG CAR COL DAL DEN DRUM ELL FAR FEN GAR GOLD HAL HAR HOL
HUN KEN KIR LAN LIN MAR MER MOR NOR OAK OS PAR PEM RAD RAN ROS SAL SHEL STAN TAL THOR
VAN WAL WEST WIN WOL YAR BRAN CRAN DUN FAIR GRIM HAV LOCK MAC NEW PRES QUIN SWAN
""")
_MIDS = ("", "A", "E", "I", "O", "EN", "ER", "IN")
_TAILS = _words("""
BY DALE FIELD FORD HAM LEY MAN SON TON WELL WOOD BERG STEIN OWSKI ELLI ETTI EZ ER INGS
ARD LOW MORE WORTH STROM ICK ISH OTT AN ES HURST WICK BURN CROFT LAND MONT STEAD RIDGE
VILLE ACK ONI
""")


class _Table:
    """A weighted table of values, drawn by bisection on cumulative weights."""

    def __init__(self, values: list[str], weights: list[float]) -> None:
        self.values = values
        self.cum = list(itertools.accumulate(weights))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random) -> str:
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.total)]


def _ranked(names: list[str], top: float, exponent: float) -> list[float]:
    return [top * (rank + 1) ** -exponent for rank in range(len(names))]


def _surname_table() -> _Table:
    common = list(dict.fromkeys(_SURNAMES))
    weights = _ranked(common, 0.0083, 0.62)  # SMITH 0.83%, the top ~230 about 16%
    tail = ["".join(p) for p in itertools.product(_HEADS, _MIDS, _TAILS)]
    random.Random("surname tail").shuffle(tail)  # fixed, independent of the seed
    raw = _ranked(tail, 1.0, 0.5)
    scale = (1 - sum(weights)) / sum(raw)
    return _Table(common + tail, weights + [w * scale for w in raw])


SURNAMES = _surname_table()
MALE_NAMES = _Table(_MALE, _ranked(_MALE, 1.0, 0.9))
FEMALE_NAMES = _Table(_FEMALE, _ranked(_FEMALE, 1.0, 0.9))
_TOWN_TABLE = _Table([t[0] for t in _TOWNS], [t[3] for t in _TOWNS])
_TOWN_BY_NAME = {t[0]: t for t in _TOWNS}
_ELSEWHERE_TABLE = _Table([str(i) for i in range(len(_ELSEWHERE))], [t[3] for t in _ELSEWHERE])

# -- the model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Dataset:
    """Registrations and their truth (see the module docstring)."""

    rows: list[dict[str, object]]
    person: dict[str, str]
    error_types: dict[frozenset[str], str]
    hard_pairs: dict[frozenset[str], str]
    corruptions: dict[str, frozenset[str]] = field(default_factory=dict)

    def duplicate_pairs(self) -> frozenset[frozenset[str]]:
        """Every true duplicate pair."""
        return frozenset(self.error_types)


def split_types(label: str) -> frozenset[str]:
    """The corruptions of an ``error_types`` label (``"none"`` is its own type)."""
    return frozenset(label.split("+"))


@dataclass
class _Address:
    number: int
    street: str
    kind: int
    unit: str | None
    town: str
    state: str
    zip: str
    plus4: str
    landline: str | None


@dataclass
class _Person:
    pid: str
    family: str
    given: str
    middle: str | None
    sex: str
    birth: dt.date
    address: _Address
    suffix: str | None = None
    maiden: str | None = None
    ssn: str | None = None
    placeholder: str | None = None
    cell: str | None = None
    email: str | None = None
    guardian: _Person | None = None


def _phone(rng: random.Random) -> str:
    return f"{_pick(rng, _AREA_CODES)}{_int(rng, 2, 9)}{_below(rng, 10**6):06d}"


def _address(rng: random.Random) -> _Address:
    if rng.random() < 0.05:
        town, state, zips, _ = _ELSEWHERE[int(_ELSEWHERE_TABLE.draw(rng))]
    else:
        town, state, zips, _ = _TOWN_BY_NAME[_TOWN_TABLE.draw(rng)]
    return _Address(
        number=int(10 ** rng.uniform(0.5, 4)),
        street=_pick(rng, _STREETS),
        kind=_below(rng, len(_STREET_TYPES)),
        unit=f"APT {_int(rng, 1, 30)}{_pick(rng, 'AB  ')}".rstrip()
        if rng.random() < 0.15
        else None,
        town=town,
        state=state,
        zip=_pick(rng, zips),
        plus4=f"{_int(rng, 1, 9999):04d}",
        landline=_phone(rng) if rng.random() < 0.40 else None,
    )


def _ssn(rng: random.Random) -> str:
    area = _int(rng, 1, 898)
    area += area >= 666  # never 000, 666 or 900-999
    return f"{area:03d}{_int(rng, 1, 99):02d}{_int(rng, 1, 9999):04d}"


def _birth(rng: random.Random, age_low: float, age_high: float) -> dt.date:
    days = int(rng.uniform(age_low, age_high) * 365.25)
    return TODAY - dt.timedelta(days=max(days, 1))


def _age(birth: dt.date) -> float:
    return (TODAY - birth).days / 365.25


class _People:
    """Households of people, drawn one after the other."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.people: list[_Person] = []
        self.twins: list[tuple[_Person, _Person]] = []
        self.jr_sr: list[tuple[_Person, _Person]] = []

    def _new(self, sex: str, family: str, birth: dt.date, address: _Address) -> _Person:
        rng = self.rng
        names = FEMALE_NAMES if sex == "F" else MALE_NAMES
        given = names.draw(rng)
        middle = None
        if rng.random() < 0.7:
            middle = names.draw(rng)
            while middle == given:
                middle = names.draw(rng)
        person = _Person(f"P{len(self.people) + 1:07d}", family, given, middle, sex, birth, address)
        if rng.random() < SSN_RATE:
            person.ssn = _ssn(rng)
        elif rng.random() < PLACEHOLDER_RATE:
            person.placeholder = _pick(rng, PLACEHOLDERS)
        if _age(birth) >= 16:
            person.cell = _phone(rng) if rng.random() < 0.85 else None
            if rng.random() < 0.45:
                person.email = self._email(person)
        self.people.append(person)
        return person

    def _email(self, p: _Person) -> str:
        rng = self.rng
        local = _pick(
            rng,
            (
                f"{p.given}.{p.family}",
                f"{p.given[0]}{p.family}",
                f"{p.given}{p.birth.year % 100:02d}",
            ),
        )
        local = local.replace(" ", "").replace("'", "")
        number = str(_int(rng, 1, 99)) if rng.random() < 0.4 else ""
        domain = _pick(rng, ("example.com", "example.net", "example.org"))
        return f"{local}{number}@{domain}".lower()

    def _children(self, parents: list[_Person], family: str, address: _Address) -> None:
        rng = self.rng
        mother = next((p for p in parents if p.sex == "F"), None)
        father = next((p for p in parents if p.sex == "M"), None)
        youngest = min(_age(p.birth) for p in parents)
        junior_wanted = father is not None and rng.random() < JUNIOR_RATE
        for _ in range(_pick(rng, (1, 1, 2, 2, 2, 3, 3, 4))):
            gap = rng.uniform(18, 45)
            age = youngest - gap
            if age < 0:
                continue
            birth = _birth(rng, max(age - 0.2, 0), age)
            child = self._new(_pick(rng, "FM"), family, birth, address)
            child.guardian = mother or father
            if (
                junior_wanted
                and child.sex == "M"
                and father is not None
                and 18 <= (child.birth - father.birth).days / 365.25 <= 45
            ):
                child.given, child.middle = father.given, father.middle
                child.suffix, father.suffix = "JR", "SR"
                self.jr_sr.append((child, father))
                junior_wanted = False
            if rng.random() < TWIN_RATE / (2 - TWIN_RATE):  # twin babies are TWIN_RATE of births
                twin = self._new(_pick(rng, "FM"), family, child.birth, address)
                twin.guardian = child.guardian
                names = FEMALE_NAMES if twin.sex == "F" else MALE_NAMES
                alike = [v for v in names.values if v[0] == child.given[0]]
                alike = [v for v in alike if v != child.given]
                if alike and rng.random() < 0.25:  # twins often get names with one initial
                    twin.given = _pick(rng, alike)
                while twin.given == child.given:
                    twin.given = names.draw(rng)
                self.twins.append((child, twin))

    def household(self) -> None:
        rng = self.rng
        address = _address(rng)
        family = SURNAMES.draw(rng)
        kind = rng.random()
        if kind < 0.30:  # single adult
            self._new(_pick(rng, "FM"), family, _birth(rng, 18, 95), address)
            return
        if kind >= 0.85 and kind < 0.95:  # single parent
            parent = self._new(_pick(rng, "FFFM"), family, _birth(rng, 20, 60), address)
            self._children([parent], family, address)
            return
        husband = self._new("M", family, _birth(rng, 20, 90), address)
        wife_birth = husband.birth + dt.timedelta(days=int(rng.gauss(2, 4) * 365.25))
        wife_birth = min(wife_birth, TODAY - dt.timedelta(days=19 * 365))
        maiden = SURNAMES.draw(rng)
        married = rng.random() < 0.8 and maiden != family
        wife_family = family if married else maiden
        if married and rng.random() < 0.10:
            wife_family = f"{maiden}-{family}"
        wife = self._new("F", wife_family, wife_birth, address)
        if married:
            wife.maiden = maiden
        if kind < 0.55:  # couple without children
            return
        self._children([husband, wife], family, address)
        oldest = max(_age(husband.birth), _age(wife.birth))
        if kind >= 0.95 and oldest < 80:  # and a grandparent, at most 100
            elder = _birth(rng, oldest + 20, min(oldest + 35, 100))
            self._new(_pick(rng, "FM"), family, elder, address)


# -- corrupting and writing registrations ------------------------------------------------

_KEYS = ("QWERTYUIOP", "ASDFGHJKL", "ZXCVBNM")
_NEIGHBOURS = {
    ch: "".join(
        _KEYS[r][i]
        for r in (row - 1, row, row + 1)
        if 0 <= r < len(_KEYS)
        for i in (col - 1, col, col + 1)
        if 0 <= i < len(_KEYS[r]) and _KEYS[r][i] != ch
    )
    for row, keys in enumerate(_KEYS)
    for col, ch in enumerate(keys)
}


def typo(rng: random.Random, text: str) -> str:
    """One keyboard slip in ``text`` (a different, non-empty string)."""
    letters = [i for i, ch in enumerate(text) if ch.isalpha()]
    for _ in range(20):
        i = _pick(rng, letters)
        kind = rng.random()
        if kind < 0.4:
            out = text[:i] + _pick(rng, _NEIGHBOURS.get(text[i], "E")) + text[i + 1 :]
        elif kind < 0.6 and len(letters) > 3:
            out = text[:i] + text[i + 1 :]
        elif kind < 0.8:
            out = text[:i] + text[i] + text[i:]
        elif i + 1 < len(text) and text[i + 1].isalpha():
            out = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        else:
            continue
        if out != text:
            return out
    return text[:-1] + ("A" if text[-1] != "A" else "E")


def _valid_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        date = dt.date(year, month, day)
    except ValueError:
        return None
    return date if date <= TODAY else None


def _dob_digit(rng: random.Random, birth: dt.date) -> dt.date:
    text = birth.strftime("%m%d%Y")
    while True:
        i = _below(rng, 8)
        digit = _pick(rng, [d for d in "0123456789" if d != text[i]])
        new = text[:i] + digit + text[i + 1 :]
        date = _valid_date(int(new[4:]), int(new[:2]), int(new[2:4]))
        if date is not None and date.year > 1900:
            return date


def _dob_transposed(rng: random.Random, birth: dt.date) -> dt.date:
    text = birth.strftime("%m%d%Y")
    spots = [i for i in (0, 2, 4, 5, 6) if text[i] != text[i + 1]]
    rng.shuffle(spots)
    for i in spots:
        new = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        date = _valid_date(int(new[4:]), int(new[:2]), int(new[2:4]))
        if date is not None and date.year > 1900:
            return date
    return _dob_digit(rng, birth)


def _eligible(p: _Person, kind: str) -> bool:
    if kind == "nickname":
        return p.given in NICKNAMES
    if kind == "dob_day_month":
        return p.birth.day <= 12 and p.birth.day != p.birth.month
    if kind == "maiden_name":
        return p.maiden is not None
    if kind.startswith("ssn_"):
        return p.ssn is not None
    return True


def _draw_corruptions(rng: random.Random, p: _Person) -> frozenset[str]:
    chosen = set()
    for kind in ("typo", "nickname", "swapped_names", "maiden_name", "address_move"):
        if rng.random() < RATES[kind] and _eligible(p, kind):
            chosen.add(kind)
    # At most one change to the birth date, and at most one to the SSN.
    for group in (("dob_day_month", "dob_digit", "dob_transposed"),
                  ("ssn_missing", "ssn_placeholder", "ssn_digit")):  # fmt: skip
        u = rng.random()
        for kind in group:
            if u < RATES[kind]:
                if _eligible(p, kind):
                    chosen.add(kind)
                break
            u -= RATES[kind]
    return frozenset(chosen)


def _case(text: str, *, upper: bool) -> str:
    return text if upper else string.capwords(text)


def _recorded_birth(rng: random.Random, p: _Person, corruptions: frozenset[str]) -> dt.date:
    if "dob_day_month" in corruptions:
        return dt.date(p.birth.year, p.birth.day, p.birth.month)
    if "dob_digit" in corruptions:
        return _dob_digit(rng, p.birth)
    if "dob_transposed" in corruptions:
        return _dob_transposed(rng, p.birth)
    return p.birth


def _recorded_ssn(rng: random.Random, p: _Person, corruptions: frozenset[str]) -> str | None:
    ssn = p.ssn or p.placeholder
    if "ssn_missing" in corruptions:
        return None
    if "ssn_placeholder" in corruptions:
        return _pick(rng, PLACEHOLDERS)
    if "ssn_digit" in corruptions and p.ssn is not None:
        i = _below(rng, 9)
        ssn = p.ssn[:i] + _pick(rng, [d for d in "0123456789" if d != p.ssn[i]]) + p.ssn[i + 1 :]
    if ssn is None or ssn in PLACEHOLDERS:
        return ssn
    u = rng.random()  # as typed: last four only, hyphenated, or bare digits
    return ssn[5:] if u < 0.05 else f"{ssn[:3]}-{ssn[3:5]}-{ssn[5:]}" if u < 0.7 else ssn


def _recorded_phone(rng: random.Random, phone: str | None) -> str | None:
    u = rng.random()
    if phone is None or rng.random() < 0.05:
        return None
    if u < 0.4:
        return f"({phone[:3]}) {phone[3:6]}-{phone[6:]}"
    if u < 0.8:
        return f"{phone[:3]}-{phone[3:6]}-{phone[6:]}"
    return phone


def _register(rng: random.Random, p: _Person, corruptions: frozenset[str]) -> dict[str, object]:
    """A row as typed at the desk for ``p``, with ``corruptions`` applied."""
    given, family, address = p.given, p.family, p.address
    previous = (p.maiden,) if p.maiden is not None and rng.random() < 0.25 else ()
    if "nickname" in corruptions:
        given = _pick(rng, NICKNAMES[given])
    if "maiden_name" in corruptions:
        family, previous = p.maiden or family, ()
    if "address_move" in corruptions:
        moved = _address(rng)
        if rng.random() >= 0.40:  # same town
            moved.town, moved.state, moved.zip = address.town, address.state, address.zip
        moved.landline, address = address.landline, moved
    street = f"{address.number} {address.street} {_STREET_TYPES[address.kind][rng.random() < 0.15]}"
    if address.unit:
        street += f" {address.unit}"
    if "typo" in corruptions:
        u = rng.random()
        if u < 0.4:
            family = typo(rng, family)
        elif u < 0.8:
            given = typo(rng, given)
        else:
            street = typo(rng, street)
    if "swapped_names" in corruptions:
        given, family = family, given
    phone = p.cell or address.landline or (p.guardian.cell if p.guardian else None)
    if "address_move" in corruptions and rng.random() < 0.5:
        phone = _phone(rng)
    # Natural variation of every registration.
    upper = rng.random() < 0.7
    if not upper and rng.random() < 0.15:
        given = _ACCENTED.get(given, given)
    u = rng.random()
    middle = None if p.middle is None or u >= 0.8 else p.middle if u < 0.55 else p.middle[0]
    return {
        "id": "",
        "family": _case(family, upper=upper),
        "given": _case(given, upper=upper),
        "middle": None if middle is None else _case(middle, upper=upper),
        "suffix": p.suffix if p.suffix and rng.random() < 0.75 else None,
        "sex": None if rng.random() < 0.01 else p.sex,
        "birth_date": None if rng.random() < 0.003 else _recorded_birth(rng, p, corruptions),
        "ssn": _recorded_ssn(rng, p, corruptions),
        "phone": _recorded_phone(rng, phone),
        "street": _case(street, upper=upper),
        "city": _case(address.town, upper=upper),
        "state": address.state,
        "zip": f"{address.zip}-{address.plus4}" if rng.random() < 0.05 else address.zip,
        "email": p.email or (p.guardian.email if p.guardian and rng.random() < 0.3 else None),
        "previous_family": tuple(_case(x, upper=upper) for x in previous),
        "identifiers": (),
    }


def _label(kinds: frozenset[str]) -> str:
    return "+".join(sorted(kinds)) or "none"


def generate(n: int, *, seed: int, ssn: bool = True) -> Dataset:
    """``n`` registrations with duplicates and their truth (see the module docstring)."""
    rng = random.Random(seed)
    n_extra = round(n * DUPLICATE_SHARE)
    world = _People(rng)
    while len(world.people) < n - n_extra:
        world.household()
    people = world.people[: n - n_extra]
    registrations = [(p, frozenset[str]()) for p in people]
    for _ in range(n_extra):
        p = _pick(rng, people)
        registrations.append((p, _draw_corruptions(rng, p)))
    rng.shuffle(registrations)
    rows, person, corruptions = [], {}, {}
    by_person: dict[str, list[str]] = defaultdict(list)
    width = len(str(n))
    for k, (p, applied) in enumerate(registrations, 1):
        row = _register(rng, p, applied)
        kinds = applied
        rid = f"R{k:0{width}d}"
        row["id"] = rid
        if not ssn:
            row["ssn"] = None
            kinds = frozenset(x for x in kinds if not x.startswith("ssn_"))
        rows.append(row)
        person[rid] = p.pid
        corruptions[rid] = kinds
        by_person[p.pid].append(rid)
    error_types = {
        frozenset((a, b)): _label(corruptions[a] | corruptions[b])
        for ids in by_person.values()
        for a, b in itertools.combinations(ids, 2)
    }
    hard: dict[frozenset[str], str] = {}

    def label(left: _Person, right: _Person, kind: str) -> None:
        for a in by_person.get(left.pid, ()):
            for b in by_person.get(right.pid, ()):
                hard.setdefault(frozenset((a, b)), kind)

    for x, y in world.twins:
        label(x, y, "twins")
    for x, y in world.jr_sr:
        label(x, y, "jr_sr")
    same_name: dict[tuple[str, str], list[_Person]] = defaultdict(list)
    for p in people:
        same_name[(p.given, p.family)].append(p)
    for group in same_name.values():
        for x, y in itertools.combinations(group, 2):
            label(x, y, "common_name")
    return Dataset(rows, person, error_types, hard, corruptions)
