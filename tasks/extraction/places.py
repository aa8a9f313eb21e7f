"""Is a place name a whole country? Locations keep cities and venues only
(GUIDELINES: "a city, or a summit's venue"), so country names are left out."""
from __future__ import annotations

import re
from functools import lru_cache

import pycountry

# Short forms news copy uses that pycountry's names do not cover.
_COMMON_COUNTRY_NAMES = {
    "us", "u.s.", "u.s", "usa", "america", "united states", "uk", "u.k.", "britain", "great britain",
    "england", "scotland", "wales", "russia", "iran", "syria", "south korea", "north korea", "korea",
    "taiwan", "vietnam", "laos", "bolivia", "venezuela", "tanzania", "moldova", "czech republic",
    "czechia", "palestine", "ivory coast", "holland", "netherlands", "burma", "turkey", "emirates",
    "uae", "congo", "vatican", "kosovo", "macedonia", "china", "mainland china",
}


@lru_cache(maxsize=4096)
def is_country_name(text: str) -> bool:
    name = text.strip().lower()
    if name.startswith("the "):
        name = name[4:]
    if name in _COMMON_COUNTRY_NAMES:
        return True
    try:
        pycountry.countries.lookup(name)
    except LookupError:
        return False
    return True


# Head nouns of places inside a city: a visit's airport welcome, its palace
# talks and its city are one visit.
VENUE_NOUNS = frozenset({
    "airport", "palace", "house", "hotel", "hall", "centre", "center", "building", "ministry", "residence",
    "office", "headquarters", "castle", "villa", "resort", "complex", "mansion", "embassy", "secretariat",
    "parliament", "chancellery", "kremlin", "estate", "lodge", "retreat", "club",
})


def is_venue(text: str) -> bool:
    """Is the place a building or compound ("Simon Bolivar International
    Airport", "the Elysee Palace") rather than a city or region?"""
    words = text.lower().split()
    return bool(words) and (words[-1] in VENUE_NOUNS or words[0] in VENUE_NOUNS)


_DATELINE = re.compile(r"^\s*([A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,2})(?:,\s*([A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?))?\s*(?:\([^)]{1,20}\))?\s*(?:--|—|–|-|:)\s+\S")


def dateline_place(line: str) -> tuple[str, str | None] | None:
    """The place a dateline opens a report with ("AGRA, India -- Talks
    between ...", "TEHRAN — The fifth round ..."): (the place as a name,
    the country written after it, if any)."""
    match = _DATELINE.match(line)
    if not match or len(match.group(1)) < 3:
        return None
    place = " ".join(w.capitalize() if w.isalpha() else w.title() for w in match.group(1).split())
    return place, match.group(2)
