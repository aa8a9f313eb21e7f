"""Country and organisation resolution (tasks/extraction/countries.py)."""
from __future__ import annotations

import time

import pytest

from tasks.extraction.countries import (
    country_code,
    country_mentions,
    countries_in_text,
    organisation_name,
    organisations_in_text,
)

NAMES = [
    # names, short and long forms
    ("Russia", "RUS"),
    ("Russian Federation", "RUS"),
    ("the United States", "USA"),
    ("United States of America", "USA"),
    ("U.S.", "USA"),
    ("US", "USA"),
    ("USA", "USA"),
    ("America", "USA"),
    ("Britain", "GBR"),
    ("Great Britain", "GBR"),
    ("UK", "GBR"),
    ("U.K.", "GBR"),
    ("United Kingdom", "GBR"),
    ("South Korea", "KOR"),
    ("Republic of Korea", "KOR"),
    ("Korea", "KOR"),
    ("North Korea", "PRK"),
    ("DPRK", "PRK"),
    ("Taiwan", "TWN"),
    ("Republic of China", "TWN"),
    ("People's Republic of China", "CHN"),
    ("Palestine", "PSE"),
    ("State of Palestine", "PSE"),
    ("Palestinian Authority", "PSE"),
    ("Palestinians", "PSE"),
    ("PLO", "PSE"),
    ("the Netherlands", "NLD"),
    ("Kingdom of Morocco", "MAR"),
    ("Islamic Republic of Iran", "IRN"),
    ("Viet Nam", "VNM"),
    ("Vietnam", "VNM"),
    ("Czech Republic", "CZE"),
    ("Czechia", "CZE"),
    ("Burma", "MMR"),
    ("Papua New Guinea", "PNG"),
    ("Guinea", "GIN"),
    ("Guinea-Bissau", "GNB"),
    ("Niger", "NER"),
    ("Nigeria", "NGA"),
    ("Hong Kong", "HKG"),
    ("russia", "RUS"),  # a single mention is read leniently
    # spelling slips
    ("Afganistan", "AFG"),
    ("Quatar", "QAT"),
    ("Isreal", "ISR"),
    ("Phillipines", "PHL"),
    ("Kazakstan", "KAZ"),
    # country_converter's regexes catch database-style names
    ("Korea, Rep.", "KOR"),
    ("Lao PDR", "LAO"),
    ("Iran (Islamic Republic of)", "IRN"),
    ("Bosnia & Herzegovina", "BIH"),
    # demonyms and adjectives, with derived plurals
    ("Russian", "RUS"),
    ("American", "USA"),
    ("Americans", "USA"),
    ("Pakistani", "PAK"),
    ("Chinese", "CHN"),
    ("Israeli", "ISR"),
    ("Israelis", "ISR"),
    ("Iraqi", "IRQ"),
    ("Afghan", "AFG"),
    ("Afghans", "AFG"),
    ("Gambian", "GMB"),
    ("Nigerian", "NGA"),
    ("Nigerien", "NER"),
    ("Kyrgyz", "KGZ"),
    ("Azerbaijani", "AZE"),
    ("Azeri", "AZE"),
    ("Moroccan", "MAR"),
    ("South African", "ZAF"),
    ("French", "FRA"),
    ("German", "DEU"),
    ("Germans", "DEU"),
    ("British", "GBR"),
    ("Briton", "GBR"),
    ("Dutch", "NLD"),
    ("Swiss", "CHE"),
    ("North Korean", "PRK"),
    ("South Korean", "KOR"),
    ("Sudanese", "SDN"),
    ("South Sudanese", "SSD"),
    ("Emirati", "ARE"),
    ("Saudi", "SAU"),
    ("Filipino", "PHL"),
    ("Kosovar", "XKX"),
    # possessives, straight and curly
    ("Tehran's", "IRN"),
    ("Jordan's", "JOR"),
    ("India’s", "IND"),
    ("Israelis'", "ISR"),
    # capitals and seats of government
    ("Moscow", "RUS"),
    ("Washington", "USA"),
    ("Washington, D.C.", "USA"),
    ("Beijing", "CHN"),
    ("Tehran", "IRN"),
    ("Kyiv", "UKR"),
    ("Kiev", "UKR"),
    ("Amman", "JOR"),
    ("Tel Aviv", "ISR"),
    ("Jerusalem", "ISR"),
    ("New Delhi", "IND"),
    ("Delhi", "IND"),
    ("Islamabad", "PAK"),
    ("Riyadh", "SAU"),
    ("Bucharest", "ROU"),
    ("Tirana", "ALB"),
    ("Baku", "AZE"),
    ("Taipei", "TWN"),
    ("Pristina", "XKX"),
    ("The Hague", "NLD"),
    ("Bogotá", "COL"),
    ("N'Djamena", "TCD"),
    # institutions
    ("the Kremlin", "RUS"),
    ("Kremlin", "RUS"),
    ("White House", "USA"),
    ("the White House", "USA"),
    ("State Department", "USA"),
    ("Pentagon", "USA"),
    ("Foggy Bottom", "USA"),
    ("Downing Street", "GBR"),
    ("Elysee", "FRA"),
    ("Élysée Palace", "FRA"),
    ("Quai d'Orsay", "FRA"),
    ("Quai d’Orsay", "FRA"),
    ("Zhongnanhai", "CHN"),
    ("the Russian Foreign Ministry", "RUS"),
    ("Russian Foreign Ministry", "RUS"),
    ("Pakistan's Ministry of Foreign Affairs", "PAK"),
    ("Chinese embassy", "CHN"),
    ("the Chinese embassy in Washington", "CHN"),  # first state named wins
    ("Ambassador of Kingdom of Morocco", "MAR"),
    # documented decisions on ambiguous names
    ("Georgia", "GEO"),
    ("Jordan", "JOR"),
    ("Chad", "TCD"),
    ("Turkey", "TUR"),
    ("Türkiye", "TUR"),
    ("Turkiye", "TUR"),
    ("Holland", "NLD"),
    ("Ivory Coast", "CIV"),
    ("Côte d'Ivoire", "CIV"),
    ("Cote d'Ivoire", "CIV"),
    ("Congo", "COG"),
    ("Republic of the Congo", "COG"),
    ("Congolese", "COG"),
    ("DR Congo", "COD"),
    ("DRC", "COD"),
    ("Democratic Republic of the Congo", "COD"),
    ("Democratic Republic of Congo", "COD"),
    ("Kinshasa", "COD"),
    ("Emirates", "ARE"),
    ("UAE", "ARE"),
    ("United Arab Emirates", "ARE"),
    ("Vatican", "VAT"),
    ("Holy See", "VAT"),
    ("Kosovo", "XKX"),
    ("Soviet Union", "SUN"),
    ("USSR", "SUN"),
    ("Soviet", "SUN"),
    ("Yugoslavia", "YUG"),
    ("Czechoslovakia", "CSK"),
    ("East Germany", "DDR"),
    ("Dominican", "DOM"),
]


@pytest.mark.parametrize(("name", "code"), NAMES)
def test_country_code(name: str, code: str) -> None:
    assert country_code(name) == code


NOT_COUNTRIES = [
    "",
    "   ",
    "Europe",
    "the West",
    "NATO",
    "United Nations",
    "European Union",
    "Kashmir",
    "Jammu and Kashmir",
    "Gaza",
    "West Bank",
    "Middle East",
    "Africa",
    "Latin America",
    "Latin American",
    "North American",
    "African American",
    "Northern Ireland",
    "Washington Post",
    "Washington state",
    "New Mexico",
    "New Jersey",
    "South China Sea",
    "Indian Ocean",
    "former Yugoslavia",
    "former Soviet",
    "post-Soviet",
    "Indiana",
    "Frances",  # a name, not a slip for France
    "Columbia",  # more often the university or the district than Colombia
    "Male",  # Maldives' capital, but mostly an English word
    "us",  # the pronoun
    "Mali" + "a",  # too short to risk a spelling correction
    "Putin",
    "foreign minister",
]


@pytest.mark.parametrize("name", NOT_COUNTRIES)
def test_not_a_country(name: str) -> None:
    assert country_code(name) is None


def test_fuzzy_can_be_switched_off() -> None:
    assert country_code("Afganistan", fuzzy=False) is None


TEXTS = [
    ("Russian and US presidents", ["RUS", "USA"]),
    ("Russian-US summit", ["RUS", "USA"]),
    ("Russian–US summit", ["RUS", "USA"]),
    ("Moscow and Washington", ["RUS", "USA"]),
    ("U.S.-led talks with Iran", ["USA", "IRN"]),
    ("the Kremlin said Putin and Biden spoke", ["RUS"]),
    ("Pakistan on Wednesday summoned India’s charge d’affaires", ["PAK", "IND"]),
    ("Israel recalled its ambassadors to Norway, Ireland and Spain", ["ISR", "NOR", "IRL", "ESP"]),
    ("Speaking to reporters in the South Korean capital of Seoul", ["KOR"]),
    ("Chinese president Xi Jinping’s visit to India", ["CHN", "IND"]),
    ("People's Republic of China and the Republic of China", ["CHN", "TWN"]),
    ("Papua New Guinea and Guinea", ["PNG", "GIN"]),
    ("Sudan and South Sudan", ["SDN", "SSD"]),
    ("US, U.S., USA and America", ["USA"]),
    ("Latin American ministers met in Panama", ["PAN"]),
    ("a report in the Washington Post about Russia", ["RUS"]),
    ("Northern Ireland and Ireland", ["IRL"]),
    ("the former Soviet republic of Georgia", ["GEO"]),
    ("a peace settlement in former Yugoslavia", []),
    ("tensions in the South China Sea", []),
    # case: pronouns, verbs and birds are not states
    ("let us meet in the china shop over turkey", []),
    ("He told us", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "codes"), TEXTS)
def test_countries_in_text(text: str, codes: list[str]) -> None:
    assert countries_in_text(text) == codes


def test_misspellings_in_text_only_when_asked() -> None:
    text = "Quatar's emir met envoys from Afganistan and the Emirates."
    assert countries_in_text(text) == ["ARE"]
    assert countries_in_text(text, fuzzy=True) == ["QAT", "AFG", "ARE"]
    # Blocked names are not corrected into states.
    assert countries_in_text("students at Columbia", fuzzy=True) == []


def test_country_mentions_give_spans() -> None:
    text = "Moscow summoned the U.S. ambassador."
    mentions = country_mentions(text)
    assert [(m.text, m.value) for m in mentions] == [("Moscow", "RUS"), ("U.S.", "USA")]
    assert all(text[m.start : m.end] == m.text for m in mentions)


def test_countries_in_text_is_fast() -> None:
    sentence = (
        "U.S. Secretary of State Warren Christopher telephoned Russian Foreign Minister "
        "Andrei Kozyrev on Tuesday to discuss a peace settlement in former Yugoslavia."
    )
    countries_in_text(sentence)  # tables are built once
    start = time.perf_counter()
    for _ in range(500):
        countries_in_text(sentence)
    assert (time.perf_counter() - start) / 500 < 0.002


ORGANISATIONS = [
    ("UN", "United Nations"),
    ("U.N.", "United Nations"),
    ("the United Nations", "United Nations"),
    ("UN Security Council", "UN Security Council"),
    ("the U.N. Security Council's", "UN Security Council"),
    ("United Nations Security Council", "UN Security Council"),
    ("UN General Assembly", "UN General Assembly"),
    ("NATO", "NATO"),
    ("Nato", "NATO"),
    ("North Atlantic Treaty Organization", "NATO"),
    ("EU", "European Union"),
    ("E.U.", "European Union"),
    ("European Union", "European Union"),
    ("OSCE", "OSCE"),
    ("Arab League", "Arab League"),
    ("League of Arab States", "Arab League"),
    ("African Union", "African Union"),
    ("ASEAN", "ASEAN"),
    ("G7", "G7"),
    ("G-7", "G7"),
    ("G20", "G20"),
    ("G-20", "G20"),
    ("Group of 20", "G20"),
    ("IAEA", "IAEA"),
    ("International Atomic Energy Agency", "IAEA"),
    ("WHO", "WHO"),
    ("World Health Organization", "WHO"),
    ("Shanghai Cooperation Organisation", "SCO"),
    ("Gulf Cooperation Council", "GCC"),
]


@pytest.mark.parametrize(("name", "canonical"), ORGANISATIONS)
def test_organisation_name(name: str, canonical: str) -> None:
    assert organisation_name(name) == canonical


@pytest.mark.parametrize("name", ["who", "un", "Russia", "the Kremlin", "Europe", "Security Council", ""])
def test_not_an_organisation(name: str) -> None:
    assert organisation_name(name) is None


def test_organisations_in_text() -> None:
    text = "Iran told the IAEA and the UN Security Council, not the UN, who it would meet."
    assert organisations_in_text(text) == ["IAEA", "UN Security Council", "United Nations"]


def test_organisations_are_not_countries() -> None:
    for name, _ in ORGANISATIONS:
        assert country_code(name) is None, name
