"""Behavioural cases for extraction, in the manner of CheckList: for each kind
of event, each construction an outlet may use, with positive variants and
traps, and the rows each text must give. Written from
../shared/eval/GUIDELINES.md, not taken from the gold files.

A case is one short article: a headline line where the construction is a
headline, else one or two sentences. Its rows are all the rows it must give
(an empty list means no row of any kind). Countries are ISO alpha-3; for a
summons `by` is the summoning country and `of` the envoy's, for a recall
`by` is the recalling country and `at` the host. People, dates, media and
places are checked only where a case gives them. Articles are dated
Thursday 2021-03-18 unless a case says otherwise.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Row:
    kind: str
    status: str
    countries: frozenset[str] = frozenset()
    by: str | None = None
    other: str | None = None
    people: tuple[str, ...] = ()
    date: str | None = None
    medium: str | None = None
    location: str | None = None


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    rows: tuple[Row, ...] = ()
    published: str | None = "2021-03-18"
    notes: str = ""
    language: str = "en"
    kinds: tuple[str, ...] = field(default=())


def meeting(status: str, *countries: str, **fields) -> Row:
    return Row("meeting", status, frozenset(countries), **fields)


def call(status: str, *countries: str, **fields) -> Row:
    return Row("call", status, frozenset(countries), **fields)


def summons(status: str, by: str, of: str, **fields) -> Row:
    return Row("summons", status, frozenset({by, of}), by=by, other=of, **fields)


def recall(status: str, by: str, at: str, **fields) -> Row:
    return Row("recall", status, frozenset({by, at}), by=by, other=at, **fields)


def case(id: str, text: str, *rows: Row, **options) -> Case:
    return Case(id, text, tuple(rows), **options)


CASES: list[Case] = [
    # ------------------------------------------------------------------
    # Meetings: plain statements
    case("meet/verb", "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Monday.",
         meeting("occurred", "FRA", "DEU", people=("Emmanuel Macron", "Olaf Scholz"), date="2021-03-15", location="Berlin")),
    case("meet/with", "Indian Foreign Minister S. Jaishankar met with his Australian counterpart Penny Wong on Tuesday.",
         meeting("occurred", "IND", "AUS", date="2021-03-16")),
    case("meet/visit-country", "Japanese Prime Minister Yoshihide Suga visited Indonesia last week.",
         meeting("occurred", "JPN", "IDN", date="2021-03-08")),
    case("meet/visit-noun", "Kenyan President Uhuru Kenyatta arrived in Kampala on Wednesday for a two-day state visit.",
         meeting("occurred", "KEN", "UGA")),
    case("meet/host", "Egyptian President Abdel Fattah al-Sisi hosted King Abdullah of Jordan in Cairo on Sunday.",
         meeting("occurred", "EGY", "JOR", location="Cairo")),
    case("meet/receive", "Chinese President Xi Jinping received Pakistani Prime Minister Imran Khan in Beijing.",
         meeting("occurred", "CHN", "PAK", location="Beijing")),
    case("meet/held-talks", "The foreign ministers of Greece and Turkey held talks in Ankara on Monday.",
         meeting("occurred", "GRC", "TUR", location="Ankara")),
    case("meet/light-verb-visit", "Canadian Prime Minister Justin Trudeau paid an official visit to Mexico in February.",
         meeting("occurred", "CAN", "MEX")),
    case("meet/courtesy-call", "The new Brazilian ambassador paid a courtesy call on Nigerian Foreign Minister Geoffrey Onyeama on Tuesday.",
         meeting("occurred", "BRA", "NGA")),
    case("meet/sit-down", "US Secretary of State Antony Blinken sat down with Chinese diplomat Yang Jiechi in Alaska.",
         meeting("occurred", "USA", "CHN")),
    case("meet/summit-between", "A summit between the leaders of Russia and Turkey took place in Sochi on Wednesday.",
         meeting("occurred", "RUS", "TUR", location="Sochi")),
    case("meet/hyphen-summit", "The India-China summit in Wuhan ended with a pledge to keep the border calm.",
         meeting("occurred", "IND", "CHN", location="Wuhan")),
    case("meet/sidelines", "Italian Prime Minister Mario Draghi met South African President Cyril Ramaphosa on the sidelines of the G20 summit in Rome.",
         meeting("occurred", "ITA", "ZAF")),
    case("meet/multilateral-one-row", "Leaders of the European Union met in Brussels on Thursday for a two-day summit on migration.",
         meeting("occurred")),
    case("meet/io", "UN Secretary-General Antonio Guterres met Ethiopian Prime Minister Abiy Ahmed in Addis Ababa.",
         meeting("occurred", "ETH", location="Addis Ababa")),
    case("meet/delegation", "A delegation from North Korea held talks with South Korean officials at Panmunjom on Friday.",
         meeting("occurred", "PRK", "KOR")),
    case("meet/three-countries", "The foreign ministers of France, Germany and Poland met in Weimar on Tuesday.",
         meeting("occurred", "FRA", "DEU", "POL", location="Weimar")),
    case("meet/two-visits", "Vietnamese Prime Minister Pham Minh Chinh will visit Laos and Cambodia next month.",
         meeting("planned", "VNM", "LAO"), meeting("planned", "VNM", "KHM")),
    # Meetings: passives
    case("meet/passive-received", "Polish President Andrzej Duda was received by Pope Francis at the Vatican on Monday.",
         meeting("occurred", "POL", "VAT")),
    case("meet/passive-hosted", "The talks between Armenia and Azerbaijan were hosted by Russia in Moscow.",
         meeting("occurred", "ARM", "AZE", "RUS", location="Moscow")),
    case("meet/passive-welcomed", "The Saudi foreign minister was welcomed in Tehran by his Iranian counterpart on Saturday.",
         meeting("occurred", "SAU", "IRN", location="Tehran")),
    # Meetings: status
    case("meet/planned-will", "Russian President Vladimir Putin and US President Joe Biden will meet in Geneva on June 16.",
         meeting("planned", "RUS", "USA", location="Geneva")),
    case("meet/planned-due", "German Chancellor Angela Merkel is due to visit Washington next week.",
         meeting("planned", "DEU", "USA")),
    case("meet/planned-scheduled", "Talks between Serbia and Kosovo are scheduled for Monday in Brussels.",
         meeting("planned", "SRB", "XKX", location="Brussels")),
    case("meet/proposed-would-like", "The Ukrainian president said he would like to meet the Russian president in person.",
         meeting("proposed", "UKR", "RUS")),
    case("meet/proposed-offered", "Qatar has offered to host talks between Afghanistan and Pakistan.",
         meeting("proposed", "AFG", "PAK", "QAT")),
    case("meet/proposed-not-ruled-out", "The Japanese prime minister has not ruled out a meeting with the North Korean leader.",
         meeting("proposed", "JPN", "PRK")),
    case("meet/proposed-considering", "Brazilian President Jair Bolsonaro is considering a visit to Israel.",
         meeting("proposed", "BRA", "ISR")),
    case("meet/proposed-if", "Iran's foreign minister will travel to Riyadh if the talks make progress, officials said.",
         meeting("proposed", "IRN", "SAU")),
    case("meet/not-refused", "The Palestinian president refused to meet the US envoy in Ramallah.",
         meeting("not_occurred", "PSE", "USA")),
    case("meet/not-cancelled", "A summit between Japan and South Korea planned for next month has been cancelled.",
         meeting("not_occurred", "JPN", "KOR")),
    case("meet/not-postponed", "Indian Prime Minister Narendra Modi postponed his visit to Bangladesh because of the pandemic.",
         meeting("not_occurred", "IND", "BGD")),
    case("meet/not-denied", "The Sudanese army chief denied that he had met Israeli officials in Uganda.",
         meeting("not_occurred", "SDN", "ISR")),
    case("meet/not-did-not", "The presidents of Chile and Bolivia did not meet at the summit in Lima.",
         meeting("not_occurred", "CHL", "BOL")),
    case("meet/not-supposed-to", "The foreign ministers of Peru and Ecuador were supposed to meet on Friday.",
         meeting("not_occurred", "PER", "ECU")),
    case("meet/not-called-off", "North Korea called off talks with South Korea planned for Wednesday.",
         meeting("not_occurred", "PRK", "KOR")),
    case("meet/nominal-is-held", "Talks between Ethiopia, Egypt and Sudan on the Nile dam resumed in Kinshasa on Sunday.",
         meeting("occurred", "ETH", "EGY", "SDN", location="Kinshasa")),
    # Meetings: headlines
    case("meet/headline-meet", "Modi, Biden Meet At White House\nThe two leaders discussed trade and defence in Washington on Friday.",
         meeting("occurred", "IND", "USA")),
    case("meet/headline-to-visit", "Erdogan To Visit Qatar Next Week\nThe Turkish president will hold talks with the emir in Doha.",
         meeting("planned", "TUR", "QAT")),
    case("meet/headline-talks", "Sudan And South Sudan Hold Border Talks\nOfficials from the two countries met in Juba on Monday.",
         meeting("occurred", "SDN", "SSD")),
    # Meetings: who can be a side (traps)
    case("meet/trap-football", "Spain meet Sweden in the World Cup semi-final in Auckland on Tuesday.", notes="national teams"),
    case("meet/trap-football-host", "Brazil host Argentina at the Maracana in a World Cup qualifier on Thursday night.", notes="national teams"),
    case("meet/trap-tennis", "Murray will meet the Serbian third seed in the second round at Wimbledon.", notes="players"),
    case("meet/trap-rugby", "France welcomed England to Paris for the final round of the Six Nations, winning 25-17.", notes="teams"),
    case("meet/trap-cricket", "India will visit Australia for a five-match Test series in December.", notes="cricket tour"),
    case("meet/trap-company", "The chief executives of Airbus and Boeing met in Toulouse to discuss supply chains.", notes="companies"),
    case("meet/trap-product", "Samsung unveiled the Galaxy Summit phone at an event in Seoul on Tuesday.", notes="product name"),
    case("meet/trap-industry-conference", "More than 3,000 developers attended the Cloud Native Summit in Amsterdam this week.", notes="industry conference"),
    case("meet/trap-celebrity", "Pop star Taylor Swift visited Japan last month as part of her world tour.", notes="celebrity"),
    case("meet/trap-royal-private", "Prince Harry and his wife met fans in Manchester on Sunday.", notes="private royals"),
    case("meet/trap-cabinet", "The Pakistani prime minister chaired a meeting of the federal cabinet in Islamabad on Monday.", notes="own government"),
    case("meet/trap-same-country", "Indian Prime Minister Narendra Modi met the chief ministers of several Indian states in New Delhi.", notes="one country"),
    case("meet/trap-same-country-2", "The French president met his prime minister at the Elysee on Tuesday.", notes="one country"),
    case("meet/trap-press-conference", "The Kenyan foreign minister held a press conference in Nairobi on Tuesday.", notes="press conference"),
    case("meet/trap-meet-demands", "The new measures meet the demands of the International Monetary Fund.", notes="meet = satisfy"),
    case("meet/trap-website", "Visitors can visit the website of the ministry for more information.", notes="website"),
    case("meet/trap-private", "The singer met her future husband at a party in London in 2015.", notes="private people"),
    case("meet/trap-patient", "The doctor visited the patient at his home in Ohio on Tuesday.", notes="private"),
    case("meet/trap-rally", "Thousands of supporters met the opposition leader at a rally in Caracas.", notes="rally"),
    case("meet/trap-court", "The former president appeared before a court hearing in Johannesburg on Monday.", notes="court"),
    case("meet/trap-interview", "The Iranian foreign minister gave an interview to CNN in New York.", notes="interview"),
    case("meet/trap-business-visit", "Apple chief executive Tim Cook visited China last week to meet suppliers.", notes="company visit"),
    case("meet/trap-recall-meeting", "The ambassador said he could not recall ever meeting the businessman.", notes="private person"),
    # ------------------------------------------------------------------
    # Calls
    case("call/phone-with", "German Chancellor Angela Merkel spoke by phone with Russian President Vladimir Putin on Tuesday.",
         call("occurred", "DEU", "RUS", medium="telephone", date="2021-03-16")),
    case("call/telephoned", "British Foreign Secretary Dominic Raab telephoned his Indian counterpart on Monday.",
         call("occurred", "GBR", "IND", medium="telephone")),
    case("call/held-call", "Egyptian President Abdel Fattah al-Sisi held a phone call with Kenyan President Uhuru Kenyatta.",
         call("occurred", "EGY", "KEN", medium="telephone")),
    case("call/telephone-conversation", "In a telephone conversation with the Chilean president, the Argentine leader discussed vaccines.",
         call("occurred", "CHL", "ARG", medium="telephone")),
    case("call/phone-talks", "The prime ministers of Spain and Portugal held phone talks on Wednesday.",
         call("occurred", "ESP", "PRT", medium="telephone")),
    case("call/video-call", "Chinese Premier Li Keqiang held a video call with German Chancellor Angela Merkel.",
         call("occurred", "CHN", "DEU", medium="video")),
    case("call/virtual-summit", "US President Joe Biden and Chinese President Xi Jinping held a virtual summit on Monday.",
         call("occurred", "USA", "CHN", medium="video")),
    case("call/called-to-congratulate", "Turkish President Recep Tayyip Erdogan called Israeli President Isaac Herzog to congratulate him.",
         call("occurred", "TUR", "ISR", medium="telephone")),
    case("call/phoned", "The Pakistani prime minister phoned the Saudi crown prince on Friday.",
         call("occurred", "PAK", "SAU", medium="telephone")),
    case("call/spoke-counterpart", "Australian Foreign Minister Marise Payne spoke by telephone with her New Zealand counterpart.",
         call("occurred", "AUS", "NZL", medium="telephone")),
    case("call/noun-subject", "The call between the Japanese and South Korean foreign ministers lasted 40 minutes.",
         call("occurred", "JPN", "KOR")),
    case("call/passive", "The Iraqi prime minister was called by the Iranian president on Sunday.",
         call("occurred", "IRQ", "IRN")),
    case("call/planned", "The presidents of France and Russia will speak by phone on Friday, the Elysee said.",
         call("planned", "FRA", "RUS")),
    case("call/planned-expected", "Biden is expected to hold a phone call with Chinese President Xi Jinping next week.",
         call("planned", "USA", "CHN")),
    case("call/proposed-wants", "The Ukrainian president wants to speak by phone with the Chinese president.",
         call("proposed", "UKR", "CHN")),
    case("call/not-refused", "The Venezuelan president refused to take a phone call from the Colombian president.",
         call("not_occurred", "VEN", "COL")),
    case("call/not-denied", "The Kremlin denied that Putin had held a phone call with the Ukrainian president.",
         call("not_occurred", "RUS", "UKR")),
    case("call/not-supposed", "The foreign ministers of India and Pakistan were supposed to talk by phone on Friday.",
         call("not_occurred", "IND", "PAK")),
    case("call/not-yet", "The new US president has yet to call the Israeli prime minister.",
         call("not_occurred", "USA", "ISR")),
    case("call/headline", "Biden, Putin Hold Phone Call Amid Tensions\nThe two presidents spoke for an hour on Tuesday.",
         call("occurred", "USA", "RUS")),
    case("call/headline-calls", "Indian PM Calls Nepal Counterpart\nModi spoke with the Nepalese prime minister by telephone on Monday.",
         call("occurred", "IND", "NPL")),
    # Calls: traps
    case("call/trap-called-on", "The United States called on Russia to release the jailed opposition leader.", notes="appeal"),
    case("call/trap-called-name", "The Turkish president called the French president a disgrace.", notes="insult"),
    case("call/trap-calls-for", "The UN chief renewed calls for a ceasefire in Yemen.", notes="appeal"),
    case("call/trap-told-by-phone", "A senior Libyan official told Reuters by phone that the talks had stalled.", notes="reporter's call"),
    case("call/trap-same-country", "The French president spoke by phone with his prime minister on Sunday.", notes="one country"),
    case("call/trap-earnings", "Tesla executives told analysts on an earnings call that deliveries would rise.", notes="company call"),
    case("call/trap-company", "The Apple chief executive held a call with Samsung's chairman about chip supplies.", notes="companies"),
    case("call/trap-doctor", "The doctor called the patient's family on Tuesday evening.", notes="private"),
    case("call/trap-election", "The Japanese prime minister called a snap election for October.", notes="calling an election"),
    case("call/trap-close-call", "It was a close call for the Chilean goalkeeper in the second half.", notes="idiom"),
    case("call/trap-prosecutor", "The prosecutor spoke with the witness by phone before the trial.", notes="private"),
    case("call/trap-leaked", "A leaked phone call between two American diplomats caused a stir in Kyiv.", notes="same country, private"),
    case("call/trap-called-it", "The German chancellor called the attack an act of terror.", notes="called X Y"),
    case("call/trap-call-center", "The airline's call centre in Manila was flooded with complaints.", notes="compound"),
    # ------------------------------------------------------------------
    # Summonses
    case("summons/verb", "The Chinese foreign ministry summoned the Japanese ambassador on Tuesday to protest.",
         summons("occurred", "CHN", "JPN", date="2021-03-16")),
    case("summons/charge", "Pakistan summoned India's charge d'affaires on Wednesday over the killing of civilians.",
         summons("occurred", "PAK", "IND")),
    case("summons/called-in", "The German foreign ministry called in the Russian ambassador on Friday.",
         summons("occurred", "DEU", "RUS")),
    case("summons/convoked", "Spain convoked the Moroccan ambassador in Madrid to protest the migrant crossings.",
         summons("occurred", "ESP", "MAR")),
    case("summons/passive", "The Iranian ambassador was summoned to the Foreign Office in London on Monday.",
         summons("occurred", "GBR", "IRN")),
    case("summons/passive-by", "The US charge d'affaires was summoned by the Russian foreign ministry on Thursday.",
         summons("occurred", "RUS", "USA")),
    case("summons/high-commissioner", "Bangladesh summoned the Indian high commissioner in Dhaka on Sunday.",
         summons("occurred", "BGD", "IND")),
    case("summons/deputy-chief", "Beijing summoned the deputy chief of mission of the US embassy on Monday.",
         summons("occurred", "CHN", "USA")),
    case("summons/nominal-summoning", "The Turkish foreign ministry ordered the summoning of the Greek ambassador.",
         summons("occurred", "TUR", "GRC")),
    case("summons/nominal-summons-of", "The summons of the Belarusian envoy by the Lithuanian foreign ministry came after the border incident.",
         summons("occurred", "LTU", "BLR")),
    case("summons/envoy-name-apposition", "The Dutch foreign ministry summoned the Turkish ambassador, Sadik Arslan, on Monday.",
         summons("occurred", "NLD", "TUR", people=("Sadik Arslan",))),
    case("summons/envoy-name-title", "Poland summoned Russian Ambassador Sergei Andreev on Tuesday.",
         summons("occurred", "POL", "RUS", people=("Sergei Andreev",))),
    case("summons/envoy-to", "Algeria summoned the French ambassador to Algiers, Francois Gouyette, on Saturday.",
         summons("occurred", "DZA", "FRA", people=("Francois Gouyette",))),
    case("summons/three-envoys", "Russia summoned the ambassadors of Poland, Lithuania and Latvia on Wednesday.",
         summons("occurred", "RUS", "POL"), summons("occurred", "RUS", "LTU"), summons("occurred", "RUS", "LVA")),
    case("summons/two-adjectives", "Iran summoned the British and German ambassadors on Sunday.",
         summons("occurred", "IRN", "GBR"), summons("occurred", "IRN", "DEU")),
    case("summons/two-summoners", "Germany and France summoned the Russian ambassadors in Berlin and Paris on Monday.",
         summons("occurred", "DEU", "RUS"), summons("occurred", "FRA", "RUS")),
    case("summons/passive-envoys", "The ambassadors of Sweden, Norway and Denmark were summoned to the Russian foreign ministry.",
         summons("occurred", "RUS", "SWE"), summons("occurred", "RUS", "NOR"), summons("occurred", "RUS", "DNK")),
    case("summons/planned-will", "The Greek foreign ministry will summon the Turkish ambassador on Monday.",
         summons("planned", "GRC", "TUR")),
    case("summons/planned-said-would", "Italy said it would summon the Egyptian ambassador over the case.",
         summons("planned", "ITA", "EGY")),
    case("summons/proposed-threatened", "Lithuania threatened to summon the Chinese envoy if the trade curbs continued.",
         summons("proposed", "LTU", "CHN")),
    case("summons/proposed-could", "The Czech government could summon the Russian ambassador, a minister said.",
         summons("proposed", "CZE", "RUS")),
    case("summons/not-denied", "The Somali foreign ministry denied that it had summoned the Kenyan ambassador.",
         summons("not_occurred", "SOM", "KEN")),
    case("summons/not-has-not", "Australia has not summoned the Chinese ambassador, the foreign minister said.",
         summons("not_occurred", "AUS", "CHN")),
    case("summons/headline", "India Summons Pakistani Envoy Over Ceasefire Violations\nThe envoy was handed a strong protest.",
         summons("occurred", "IND", "PAK")),
    case("summons/headline-will", "Japan Will Summon Chinese Ambassador\nTokyo said the envoy would be summoned over the coast guard incident.",
         summons("planned", "JPN", "CHN")),
    case("summons/headline-body-one-row", "Sweden summons Iranian ambassador\nSweden's foreign ministry summoned the Iranian ambassador on Tuesday over the sentence.",
         summons("occurred", "SWE", "IRN")),
    case("summons/called-into", "The North Korean ambassador was called into the Australian Department of Foreign Affairs in Canberra on Friday.",
         summons("occurred", "AUS", "PRK")),
    # Summonses: traps
    case("summons/trap-court", "The former minister was summoned to appear in court in Lahore next week.", notes="court"),
    case("summons/trap-court-subject", "A Paris court summoned the former Gabonese president's son for questioning.", notes="court"),
    case("summons/trap-own-envoy", "Moscow summoned its ambassador in Washington for consultations.",
         recall("occurred", "RUS", "USA"), notes="a recall, whatever the verb"),
    case("summons/trap-courage", "The Ukrainian president summoned the courage to speak in Russian.", notes="idiom"),
    case("summons/trap-cabinet", "The Lebanese president summoned the ministers to an emergency cabinet session.", notes="own government"),
    case("summons/trap-police", "Police summoned an ambulance after the ambassador's car crashed.", notes="not a diplomat"),
    case("summons/trap-parliament", "Parliament summoned the defence minister to explain the purchase.", notes="domestic"),
    case("summons/trap-bankers", "The central bank summoned the heads of the country's largest banks.", notes="domestic"),
    case("summons/trap-expelled", "Norway expelled three Russian diplomats on Thursday.", notes="expulsion"),
    case("summons/trap-ordered-leave", "Mali ordered the French ambassador to leave the country within 72 hours.", notes="expulsion"),
    # ------------------------------------------------------------------
    # Recalls
    case("recall/verb", "Algeria recalled its ambassador to France for consultations on Saturday.",
         recall("occurred", "DZA", "FRA")),
    case("recall/withdrew", "Saudi Arabia withdrew its ambassador from Lebanon on Friday.",
         recall("occurred", "SAU", "LBN")),
    case("recall/called-home", "Ukraine called its envoy home from Minsk after the incident.",
         recall("occurred", "UKR", "BLR")),
    case("recall/called-back", "Greece called back its ambassador from Libya on Tuesday.",
         recall("occurred", "GRC", "LBY")),
    case("recall/brought-home", "The Netherlands brought its ambassador home from Iran after the killing.",
         recall("occurred", "NLD", "IRN")),
    case("recall/pulled-out", "Turkey pulled out its ambassador from Israel on Tuesday.",
         recall("occurred", "TUR", "ISR")),
    case("recall/pulled", "Canada pulled its envoy from Caracas last week.",
         recall("occurred", "CAN", "VEN")),
    case("recall/nominal-ordered", "The Bolivian president ordered the immediate recall of his country's ambassador to Chile.",
         recall("occurred", "BOL", "CHL")),
    case("recall/nominal-announced", "Colombia announced the recall of its ambassador in Caracas on Monday.",
         recall("occurred", "COL", "VEN")),
    case("recall/passive", "The Israeli ambassador to Turkey was recalled to Jerusalem for consultations.",
         recall("occurred", "ISR", "TUR")),
    case("recall/envoy-name", "Mexico recalled its ambassador to Peru, Pablo Monroy, on Wednesday.",
         recall("occurred", "MEX", "PER", people=("Pablo Monroy",))),
    case("recall/envoy-name-title", "Honduras recalled Ambassador Maria Luisa Castillo from Nicaragua.",
         recall("occurred", "HND", "NIC", people=("Maria Luisa Castillo",))),
    case("recall/coordinated-subjects", "Peru and Chile recalled their ambassadors from Venezuela on Monday.",
         recall("occurred", "PER", "VEN"), recall("occurred", "CHL", "VEN")),
    case("recall/two-hosts", "Argentina recalled its ambassadors to Chile and Bolivia for consultations.",
         recall("occurred", "ARG", "CHL"), recall("occurred", "ARG", "BOL")),
    case("recall/three-hosts", "Morocco recalled its ambassadors to Sweden, Germany and Iran on Thursday.",
         recall("occurred", "MAR", "SWE"), recall("occurred", "MAR", "DEU"), recall("occurred", "MAR", "IRN")),
    case("recall/group-listed", "Gulf states recalled their envoys from Lebanon on Saturday. Saudi Arabia, Bahrain and Kuwait said their ambassadors would return home within 48 hours.",
         recall("occurred", "SAU", "LBN"), recall("occurred", "BHR", "LBN"), recall("occurred", "KWT", "LBN")),
    case("recall/planned-will", "Rwanda will recall its ambassador to Belgium next week, the ministry said.",
         recall("planned", "RWA", "BEL")),
    case("recall/planned-would", "Jordan said it would call its ambassador back from Tel Aviv.",
         recall("planned", "JOR", "ISR")),
    case("recall/proposed-threatened", "Turkey threatened to recall its ambassador from Washington over the vote.",
         recall("proposed", "TUR", "USA")),
    case("recall/proposed-threatened-bring-home", "South Africa threatened to bring its envoy home from Israel.",
         recall("proposed", "ZAF", "ISR")),
    case("recall/proposed-considering", "Ireland is considering recalling its ambassador to Russia.",
         recall("proposed", "IRL", "RUS")),
    case("recall/not-refused", "Hungary refused to recall its ambassador from Minsk.",
         recall("not_occurred", "HUN", "BLR")),
    case("recall/not-would-not", "Spain said it would not pull out its envoy from Venezuela.",
         recall("not_occurred", "ESP", "VEN")),
    case("recall/not-denied", "The Somali government denied that its ambassador to Kenya had been recalled.",
         recall("not_occurred", "SOM", "KEN")),
    case("recall/headline", "Ecuador Recalls Ambassador From Mexico\nThe foreign ministry said the envoy would return to Quito.",
         recall("occurred", "ECU", "MEX")),
    case("recall/headline-pull", "Colombia, Chile Pull Ambassadors From Managua\nBoth governments cited the crackdown.",
         recall("occurred", "COL", "NIC"), recall("occurred", "CHL", "NIC")),
    case("recall/two-dates-two-rows", "France recalled its ambassador to Italy on Thursday. It last recalled an ambassador to Italy in 1940.",
         recall("occurred", "FRA", "ITA", date="2021-03-18"), recall("occurred", "FRA", "ITA", date="1940")),
    # Recalls: traps
    case("recall/trap-product", "Toyota recalled 50,000 cars in the United States over faulty airbags.", notes="product recall"),
    case("recall/trap-recalled-that", "The ambassador recalled that the talks had been tense.", notes="remembering"),
    case("recall/trap-memory", "The former envoy recalled his years in Moscow with fondness.", notes="remembering"),
    case("recall/trap-expel", "Estonia expelled a Russian diplomat on Monday.", notes="expulsion"),
    case("recall/trap-withdraw-troops", "The United States withdrew its troops from Afghanistan in August.", notes="troops"),
    case("recall/trap-withdraw-bid", "Canada withdrew its bid to host the 2030 Games.", notes="bid"),
    case("recall/trap-recall-election", "Voters in California rejected the recall of Governor Gavin Newsom.", notes="recall election"),
    case("recall/trap-food", "The company recalled peanut butter sold in Kenya.", notes="product"),
    # Groups named in a headline and listed in the body
    case("recall/group-headline", "Gulf States Recall Envoys To Lebanon\nSaudi Arabia, the United Arab Emirates and Bahrain recalled their ambassadors from Beirut on Friday.",
         recall("occurred", "SAU", "LBN"), recall("occurred", "ARE", "LBN"), recall("occurred", "BHR", "LBN")),
    case("recall/group-western", "Western governments recalled their ambassadors from Damascus on Tuesday. The United States, Britain and France said the envoys would stay home.",
         recall("occurred", "USA", "SYR"), recall("occurred", "GBR", "SYR"), recall("occurred", "FRA", "SYR")),
    case("recall/group-unlisted", "Several European countries recalled their ambassadors from Minsk on Monday.", notes="no state named: no row"),
    case("summons/group-envoys", "The Chinese foreign ministry summoned the envoys of the G7 countries on Monday.", notes="members not named"),
    # More traps from a feed of every topic
    case("meet/trap-earnings-meeting", "Shareholders of the Japanese carmaker met in Tokyo to approve the merger.", notes="company meeting"),
    case("meet/trap-board-visit", "The board of the German bank visited its branches in Poland last week.", notes="company"),
    case("meet/trap-band-tour", "The British band will visit Argentina and Chile on its world tour next year.", notes="private"),
    case("meet/trap-teams-friendly", "England meet Italy in a friendly match at Wembley on Saturday.", notes="teams"),
    case("meet/trap-olympics", "Athletes from Kenya and Ethiopia met in the final of the 10,000 metres at the Olympics.", notes="sport"),
    case("meet/trap-scientists", "Scientists from Brazil and Norway met in Oslo to share data on the Amazon rainforest.", notes="private people"),
    case("meet/trap-family", "The prince's family visited Scotland for the summer holidays.", notes="private"),
    case("meet/trap-rebels", "Rebel commanders met in the jungle to plan the offensive.", notes="no state"),
    case("call/trap-fan-call", "The singer called a fan in Mexico after the concert.", notes="private"),
    case("call/trap-coach", "The Brazilian coach spoke by phone with the Argentine striker about the transfer.", notes="sport"),
    case("summons/trap-club", "The football club summoned the players to an emergency meeting.", notes="not a diplomat"),
    case("recall/trap-car-envoy", "Honda recalled its Accord model in Canada on Monday.", notes="product"),
    # More positives: titles and places that stand for a state
    case("meet/kremlin-white-house", "The Kremlin said Putin would meet the US president in Helsinki next month.",
         meeting("planned", "RUS", "USA", location="Helsinki")),
    case("call/ministry-counterpart", "Japan's foreign minister spoke by phone with her Chinese counterpart on Monday.",
         call("occurred", "JPN", "CHN")),
    case("summons/capital-actor", "Ankara summoned the Dutch charge d'affaires on Sunday over the rally ban.",
         summons("occurred", "TUR", "NLD")),
    case("recall/capital-actor", "Paris recalled its ambassador to Canberra after the submarine deal collapsed.",
         recall("occurred", "FRA", "AUS")),
    case("meet/io-nato", "NATO Secretary-General Jens Stoltenberg met Turkish President Recep Tayyip Erdogan in Ankara.",
         meeting("occurred", "TUR", location="Ankara")),
    case("meet/visit-capital", "The Chinese foreign minister arrived in Islamabad on Sunday for talks with Pakistani leaders.",
         meeting("occurred", "CHN", "PAK", location="Islamabad")),
    # ------------------------------------------------------------------
    # Articles: merging, dates, language
    case("merge/headline-body-meeting", "Macron Meets Scholz In Paris\nFrench President Emmanuel Macron met German Chancellor Olaf Scholz in Paris on Tuesday.",
         meeting("occurred", "FRA", "DEU")),
    case("merge/two-calls-two-dates", "Putin spoke by phone with Macron on Monday. The two presidents spoke again by phone on Wednesday.",
         call("occurred", "RUS", "FRA", date="2021-03-15"), call("occurred", "RUS", "FRA", date="2021-03-17")),
    case("merge/headline-body-recall", "Peru Recalls Ambassador From Mexico\nPeru recalled its ambassador to Mexico on Wednesday after the Mexican president's remarks.",
         recall("occurred", "PER", "MEX")),
    case("merge/headline-role-body-name", "Indian PM postpones trip to Norway and Denmark\nPrime Minister Narendra Modi has postponed his official trip to Norway and Denmark.",
         meeting("not_occurred", "IND", "NOR", "DNK")),
    case("merge/two-visits-two-years", "German Chancellor Olaf Scholz visited Japan in April 2022. He visited Japan again in July 2023.",
         meeting("occurred", "DEU", "JPN", date="2022-04"), meeting("occurred", "DEU", "JPN", date="2023-07")),
    case("merge/same-meeting-twice", "Chinese Foreign Minister Wang Yi met Iranian Foreign Minister Javad Zarif in Tehran on Saturday. The meeting lasted two hours.",
         meeting("occurred", "CHN", "IRN")),
    case("lang/spanish", "El presidente de Argentina se reunió con el presidente de Chile en Santiago el lunes para hablar de comercio.",
         language="es"),
    case("lang/french", "Le ministre français des Affaires étrangères a rencontré son homologue allemand à Berlin mardi.",
         language="fr"),
]
