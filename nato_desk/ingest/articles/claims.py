"""Percentage-of-GDP claims in an article: which ally or group, what level, which year.

``find_claims(article, members)`` proposes every defence-spending percentage
of GDP the article states, as ``ClaimProposal``s pointing at their sentence.
The rules, in the order they are applied to each percentage
(``numbers.find_percentages`` finds them in every spelling):

Is it a defence-spending share of GDP?  (else: not a claim)
  * Refused outright: a change, not a level ("by 2%", "rose 10%", "a 10%
    increase", "up 3%"); a share of something other than GDP ("20% of its
    budget", "60% of respondents"); a percentage next to a non-defence word
    (tariff, poll, growth, inflation, turnout, interest rate, unemployment,
    approval, vote, deficit, debt, tax, ...) with no defence word nearer.
  * Taken, with the frame as the reason: "of GDP" in any spelling (of gross
    domestic product, of economic output, of national income, of the/its
    economy, of their nations' economies) with a defence word (defence,
    military, armed forces, NATO, alliance, arms, ...) or "spending"/"budget"
    in the sentence; or a defence-spending frame without "of GDP": "the 5%
    target", "a goal of 3.5%", "spend 2% on defence", "2% defence spending",
    "3.5% spending" with a defence word in the sentence (confidence 0.8) or in
    the paragraph or the article's title (0.6).
  * Taken at low confidence (0.45): the same figure already claimed earlier in
    the article, reached again without saying what of ("reaching 3.5% in the
    next ten years would be challenging"), when nothing non-defence is near.

Whose?
  * A bounded target ("the 5% target", "the goal of 3.5%", "NATO's 2%
    guideline") is the alliance's: group "NATO allies", kind target, unless
    an ally meets or reaches it ("Canada will meet the 2% target" -> Canada).
  * Otherwise the nearest preceding ally, group or other country in the same
    sentence: an ally's name or alias (United States/US/U.S./America/
    Washington, Britain/UK/London, Turkey/Türkiye, Czech Republic, Dutch...),
    its adjective or demonym (Spanish, Spaniards), its capital as metonym
    (Madrid; not Brussels or The Hague, which name NATO/EU and the summit);
    a group ("NATO allies", "European allies", "the Baltic states", "all
    members"); "Spain, Belgium and Canada" gives one claim each. Bare "NATO"
    and "the alliance" count only when no ally precedes them. A following
    percentage joined by "alongside", "and", "plus" keeps its owner.
  * No owner before it: the first one after it in the sentence (0.8 x).
  * None in the sentence: the paragraph's last-named ally (0.6 x), then the
    title's only ally (0.5 x); else the claim is proposed with no owner (0.3 x).
  * A figure said of a country that is not an ally (Russia, Ukraine, ...) is
    not proposed; such a country named in passing ("after Russia invaded
    Ukraine") is no owner.
  * A speaker's nationality ("US Secretary of State Rubio told NATO to...")
    and a group as predicate ("became the first NATO countries") are second
    to any other owner; "the Baltic state", "his country" is the ally named
    last; "the British newspaper" is the press, not the ally.
  * "Poland (4.48%)": a figure in brackets after a name, in a defence paragraph.
  * A fiscal rule's threshold ("outlays that exceed 1% of GDP will be exempt
    from the debt brake") is no claim.

Which year?  The year nearest the figure in its part of the sentence
  ("in 2024", "by 2035", "2025's budget", "for 2026"), else any in the
  sentence; a year after "since", "agreed in", "set in" is when a target was
  set, not its year. "this year"/"last year"/"next year", "currently",
  "now" are resolved against ``article.published`` (``None`` when the date is
  unknown); "within a decade", "in the next ten years", "in five years" count
  from the article's year (published year + n). A current figure in the
  present tense with no year takes its paragraph's "as of YYYY", else the
  article's year; a current figure never takes a future year.

Which measure?  "core" -> core; "related", "defence-related",
  "security-related", "infrastructure", "resilience" -> related; "total",
  "overall", "in all" -> total; else "".

Which kind?  The cue word nearest the figure in its part of the sentence, else
  in the sentence:
  * current: spends, spent, spending of, is at, stood at, reached, hit, rose
    to, amounts to, accounts for, currently, a past year;
  * target: target, goal, guideline, benchmark, threshold, pledge,
    commitment, agreed, aim, demand, call for, urge, should, must, require;
  * plan: plans, will, intends, expects, is set to, on track, budget for a
    future year, "by <year>" for one ally.
  A target word owned by the ally itself ("his government's commitment to
  2.1%", "Canada's own goal") is that ally's national intention: plan. A
  group's plan is a target. With no cue: a future year -> plan (ally) or
  target (group), else current (ally) or target (group).

Ranges ("between 2 and 3 percent", "2-3%") propose both bounds, each at 0.8 x
confidence with the range in the reason; "from 1.3% to 2%" proposes the
starting level as current and the end as what the sentence says.
Identical proposals (same owner, value, measure, year, kind) are proposed
once, at their first sentence. Pure: no I/O.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from nato_desk.domain import Member
from nato_desk.ingest.articles.model import ArticleText, ClaimProposal
from nato_desk.ingest.articles.numbers import Percentage, find_percentages

__all__ = ["find_claims", "sentences"]

UNIT = "% of GDP"
NATO_ALLIES = "NATO allies"

# ---------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st gen lt col sen rep gov prof no jan feb mar apr jun jul aug sep sept oct nov dec "
    "e.g i.e vs approx etc inc corp co ltd jr sr adm maj capt sgt u.s u.k u.n e.u u.s.a p.m a.m".split())
_BOUNDARY = re.compile(r"[.!?]+[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9À-Ý])")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of ``text`` (a paragraph), trimmed of spaces."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        before = text[start: match.start() + 1].split()
        last = before[-1].rstrip(".").casefold() if before else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue  # "U.S. President", "Gen. Smith", "J. Smith"
        end = match.end()
        spans.append((start, len(text[:end].rstrip())))
        start = end
    if text[start:].strip():
        spans.append((start, len(text.rstrip())))
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in spans if text[s:e].strip()]


# ---------------------------------------------------------------- who

_GROUPS: tuple[tuple[str, str, bool], ...] = (
    # (pattern, group, weak) -- weak: counts only when no ally precedes it in the sentence
    (r"(?:NATO|Nato|the alliance's|alliance)\s+(?:allies|members|member (?:states|countries|nations)|countries|"
     r"nations|states|leaders|governments|partners)", NATO_ALLIES, False),
    (r"(?:[Aa]ll|[Ee]very|[Ee]ach|[Oo]ther|[Ff]ellow|[Tt]he)\s+(?:32\s+|thirty-two\s+|other\s+)?(?:allies|members|"
     r"member (?:states|countries|nations))", NATO_ALLIES, False),
    (r"(?:the\s+|all\s+)?(?:32|thirty-two)\s+(?:nations|countries|states|governments|leaders)", NATO_ALLIES, False),
    (r"[Aa]llies(?:'|’)?", NATO_ALLIES, False),
    (r"[Mm]ember (?:states|countries|nations)", NATO_ALLIES, False),
    (r"(?:NATO|Nato)(?:'s|’s)?", NATO_ALLIES, True),
    (r"the (?:alliance|Alliance)(?:'s|’s)?", NATO_ALLIES, True),
    (r"(?:European|Europe's|Europe’s)\s+(?:allies|members|countries|nations|states|governments|partners|"
     r"NATO (?:allies|members|countries))", "European allies", False),
    (r"Europe(?:'s|’s)?|Europeans", "European allies", True),
    (r"(?:the\s+)?Baltic (?:states|countries|nations|allies|republics)|the Baltics", "Baltic states", False),
    (r"(?:the\s+)?Nordic (?:states|countries|nations|allies)|the Nordics", "Nordic allies", False),
    (r"(?:the\s+)?(?:EU|European Union)(?:'s|’s)?(?:\s+(?:members|member states|countries))?", "EU members", True),
)

# Names beside data/members.csv's name, official name and capital.
_ALLY_WORDS: dict[str, tuple[str, ...]] = {
    "ALB": ("Albanian", "Albanians"),
    "BEL": ("Belgian", "Belgians"),
    "BGR": ("Bulgarian", "Bulgarians"),
    "CAN": ("Canadian", "Canadians"),
    "HRV": ("Croatian", "Croatians", "Croats"),
    "CZE": ("Czech Republic", "Czech", "Czechs"),
    "DNK": ("Danish", "Danes"),
    "EST": ("Estonian", "Estonians"),
    "FIN": ("Finnish", "Finns"),
    "FRA": ("French", "Elysee", "Élysée"),
    "DEU": ("German", "Germans", "Bundeswehr", "Bundestag"),
    "GRC": ("Greek", "Greeks"),
    "HUN": ("Hungarian", "Hungarians"),
    "ISL": ("Icelandic", "Icelanders", "Reykjavik"),
    "ITA": ("Italian", "Italians"),
    "LVA": ("Latvian", "Latvians"),
    "LTU": ("Lithuanian", "Lithuanians"),
    "LUX": ("Luxembourgish", "Luxembourger", "Luxembourgers"),
    "MNE": ("Montenegrin", "Montenegrins"),
    "NLD": ("The Netherlands", "Dutch", "Holland"),
    "MKD": ("North Macedonian", "North Macedonians", "Macedonia", "Macedonian"),
    "NOR": ("Norwegian", "Norwegians"),
    "POL": ("Polish", "Poles"),
    "PRT": ("Portuguese",),
    "ROU": ("Romanian", "Romanians"),
    "SVK": ("Slovak", "Slovaks", "Slovak Republic"),
    "SVN": ("Slovenian", "Slovene", "Slovenians", "Slovenes"),
    "ESP": ("Spanish", "Spaniards"),
    "SWE": ("Swedish", "Swedes"),
    "TUR": ("Turkey", "Turkiye", "Turkish", "Turks"),
    "GBR": ("UK", "U.K.", "Britain", "Great Britain", "British", "Britons", "Downing Street"),
    "USA": ("US", "U.S.", "USA", "U.S.A.", "America", "American", "Americans", "White House", "Pentagon",
            "United States of America"),
}
# Capitals that name something else in NATO copy: Brussels (NATO and the EU), Amsterdam is
# rarely a metonym, The Hague is the 2025 summit's city.
_NOT_METONYMS = frozenset({"Brussels", "Amsterdam", "The Hague", "Luxembourg"})

# Countries that are not allies: a figure said of them is not an ally's claim.
_OTHERS = (
    "Russia", "Russian", "Russians", "Moscow", "Kremlin", "Ukraine", "Ukrainian", "Ukrainians", "Kyiv", "Kiev",
    "China", "Chinese", "Beijing", "Israel", "Israeli", "Japan", "Japanese", "Tokyo", "Australia", "Australian",
    "Austria", "Austrian", "Ireland", "Irish", "Switzerland", "Swiss", "Iran", "Iranian", "India", "Indian",
    "South Korea", "South Korean", "Taiwan", "Serbia", "Serbian", "Moldova", "Belarus", "Saudi Arabia",
    "Saudi", "North Korea", "Pakistan", "Cyprus", "Malta", "Bosnia", "Kosovo", "Georgia", "Armenia", "Azerbaijan",
)


# An ally named as a speaker's nationality ("US Secretary of State Marco Rubio told NATO to..."):
# second to any other ally or group named nearer the figure.
_TITLE_AFTER = re.compile(
    r"^\s+(?:(?:then|former|new|deputy|vice|acting|chief|top|senior|defen[cs]e|foreign|finance|economy|"
    r"economic|prime|state|army|military|government|navy|interior|home)[\s-]+){0,3}"
    r"(?:president|prime minister|premier|minister|secretary|chancellor|officials?|ambassador|envoy|diplomats?|"
    r"lawmakers?|senators?|leaders?|king|queen|spokes\w+|counterparts?|chiefs?|general|negotiators?|MPs?)\b",
    re.IGNORECASE)
_PREDICATE = re.compile(r"\b(?:became|become|becomes|are|were|is|was|be|being)\s+(?:the\s+)?"
                        r"(?:(?:first|only|last|latest|second|third|two|three|few)\s+)?$", re.IGNORECASE)
_ANAPHOR = re.compile(r"\b(?:the|this|that|his|her|their|our)\s+(?:(?:Baltic|Nordic|Balkan|Scandinavian|"
                      r"Central European|Eastern European|European|NATO)\s+)?(?:state|country|nation|republic|"
                      r"kingdom)\b(?!s)(?:'s|’s)?", re.IGNORECASE)
# A country that is not an ally blocks only as the figure's owner ("Russia spends 7%", "Russia's military").
_OTHER_OWNS = re.compile(
    r"^(?:'s|’s)?\s+(?:\w+\s+){0,2}?(?:spend\w*|spent|budget\w*|military|defen[cs]e|armed|arms|allocat\w*|"
    r"devot\w*|will|plans?|is|was|has|had)\b", re.IGNORECASE)


@dataclass(frozen=True)
class _Mention:
    start: int
    end: int
    iso3: str | None  # an ally
    group: str | None  # a group of allies
    weak: bool = False  # bare "NATO", "the alliance", "Europe", a speaker's nationality: second to others
    other: bool = False  # a country that is not an ally
    possessive: bool = False  # "Spain's"

    @property
    def owner(self) -> tuple[str | None, str | None]:
        return self.iso3, self.group


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class _Who:
    """The mention patterns for the members given, compiled once per call."""

    def __init__(self, members: Sequence[Member]) -> None:
        words: dict[str, str] = {}
        for member in members:
            names = [member.name, member.official_name, *_ALLY_WORDS.get(member.iso3, ())]
            capital = member.capital.split(",")[0].strip()
            if capital and capital not in _NOT_METONYMS:
                names.append(capital)
            for name in names:
                for spelling in {name, _fold(name)}:
                    if spelling:
                        words[spelling] = member.iso3
        for name in _OTHERS:
            words.setdefault(name, "")
        self._words = words
        # Longest first so "United States of America" wins over "United States", "North Macedonia" over "Macedonia".
        alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        self._ally = re.compile(rf"(?<![\w.])(?:{alternation})(?![\w])(?:'s|’s|')?")
        self._groups = [(re.compile(rf"\b{pattern}(?!\w)"), group, weak) for pattern, group, weak in _GROUPS]

    def is_ally(self, word: str) -> bool:
        return bool(self._words.get(re.sub(r"(?:'s|’s|')$", "", word.strip())))

    def mentions(self, text: str) -> list[_Mention]:
        found: list[_Mention] = []
        taken: list[tuple[int, int]] = []
        for match in self._ally.finditer(text):
            word = match.group(0)
            base = re.sub(r"(?:'s|’s|')$", "", word)
            if base.endswith(".") and base not in self._words:
                base = base.rstrip(".")
            code = self._words.get(base)
            if code is None:
                continue
            if base == "America" and re.search(r"(?:Latin|South|Central|North)\s+$", text[: match.start()]):
                continue
            if base in ("US", "U.S.") and re.match(r"\s*(?:dollars?|\$|cents?)\b", text[match.end():]):
                continue  # "US dollars" is a currency, not the ally
            if not code and not _OTHER_OWNS.match(text[match.end():]) and word == base:
                continue  # "after Russia launched its invasion of Ukraine": context, not the figure's owner
            if re.match(r"\s+(?:newspaper|daily|paper|tabloid|broadcaster|media|press|outlet|news agency|"
                        r"magazine|weekly)\b", text[match.end():], re.IGNORECASE):
                continue  # "the British newspaper": the press, not the ally
            titled = bool(_TITLE_AFTER.match(text[match.end():]))
            found.append(_Mention(match.start(), match.end(), code or None, None, weak=titled, other=not code,
                                  possessive=word != base))
            taken.append((match.start(), match.end()))
        group_matches = [(match, group, weak) for pattern, group, weak in self._groups
                         for match in pattern.finditer(text)]
        # The longest first: "European allies" is one group, not "allies" after a stray "European".
        for match, group, weak in sorted(group_matches, key=lambda g: (g[0].start() - g[0].end(), g[0].start())):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            # "Lithuania and Estonia became the first NATO countries to commit...": a predicate, not the owner.
            weak = weak or bool(_PREDICATE.search(text[: match.start()]))
            found.append(_Mention(match.start(), match.end(), None, group, weak=weak,
                                  possessive=match.group(0).endswith(("'s", "’s"))))
            taken.append((match.start(), match.end()))
        return sorted(found, key=lambda m: m.start)

    def anaphora(self, text: str, last_ally: str | None) -> list[_Mention]:
        """"the Baltic state", "his country": the ally named last before it, in the sentence or the article."""
        found: list[_Mention] = []
        allies = [m for m in self.mentions(text) if m.iso3]
        for match in _ANAPHOR.finditer(text):
            earlier = [m for m in allies if m.end <= match.start()]
            iso3 = earlier[-1].iso3 if earlier else last_ally
            if iso3:
                found.append(_Mention(match.start(), match.end(), iso3, None))
        return found


# ---------------------------------------------------------------- is it defence spending

_DEFENCE = re.compile(
    r"\b(?:defen[cs]e|defen[cs]es|military|militaries|armed forces|army|armies|navy|air force|NATO|Nato|"
    r"alliance|arms|weapons|rearm\w*|security|deterrence|troops|Bundeswehr|Pentagon|Hague|Wales|"
    r"Secretary[- ]General|Rutte|Stoltenberg)\b",
    re.IGNORECASE)
_SPENDING = re.compile(r"\b(?:spend\w*|spent|budgets?|expenditures?|outlays?|investments?|invest\w*|"
                       r"contributions?|financ\w*|funding)\b", re.IGNORECASE)
_GDP = re.compile(
    r"^\s*(?:of\s+(?:(?:the|its|their|his|her|our|each|every|all|a|national|respective|annual|nations?['’]?s?|"
    r"countr(?:y|ies)['’]?s?|member['’]?s?|[A-Z][\w.]*(?:'s|’s)?)\s+){0,4}"
    r"(?:GDP|gross domestic product|economic output|national income|gross national income|GNI|national output|"
    r"economy|economies|output)\b|(?:of\s+)?GDP\b)")
_OF_OTHER = re.compile(r"^\s*of\s+(?!GDP|gross|the\s+(?:GDP|economy|country['’]s\s+(?:GDP|economy)))", re.IGNORECASE)
# Non-defence percentages. Near the figure with no defence word nearer, they are not claims.
_NOT_DEFENCE = re.compile(
    r"\b(?:tariffs?|duty|duties|levy|levies|tax(?:es)?|VAT|polls?|polled|polling|survey\w*|respondents|voters?|"
    r"votes?|voted|ballots?|turnout|approval|popularity|ratings?|growth|grew|grow|grows|expand\w*|contract\w*|"
    r"shr[iu]nk|recession|inflation|prices?|interest|rates?|yields?|unemployment|jobless|deficits?|debt|"
    r"borrowing|surplus|stakes?|shares?|stocks?|equities|market|discount|probability|chance|odds|likelihood|"
    r"majority|population|pensions?|health|healthcare|education|wages?|salar\w*|pay|exports?|imports?|trade|"
    r"revenue|profits?|sales|margin|emissions|aid|welfare|mortgage|currency|exchange|bonds?|"
    r"women|men|people|citizens|households|workers|students|children)\b",
    re.IGNORECASE)
# "aid budget", "health spending": a budget that is not defence's.
_OTHER_BUDGET = re.compile(
    r"\b(?:aid|health|healthcare|education|welfare|pensions?|social|development|climate|police|transport|"
    r"culture|research)\s+(?:budget|spending|expenditure|outlays?)\b", re.IGNORECASE)
_CHANGE_BEFORE = re.compile(
    r"(?:\b(?:by|up|down|rose|risen|rises|rising|fell|fallen|falls|dropped|drops|increased|increases|decreased|"
    r"jumped|jumps|climbed|grew|cut|cuts|boosted|raised|lifted|slashed|plus|minus)\s+"
    r"(?:(?:about|around|roughly|nearly|almost|some|more than|over|just|only|another|a further|an? "
    r"(?:extra|additional))\s+)?|[+−-])$",
    re.IGNORECASE)
_CHANGE_AFTER = re.compile(
    r"^(?:-|\s)*(?:\w+\s+){0,1}(?:increases?|rises?|hikes?|jump|boost|cuts?|drops?|declines?|falls?|growth|"
    r"reduction|more|less|higher|lower|annual|year[- ]on[- ]year|a year|each year|every year|per year|"
    r"increment|stake|share|majority|chance|probability|tariffs?|tax|duty|discount|interest|rate|"
    r"inflation|of (?:the )?(?:respondents|voters|people|population|vote|votes))\b",
    re.IGNORECASE)
_SPEND_BEFORE = re.compile(
    r"\b(?:spend\w*|spent|budget\w*|invest\w*|allocat\w*|devot\w*|dedicat\w*|earmark\w*|expenditure)\b"
    r"(?:\s+\S+){0,4}\s*$", re.IGNORECASE)
_SPEND_AFTER = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:on|for|in|towards?)?\s*(?:core\s+|related\s+|total\s+)?"
    r"(?:(?:\w+[- ])?defen[cs]e|military|the military|arms|armed forces|its armed forces|security)\b"
    r"|^\s*(?:of\s+)?(?:\w+\s+)?(?:spending|expenditure|budget)\b"
    r"|^\s*(?:to\s+be\s+|is\s+|are\s+|be\s+|was\s+|were\s+)?(?:spent|invested|allocated|devoted|earmarked)\b",
    re.IGNORECASE)
_TARGET_WORDS = (r"(?:target|goal|guideline|benchmark|threshold|objective|pledge|commitment|mark|level|bar|norm|"
                 r"floor|baseline|quota|proposal|demand|requirement|ambition|aim)")
_TARGET_BEFORE = re.compile(
    rf"\b(?P<det>the|a|an|its|their|his|her|our|own|new|NATO['’]s|Nato['’]s|alliance['’]s|[A-Z][\w.]+['’]s)\s+"
    rf"(?:[\w-]+\s+){{0,4}}?{_TARGET_WORDS}s?\s+(?:of|to|at|for|totals?|totalling|totaling|is|was|are|were|amounts? to|means|sets?|"
    rf"should be|will be|would be)\s+(?:(?:reaching|achieving|spending|hitting|"
    rf"meeting|at least|around|about|roughly|some|a|an)\s+){{0,2}}$", re.IGNORECASE)
_TARGET_AFTER = re.compile(
    rf"^\s*(?:of\s+(?:GDP|gross domestic product)\s+)?(?:[\w-]+\s+){{0,3}}?{_TARGET_WORDS}s?\b"
    r"|^\s*(?:proposed|demanded|sought|set|agreed|called for|pushed for|championed)\b", re.IGNORECASE)
_TARGET_DET_BEFORE = re.compile(
    r"\b(?P<det>the|a|an|its|their|his|her|our|own|new|NATO['’]s|Nato['’]s|alliance['’]s|[A-Z][\w.]+['’]s)\s+"
    r"(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_MEET_VERB = re.compile(r"\b(?:meet|meets|met|meeting|reach|reaches|reached|reaching|hit|hits|hitting|"
                        r"achiev\w*|attain\w*|fulfil\w*)\b", re.IGNORECASE)
# A fiscal rule's threshold ("outlays that exceed 1% of GDP will be exempt from the debt brake") is no level.
_THRESHOLD = re.compile(r"\b(?:exempt\w*|debt brake|fiscal rules?|escape clause|stability pact|deficit rules?)\b",
                        re.IGNORECASE)
_NOT_MEETING = re.compile(
    r"\b(?:not|never|no|miss\w*|fail\w*|short|below|under|oppos\w*|reject\w*|against|reluctant|refus\w*|unable|"
    r"won['’]t|cannot|can['’]t|without|instead|rather|exempt\w*|object\w*)\b", re.IGNORECASE)
# The alliance's levels: Wales 2014 (2%), The Hague 2025 (3.5% core + 1.5% related = 5%). An ally refusing
# one of them ("without having to increase our spending to 5%") speaks of the alliance's target.
_ALLIANCE_LEVELS = frozenset({2.0, 3.5, 1.5, 5.0})
# A figure continuing the one before it in the sentence ("and another 1.5%", "plus 1.5%", "to 3.5%").
_CONTINUES = re.compile(r"\b(?:alongside|plus|additional|another|further|more|and|to|with|then|compared)\b",
                        re.IGNORECASE)


# ---------------------------------------------------------------- year, measure, kind

_YEAR = re.compile(r"(?<![\w.,$€£])(?P<year>(?:19[5-9]|20[0-9])\d)(?:['’]s)?(?![\w%]|\s?%|[.,]\d)")
_YEAR_NOT_TARGET = re.compile(r"\b(?:since|agreed\s+in|set\s+in|adopted\s+in|summit\s+in|made\s+in|"
                              r"pledged\s+in|signed\s+in|launched\s+in|back\s+in)\s+$", re.IGNORECASE)
_RELATIVE_YEAR = re.compile(
    r"\b(?P<rel>this year|the current year|currently|now|at present|(?:its|the|their) current(?: level)?|"
    r"last year|the previous year|past year|next year|the coming year|"
    r"(?:within|in|over)\s+(?:the\s+)?(?:next\s+|coming\s+)?(?:a|one|(?P<n>\w+))\s+(?P<unit>decades?|years?))\b",
    re.IGNORECASE)
_COUNT_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
                "2": 2, "3": 3, "4": 4, "5": 5, "6": 6, "7": 7, "8": 8, "9": 9, "10": 10}
# Clause edges: a year, cue or measure across one belongs to another clause.
_CLAUSE_EDGE = re.compile(
    r";|\s[—–-]\s|\s—|—\s|,\s*(?:but|which|while|whereas|although|though|as|when|after|before|following)\b|"
    r"\b(?:but|while|whereas|although)\b|"
    r"\band\s+(?=(?:then\s+)?(?:reach|raise|hit|spend|increase|rise|lift|boost|meet|get|go|climb|grow)\w*\b)",
    re.IGNORECASE)

_MEASURES = (
    ("core", re.compile(r"\b(?:core|military hardware|hard military)\b", re.IGNORECASE)),
    ("related", re.compile(r"\b(?:related|defen[cs]e-related|security-related|infrastructure|resilience)\b",
                           re.IGNORECASE)),
    ("total", re.compile(r"\b(?:total|overall|in all|in total|combined|altogether)\b", re.IGNORECASE)),
)

# target: an agreed or demanded level; intent: what the owner means to do (an ally's plan, a group's target).
_KIND_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("target", re.compile(
        r"\b(?:targets?|guidelines?|benchmarks?|thresholds?|agreed|agree|agreement|demand\w*|call(?:ed|s|ing)? "
        r"for|urg\w*|should|must|require\w*|insist\w*|press(?:ed|ing)?|push(?:ed|ing)?|norm|obligations?|"
        r"quota|baseline|proposal|proposed|told)\b", re.IGNORECASE)),
    ("intent", re.compile(
        r"\b(?:goals?|objectives?|pledged?|pledges|pledging|commitments?|committed|commit|aim|aims|aiming|aimed|"
        r"wants?|wanted|ambition|vow\w*|promised?|(?:will|would|to|and|shall)\s+target)\b", re.IGNORECASE)),
    ("plan", re.compile(
        r"\b(?:plans?|planned|planning|will|would|shall|intends?|intended|intention|expects?|expected|"
        r"is set to|are set to|on track|on course|projected|forecast|going to|to reach|by 20\d\d)\b",
        re.IGNORECASE)),
    ("current", re.compile(
        r"\b(?:spends|spent|spending (?:of|at|was|is|stood|stands|reached)|currently|now|is at|are at|was at|"
        r"were at|stood at|stands at|stand at|reached|hit|rose to|risen to|fell to|amounts? to|amounted to|"
        r"accounts? for|accounted for|equal to|equivalent to|at present|last year|already|so far|"
        r"compared (?:with|to)|up from|down from|current level|met)\b", re.IGNORECASE)),
)
_OWN_COMMITMENT = re.compile(
    r"\b(?:its|their|his|her|our|own|national|government['’]s|[A-Z]\w+['’]s)\s+(?:own\s+)?(?:\w+\s+)?"
    r"(?:target|goal|pledge|commitment|plan|aim|objective|ambition)\b", re.IGNORECASE)


def _published_year(article: ArticleText) -> int | None:
    match = re.match(r"\s*(\d{4})", article.published or "")
    return int(match.group(1)) if match else None


def _years(text: str, base: int, published: int | None) -> list[tuple[int, int | None, str]]:
    """(offset, year, evidence) of every year said in ``text`` (offsets from ``base``)."""
    found: list[tuple[int, int | None, str]] = []
    for match in _YEAR.finditer(text):
        if _YEAR_NOT_TARGET.search(text[: match.start()]):
            continue
        found.append((base + match.start(), int(match.group("year")), match.group(0)))
    for match in _RELATIVE_YEAR.finditer(text):
        rel = match.group("rel").casefold()
        if match.group("unit"):
            count = _COUNT_WORDS.get((match.group("n") or "").casefold(), 1 if match.group("n") is None else 0)
            if not count:
                continue
            years = count * (10 if match.group("unit").casefold().startswith("decade") else 1)
            year = None if published is None else published + years
        elif "last" in rel or "previous" in rel or "past" in rel:
            year = None if published is None else published - 1
        elif "next" in rel or "coming" in rel:
            year = None if published is None else published + 1
        else:
            year = published
        found.append((base + match.start(), year, match.group(0)))
    return sorted(found)


def _nearest(items: Sequence[tuple[int, object, str]], at: int, end: int) -> tuple[int, object, str] | None:
    """The item nearest the figure [at, end): after it preferred at equal distance."""
    best: tuple[int, tuple[int, object, str]] | None = None
    for item in items:
        distance = item[0] - end if item[0] >= end else (at - item[0]) + 1
        if best is None or distance < best[0]:
            best = (distance, item)
    return None if best is None else best[1]


def _measure(before: str, after: str) -> str:
    for name, pattern in _MEASURES:
        if pattern.search(after) or pattern.search(before):
            return name
    return ""


def _kind_cue(text: str, at: int, end: int) -> tuple[str, str] | None:
    cues: list[tuple[int, object, str]] = []
    spans: list[tuple[int, int]] = []
    for kind, pattern in sorted(_KIND_CUES, key=lambda cue: cue[0] != "intent"):  # "would target" before "target"
        for match in pattern.finditer(text):
            if any(s <= match.start() < e for s, e in spans):
                continue
            cues.append((match.start(), kind, match.group(0)))
            spans.append((match.start(), match.end()))
    nearest = _nearest(cues, at, end)
    return None if nearest is None else (str(nearest[1]), nearest[2])


def _clause(sentence: str, start: int, end: int) -> tuple[int, int]:
    """The clause of ``sentence`` holding [start, end)."""
    left, right = 0, len(sentence)
    for match in _CLAUSE_EDGE.finditer(sentence):
        if match.end() <= start:
            left = match.end()
        elif match.start() >= end:
            right = match.start()
            break
    return left, right


# ---------------------------------------------------------------- the search

Owner = tuple[str | None, str | None]


@dataclass
class _Previous:
    """The figure before this one in the sentence, when it was claimed."""

    end: int
    owners: list[Owner]
    owner_reason: str
    bounded: bool
    confidence: float
    year: int | None
    year_reason: str


def find_claims(article: ArticleText, members: Sequence[Member]) -> list[ClaimProposal]:
    """Every defence-spending percentage of GDP in ``article``, proposed for review (rules: module docstring)."""
    who = _Who(members)
    published = _published_year(article)
    title_allies = {m.iso3 for m in who.mentions(article.title) if m.iso3}
    article_defence = bool(_DEFENCE.search(article.title)) or len(_DEFENCE.findall(article.text)) >= 3
    claimed_values: set[float] = set()
    last_owners: list[Owner] = []  # the owners of the article's last claim, for a sentence naming no one
    last_ally: str | None = next(iter(title_allies)) if len(title_allies) == 1 else None
    proposals: list[ClaimProposal] = []
    seen: set[tuple[str | None, str | None, float, str, int | None, str]] = set()
    for paragraph in article.paragraphs:
        para_text = paragraph.text
        context_defence = bool(_DEFENCE.search(para_text)) or article_defence
        topic: Owner | None = None  # the last ally or group named in the paragraph so far
        for s_start, s_end in sentences(para_text):
            sentence = para_text[s_start:s_end]
            mentions = who.mentions(sentence)
            taken = [(m.start, m.end) for m in mentions]
            mentions = sorted([*mentions, *(m for m in who.anaphora(sentence, last_ally)
                                            if not any(s < m.end and m.start < e for s, e in taken))],
                              key=lambda m: m.start)
            para_year = _stated_year(para_text)
            percentages = find_percentages(sentence)
            previous: _Previous | None = None
            for index, pct in enumerate(percentages):
                prev_end = percentages[index - 1].end if index else 0
                next_start = percentages[index + 1].start if index + 1 < len(percentages) else len(sentence)
                continues = previous is not None and _continues(sentence, previous.end, pct.start)
                frame = _frame(sentence, pct, context_defence, claimed_values,
                               previous if continues else None)
                if frame is None:
                    previous = None
                    continue
                frame_reason, confidence = frame
                bounded = _bounded_target(sentence, pct, who)
                owned = _owners(sentence, pct, mentions, bounded, previous if continues else None, topic,
                                last_owners, title_allies)
                if owned is None:
                    previous = None
                    continue  # said of a country that is not an ally
                owners, owner_reason, factor = owned
                c_start, c_end = _clause(sentence, pct.start, pct.end)
                seg_start, seg_end = max(c_start, prev_end), min(c_end, next_start)
                segment = sentence[seg_start:seg_end]
                year, year_reason = _year(sentence[c_start:c_end], c_start, pct, published,
                                          previous if continues else None)
                measure = _measure(sentence[seg_start: pct.start], sentence[pct.end: seg_end])
                group_only = all(iso3 is None for iso3, _ in owners)
                kind, kind_reason = _kind(sentence, segment, seg_start, (c_start, c_end), pct, bounded, group_only,
                                          year, published)
                if kind == "current" and year is not None and published is not None and year > published:
                    year, year_reason = None, f"none (the clause's {year} is ahead of a current figure)"
                if kind == "current" and year is None and _PRESENT.search(sentence[c_start:c_end]):
                    # A present-tense figure: the year its paragraph states ("as of 2016"), else the article's.
                    year = para_year or published
                    if year is not None:
                        year_reason = (f"present tense, the paragraph's 'as of {year}'" if para_year
                                       else f"present tense, the article's date ({published})")
                if pct.range_role in ("low", "high"):
                    confidence *= 0.8
                confidence = round(confidence * factor, 3)
                previous = _Previous(pct.end, owners, owner_reason, bounded, frame[1], year, year_reason)
                claimed_values.add(pct.value)
                if any(o != (None, None) for o in owners):
                    last_owners = owners
                for iso3, group in owners:
                    group_name = None if iso3 is not None else group
                    key = (iso3, group_name, pct.value, measure, year, kind)
                    if key in seen:
                        continue
                    seen.add(key)
                    range_note = (f"; {pct.range_role} bound of the range '{pct.range_text}'"
                                  if pct.range_role in ("low", "high") else
                                  f"; starting level of '{pct.range_text}'" if pct.range_role == "from" else "")
                    reason = (f"{frame_reason}; {owner_reason}; year: {year_reason}; kind: {kind_reason}"
                              f"{'; measure: ' + measure if measure else ''}{range_note}")
                    proposals.append(ClaimProposal(
                        iso3=iso3, group=group_name, value=pct.value, unit=UNIT, measure=measure, year=year,
                        kind=kind, text=sentence, paragraph=paragraph.index,
                        start=paragraph.start + s_start, end=paragraph.start + s_end,
                        confidence=confidence if iso3 is not None or group_name is not None
                        else round(confidence * 0.3, 3),
                        reason=reason))
            strong = [m for m in mentions if not m.other and not m.weak] or [m for m in mentions if not m.other]
            if strong:
                topic = strong[-1].owner
            allies_named = [m.iso3 for m in mentions if m.iso3]
            if allies_named:
                last_ally = allies_named[-1]
    return proposals


_PRESENT = re.compile(r"\b(?:spends|allocates|allocating|devotes|is|are|stands|stand|currently|now|exceeds?|"
                      r"remains?|sits?|spending)\b", re.IGNORECASE)


def _stated_year(paragraph: str) -> int | None:
    """The year a paragraph dates its figures to ("as of 2016"), if it says one."""
    match = re.search(r"\bas of\s+(?:\w+\s+)?((?:19|20)\d\d)\b", paragraph)
    return int(match.group(1)) if match else None


def _continues(sentence: str, previous_end: int, start: int) -> bool:
    """Does the figure at ``start`` continue the claimed one ending at ``previous_end``?"""
    gap = sentence[previous_end:start]
    gap = _GDP.sub("", gap, count=1)
    words = gap.split()
    return len(words) <= 10 and bool(_CONTINUES.search(gap) or re.search(r"[—–:(]", gap)) \
        and not _NOT_DEFENCE.search(gap) and ";" not in gap


def _frame(sentence: str, pct: Percentage, context_defence: bool, claimed_values: set[float],
           previous: _Previous | None) -> tuple[str, float] | None:
    """Why this percentage is a defence-spending share of GDP (reason, confidence), or ``None``."""
    before_text, after_text = sentence[: pct.start], sentence[pct.end:]
    shown = sentence[pct.start: pct.end]
    if pct.range_role in ("low", "from"):
        # The first bound's own context is the range's: judge it by the whole range's tail.
        tail = re.search(r"^(?:[^%\d]|\d(?!\d*\s*(?:%|per|pc)))*?(?:%|percent|per cent|pc)",
                         after_text, re.IGNORECASE)
        after_text = after_text[tail.end():] if tail else after_text
    if _CHANGE_BEFORE.search(before_text[-40:]) and not re.search(r"\bup\s+$", before_text[-10:]) \
            or re.search(r"\bup\s+$", before_text[-10:]) and not re.match(r"\s*to\b", after_text):
        return None
    if pct.range_role not in ("low", "from") and _CHANGE_AFTER.search(after_text[:40]):
        return None
    gdp = _GDP.search(after_text)
    if not gdp and _OF_OTHER.search(after_text):
        return None  # "20% of its budget", "60% of respondents"
    if _non_defence_near(sentence, pct):
        return None
    if re.search(r"\b(?:exceed\w*|above|beyond)\s+$", before_text) and _THRESHOLD.search(sentence):
        return None
    defence_in_sentence = bool(_DEFENCE.search(sentence))
    spending_in_sentence = bool(_SPENDING.search(sentence))
    if gdp:
        if defence_in_sentence:
            return f"'{shown}{after_text[: gdp.end()]}' with a defence word in the sentence", 0.95
        if spending_in_sentence and context_defence:
            return f"'{shown}{after_text[: gdp.end()]}' with spending in a defence article", 0.8
        return None  # a share of GDP, but of what is not said (debt, deficit...)
    spend_frame = _spend_frame(sentence, pct)
    if spend_frame:
        if defence_in_sentence:
            return f"{spend_frame} with a defence word in the sentence", 0.8
        if context_defence:
            return f"{spend_frame} in a defence-spending paragraph", 0.6
        return None
    if re.search(r"[A-Z][\w.]*\s*\($", before_text) and re.match(r"\s*\)", after_text) and context_defence:
        return f"'({shown})' in brackets after a name in a defence paragraph", 0.7
    if previous is not None:
        return f"'{shown}' continues the figure before it", round(previous.confidence * 0.9, 3)
    if pct.value in claimed_values and context_defence and not _NOT_DEFENCE.search(sentence):
        if _MEET_VERB.search(before_text[-30:]):
            return f"'{shown}' reached again, a figure already claimed in the article", 0.45
        return f"'{shown}' again, a figure already claimed in the article", 0.4
    return None


def _spend_frame(sentence: str, pct: Percentage) -> str:
    before, after = sentence[: pct.start], sentence[pct.end:]
    shown = sentence[pct.start: pct.end]
    if _TARGET_BEFORE.search(before) or _TARGET_AFTER.search(after):
        return f"a target frame around '{shown}'"
    if _SPEND_AFTER.search(after):
        return f"a spending frame: '{shown} {' '.join(after.split()[:3])}'"
    if _SPEND_BEFORE.search(before):
        return f"a spending frame: '{' '.join(before.split()[-3:])} {shown}'"
    return ""


def _non_defence_near(sentence: str, pct: Percentage) -> bool:
    """A non-defence word within a few words of the figure, with no defence word nearer."""
    before_text, after_text = sentence[: pct.start], sentence[pct.end:]
    # "the aid budget from 0.5%": a budget that is not defence's, with no defence word after it.
    other_budget = None
    for other_budget in _OTHER_BUDGET.finditer(before_text[-60:]):
        pass
    if other_budget is not None and not _DEFENCE.search(before_text[-60:][other_budget.end():]):
        return True
    before = before_text.split()[-6:]
    after = after_text.split()[:6]
    # Cut the after-window at the next figure: its words are its own.
    for i, word in enumerate(after):
        if re.search(r"\d|%", word):
            after = after[:i]
            break

    def distance(words: Iterable[str], pattern: re.Pattern[str]) -> int | None:
        for i, word in enumerate(words):
            if pattern.search(word):
                return i
        return None
    # GDP is no defence word: a deficit or a debt is a share of GDP too.
    good_words = re.compile(_DEFENCE.pattern + r"|\bspend\w*|\bbudget", re.IGNORECASE)
    bad_before = distance(reversed(before), _NOT_DEFENCE)
    bad_after = distance(after, _NOT_DEFENCE)
    good_before = distance(reversed(before), good_words)
    good_after = distance(after, good_words)
    if bad_before is not None and (good_before is None or bad_before < good_before) and good_after != 0:
        return True  # "Inflation in Spain reached 3% as the defence budget rose": the subject decides
    bad = min((d for d in (bad_before, bad_after) if d is not None), default=None)
    good = min((d for d in (good_before, good_after) if d is not None), default=None)
    return bad is not None and (good is None or bad < good)


def _bounded_target(sentence: str, pct: Percentage, who: _Who) -> bool:
    """"the 5% target", "the goal of 3.5%", "Trump's 5% target": the alliance's target, not an ally's figure.

    An ally's own target ("Spain's target of 2.1%", "its goal of 2%") is not bounded: it is that ally's."""
    before, after = sentence[: pct.start], sentence[pct.end:]
    match = _TARGET_BEFORE.search(before)
    if match is None and _TARGET_AFTER.search(after):
        match = _TARGET_DET_BEFORE.search(before)
    if match is None:
        return False
    det = match.group("det")
    folded = det.casefold()
    if folded in ("the", "a", "an", "new") or folded.startswith(("nato", "alliance")):
        return True
    return det[:1].isupper() and det.endswith(("'s", "’s")) and not who.is_ally(det)


def _owners(sentence: str, pct: Percentage, mentions: Sequence[_Mention], bounded: bool,
            previous: _Previous | None, topic: Owner | None, last_owners: list[Owner], title_allies: set[str]
            ) -> tuple[list[Owner], str, float] | None:
    """Who the figure is said of: (owners, reason, confidence factor), or None for a country not an ally."""
    before = [m for m in mentions if m.end <= pct.start]
    near = [m for m in before if not m.weak]
    if bounded:
        # "Canada will meet the 2% target": the ally's figure; "Spain opposed the goal of 3.5%": the alliance's.
        owner = near[-1] if near else (before[-1] if before else None)
        if owner is not None and owner.iso3:
            gap = sentence[owner.end: pct.start]
            if _MEET_VERB.search(gap) and not _NOT_MEETING.search(gap):
                return (_with_list(sentence, owner, before),
                        f"the ally meeting the target: '{sentence[owner.start:owner.end]}'", 1.0)
        return [(None, NATO_ALLIES)], "the alliance's target ('the ... target')", 1.0
    if previous is not None and not [m for m in before if m.start >= previous.end]:
        if not previous.bounded or re.search(r"\b(?:alongside|plus|additional|further|another|and|with)\b",
                                             sentence[previous.end: pct.start], re.IGNORECASE):
            return previous.owners, previous.owner_reason + " (as the figure before it)", 1.0
    if before:
        nearest = near[-1] if near else before[-1]
        if nearest.other:
            return None
        if nearest.iso3 and pct.value in _ALLIANCE_LEVELS and _NOT_MEETING.search(
                sentence[nearest.end: pct.start]) and re.search(r"\b(?:not|without|never|refus\w*|reject\w*)\b",
                                                                sentence[nearest.end: pct.start], re.IGNORECASE):
            return ([(None, NATO_ALLIES)],
                    f"the alliance's level, which '{sentence[nearest.start:nearest.end]}' will not reach", 0.8)
        return (_with_list(sentence, nearest, before),
                f"nearest before the figure: '{sentence[nearest.start:nearest.end]}'", 1.0)
    after = [m for m in mentions if m.start >= pct.end and not m.weak] or [m for m in mentions if m.start >= pct.end]
    if after:
        first = after[0]
        if first.other:
            return None
        return [first.owner], f"first named after the figure: '{sentence[first.start:first.end]}'", 0.8
    if topic is not None:
        return [topic], f"the paragraph's {topic[0] or topic[1]}: the sentence names none", 0.6
    if last_owners:
        named = ", ".join(o[0] or o[1] or "" for o in last_owners)
        return list(last_owners), f"the article's last claim's ({named}): the paragraph names none", 0.5
    if len(title_allies) == 1:
        only = next(iter(title_allies))
        return [(only, None)], f"the title's ally ({only}): the paragraph names none", 0.5
    return [(None, None)], "no ally or group named", 1.0


def _with_list(sentence: str, last: _Mention, before: Sequence[_Mention]) -> list[Owner]:
    """``last`` and the allies listed with it: "Spain, Belgium and Canada" -> three owners."""
    chain = [last]
    earlier = [m for m in before if m.end <= last.start]
    for mention in reversed(earlier):
        gap = sentence[mention.end: chain[-1].start]
        if re.fullmatch(r"\s*(?:,|,?\s*and|&|as well as|,\s*as well as)\s*(?:the\s+)?", gap):
            if mention.other:
                break
            chain.append(mention)
        else:
            break
    owners: list[Owner] = []
    for mention in reversed(chain):
        if mention.owner not in owners:
            owners.append(mention.owner)
    return owners


def _year(clause: str, clause_start: int, pct: Percentage, published: int | None,
          previous: _Previous | None) -> tuple[int | None, str]:
    nearest = _nearest(_years(clause, clause_start, published), pct.start, pct.end)
    if nearest is None:
        if previous is not None and previous.year is not None:
            return previous.year, previous.year_reason + " (as the figure before it)"
        return None, "none said"
    year = nearest[1]
    evidence = nearest[2]
    if year is None:
        return None, f"'{evidence}' (the article's date is unknown)"
    return int(str(year)), f"'{evidence}'" + ("" if re.fullmatch(r"\d{4}(?:['’]s)?", evidence)
                                            else f" from the article's date ({published})")


def _kind(sentence: str, segment: str, seg_start: int, clause: tuple[int, int], pct: Percentage, bounded: bool,
          group_only: bool, year: int | None, published: int | None) -> tuple[str, str]:
    future = year is not None and published is not None and year > published
    past = year is not None and published is not None and year <= published
    if pct.range_role == "from" or re.search(r"\bfrom\s+(?:(?:the|its|their)\s+)?(?:(?:current|present|existing)\s+)?"
                                             r"(?:level\s+of\s+)?$", sentence[: pct.start]):
        return "current", "the starting level of a change ('from ...')"
    if bounded:
        if not group_only:
            clause_text = sentence[clause[0]: clause[1]]
            if future or re.search(r"\b(?:will|would|plans?|by 20\d\d|on track|expects?)\b", clause_text):
                return "plan", "the ally meeting the target in future"
            return "current", "the ally meeting the target"
        return "target", "a bounded target ('the ... target')"
    cue = _kind_cue(segment, pct.start - seg_start, pct.end - seg_start)
    if cue is None and year is not None and published is not None:
        if future:
            return ("target", "a future year, a group") if group_only else ("plan", "a future year")
        if past:
            return "current", "this or a past year"
    if cue is None:
        clause_text = sentence[clause[0]: clause[1]]
        cue = _kind_cue(clause_text, pct.start - clause[0], pct.end - clause[0]) or \
            _kind_cue(sentence, pct.start, pct.end)
    if cue is not None:
        kind, word = cue
        if group_only:
            if kind in ("plan", "intent"):
                return "target", f"'{word}' said of a group"
            if kind == "current" and (future or re.search(r"\b(?:target|goal|guideline)", sentence, re.IGNORECASE)):
                return "target", f"'{word}' but a group's target"
            return kind, f"'{word}'"
        if kind == "intent":
            return "plan", f"'{word}': the ally's own intention"
        if kind == "target" and _OWN_COMMITMENT.search(sentence):
            return "plan", f"'{word}': the ally's own commitment"
        if kind == "current" and future:
            return "plan", f"'{word}' but the year is ahead"
        return kind, f"'{word}'"
    if year is not None and re.search(rf"\bby\s+{year}\b", sentence) and not group_only:
        return "plan", f"'by {year}' for one ally"
    return ("target", "no cue, a group") if group_only else ("current", "no cue, an ally")
