"""The people, price, access and RSVP fields of an event, and the check that
no meeting link is published. Pure: metadata values in, values or
:class:`~sitelib.ContentError` out."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sitelib import ContentError

#: ``Access:`` items: what a reader may write (lower case) -> what the page says.
ACCESS_ITEMS = {
    "step-free": "Step-free access",
    "accessible toilet": "Accessible toilet",
    "bsl": "British Sign Language (BSL) interpretation",
    "captions": "Live captions",
    "hearing loop": "Hearing loop",
    "quiet room": "Quiet room",
    "seating": "Seating available",
}
#: ISO 4217 currency codes in use.
_CURRENCY_CODES = """
    AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB
    BRL BSD BTN BWP BYN BZD CAD CDF CHF CLP CNY COP CRC CUP CVE CZK DJF DKK DOP
    DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF
    IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR KMF KPW KRW KWD KYD KZT LAK
    LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MYR MZN
    NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF
    SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND
    TOP TRY TTD TWD TZS UAH UGX USD UYU UZS VES VND VUV WST XAF XCD XCG XOF XPF
    YER ZAR ZMW ZWG"""
CURRENCIES = frozenset(_CURRENCY_CODES.split())
#: Joining links for video meetings: published, anyone can walk in.
MEETING_LINK = re.compile(
    r"zoom\.us/(?:j|w|my|s)/|meet\.google\.com/|teams\.microsoft\.com/"
    r"|teams\.live\.com/meet",
    re.IGNORECASE,
)
_PERSON_SEPARATOR = re.compile(r"(?:^|\s)[—–-]\s")
_EMAIL = re.compile(r"^[^@\s<>\"']+@[^@\s<>\"']+\.[^@\s<>\"']+$")


@dataclass(frozen=True)
class Person:
    name: str
    affiliation: str = ""

    def __str__(self) -> str:
        return f"{self.name}, {self.affiliation}" if self.affiliation else self.name


@dataclass(frozen=True)
class Price:
    """``amount`` is None for a free event."""

    amount: Decimal | None
    currency: str = ""

    @property
    def is_free(self) -> bool:
        return self.amount is None or self.amount == 0

    @property
    def text(self) -> str:
        return "Free" if self.is_free else f"{self.amount} {self.currency}"

    @property
    def schema_price(self) -> str:
        return "0" if self.amount is None else str(self.amount)


def lines(value: object) -> list[str]:
    """A multi-line metadata value as its non-blank lines (Markdown gives a
    list, reStructuredText a string with newlines)."""
    items = value if isinstance(value, list) else [value]
    return [
        line.strip()
        for item in items
        if item is not None
        for line in str(item).splitlines()
        if line.strip()
    ]


def parse_person(
    line: str, source: str, name: str
) -> tuple[Person | None, list[ContentError]]:
    """``Name — affiliation`` (an en dash or a spaced hyphen also works)."""
    who, _, affiliation = (part.strip() for part in _split_person(line))
    if not who:
        return None, [
            ContentError(
                source,
                name,
                f"'{line}' has no name",
                "write one person per line as 'Name — affiliation'",
            )
        ]
    return Person(who, affiliation), []


def _split_person(line: str) -> tuple[str, str, str]:
    match = _PERSON_SEPARATOR.search(line)
    if not match:
        return line, "", ""
    return line[: match.start()], match.group(), line[match.end() :]


def parse_people(
    value: object, source: str, name: str
) -> tuple[list[Person], list[ContentError]]:
    people, problems = [], []
    for line in lines(value):
        person, errors = parse_person(line, source, name)
        problems.extend(errors)
        if person is not None:
            people.append(person)
    return people, problems


def parse_price(value: str, source: str) -> tuple[Price | None, list[ContentError]]:
    """``free``, or an amount and an ISO 4217 code such as ``5 GBP``."""
    text = value.strip()
    if not text:
        return None, []
    if text.lower() == "free":
        return Price(None), []
    parts = text.split()
    problem = ContentError(
        source,
        "Price",
        f"'{text}' is not 'free' or an amount with a currency",
        "write 'free', or the amount then the ISO currency code, e.g. '5 GBP' "
        "(put other words in Booking)",
    )
    if len(parts) != 2:
        return None, [problem]
    amount, currency = parts
    if amount.isalpha():
        amount, currency = currency, amount
    try:
        number = Decimal(amount)
    except InvalidOperation:
        return None, [problem]
    if not number.is_finite() or number < 0 or currency.upper() not in CURRENCIES:
        return None, [problem]
    return Price(number, currency.upper()), []


def parse_access(value: object, source: str) -> tuple[list[str], list[ContentError]]:
    """The page's wording for each ``Access:`` item."""
    items, problems = [], []
    for line in lines(value):
        for token in (t.strip() for t in line.split(",")):
            key = token.lower()
            if key in ACCESS_ITEMS:
                items.append(ACCESS_ITEMS[key])
            elif token:
                problems.append(
                    ContentError(
                        source,
                        "Access",
                        f"'{token}' is not one of: {', '.join(ACCESS_ITEMS)}",
                        "use those words, and put anything else in 'Access-Note:'",
                    )
                )
    return items, problems


def parse_rsvp(
    value: str, source: str, default_address: str
) -> tuple[str, list[ContentError]]:
    """The address RSVPs go to, for ``RSVP: email`` (the site's) or
    ``RSVP: someone@example.org``; "" when not set."""
    text = value.strip()
    if not text:
        return "", []
    if text.lower() == "email":
        if default_address:
            return default_address, []
        return "", [
            ContentError(
                source,
                "RSVP",
                "'email' needs an address to send to",
                "set CONTACT_EMAIL (or EVENTS_RSVP_EMAIL) in pelicanconf.py, "
                "or write the address: 'RSVP: events@example.org'",
            )
        ]
    if _EMAIL.match(text):
        return text, []
    return "", [
        ContentError(
            source,
            "RSVP",
            f"'{text}' is not 'email' or an email address",
            "write 'RSVP: email' (the site's address) or an address; "
            "put a booking link in Booking",
        )
    ]


def meeting_link_problems(fields: dict[str, str], source: str) -> list[ContentError]:
    """One problem per public field holding a video meeting's joining link."""
    return [
        ContentError(
            source,
            name,
            "holds a meeting joining link, which anyone reading the site could use",
            "publish a registration page instead and send the joining link "
            "privately (or set EVENTS_ALLOW_MEETING_LINKS = True)",
        )
        for name, value in fields.items()
        if MEETING_LINK.search(value)
    ]


def parse_sequence(value: str, source: str) -> tuple[int, list[ContentError]]:
    text = value.strip()
    if not text:
        return 0, []
    if text.isdigit():
        return int(text), []
    return 0, [
        ContentError(
            source,
            "Sequence",
            f"'{text}' is not a whole number",
            "use 0 for a new event and add 1 at each change "
            "(invoke event-status does it for you)",
        )
    ]
