"""Direct quotations in an article and who said them.

This module owns finding quoted spans (straight or curly, double or single
marks; a quote running over paragraphs when a paragraph opens a quote without
closing it and the next one opens again) and attributing each one by the
patterns news copy uses, in this order of trust:

- after the quote: ``"…," Rutte said`` / ``"…," said Nato Secretary General
  Mark Rutte`` / ``"…," Macron told reporters``;
- before it: ``Rutte said: "…"`` / ``…, stating, "…"``;
- a partial quote inside a sentence with a speaking verb (``Trump said it
  was a "great victory for everybody"``), when it is at least four words;
- a pronoun (``"…," he said``): the last person named so far, less sure;
- no verb: the paragraph's only named person, or the speaker of the quote just
  before (a quote paragraph following an attributed one), less sure still.

Scare quotes and short phrases inside reported speech are proposed with
``fragment=True``; quotes in the title, headline-like lead lines and photo
captions are not proposed. Anonymous sources ("officials said", "according to
people familiar with the talks") give speaker "" and iso3 ``None`` at a low
confidence. Speakers are resolved by ``speakers.SpeakerIndex``. Pure.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Iterable

from nato_desk.domain import Leader, Member

from nato_desk.ingest.articles.model import ArticleText, Paragraph, QuoteProposal
from nato_desk.ingest.articles.speakers import PRONOUNS, Speaker, SpeakerIndex, fold1, nationality

__all__ = ["find_quotes"]

# Confidence by pattern (documented in the reason as the pattern's name).
_CONF_DIRECT = 0.95  # a named speaker right before or after the quote
_CONF_STRANGER = 0.85  # the same, a person not in the directory
_CONF_ROLE = 0.85  # named by role only ("the NATO chief")
_CONF_PARTIAL = 0.8  # a partial quote in a sentence with a speaking verb
_CONF_PRONOUN = 0.7
_CONF_CONTINUED = 0.6  # a quote paragraph after the same speaker's quote
_CONF_PARAGRAPH = 0.55  # no verb: the paragraph's only named person
_CONF_BODY = 0.5  # "the statement said", "NATO said": an institution
_CONF_FRAGMENT = 0.3
_CONF_ANONYMOUS = 0.2

MIN_QUOTE_WORDS = 4  # shorter phrases inside a sentence are fragments

_VERBS = (
    "said|says|say|told|tells|added|adds|warned|warns|stated|states|declared|declares|insisted|insists|"
    "noted|notes|wrote|writes|asked|asks|argued|argues|explained|explains|continued|continues|stressed|"
    "stresses|replied|replies|tweeted|posted|remarked|remarks|urged|urges|announced|announces|acknowledged|"
    "acknowledges|conceded|concedes|concluded|predicted|predicts|vowed|vows|pledged|pledges|promised|"
    "promises|suggested|suggests|claimed|claims|emphasised|emphasized|emphasises|emphasizes|underlined|"
    "underlines|recalled|joked|quipped|responded|responds|proclaimed|proclaims|observed|cautioned|cautions|"
    "admitted|admits|boasted|boasts|complained|complains|commented|countered|maintained|maintains|"
    "contended|reiterated|reiterates|confirmed|confirms|agreed|agrees|assured|assures|told reporters|"
    "wrote on X|posted on X|shouted|snarled|snapped|retorted|shot back|fired back|hit back|thundered|mused|lamented|revealed|recounted|exclaimed|demanded|demands|hailed|hails|praised|praises|criticised|"
    "criticized|called|calls|described|describes|put it|went on|according to"
)
_PARTICIPLES = (
    "saying|stating|adding|declaring|telling|writing|insisting|warning|noting|arguing|explaining|"
    "stressing|telling reporters|asking|urging|calling it|describing it|proclaiming|acknowledging|"
    "emphasising|emphasizing|conceding|replying|responding|posting|tweeting"
)
_AUX = r"(?:(?:has|had|have|also|later|then|again|would|will|previously|once|recently|earlier|further|had also|has also|was quoted as|is quoted as)\s+)*"
_VERB_RE = re.compile(rf"(?<![-\w])(?:{_VERBS})\b")  # not "so-called"
_SPEAK_RE = re.compile(rf"\b(?:{_VERBS}|{_PARTICIPLES}|saying|said|says)\b", re.I)
# Verbs that news copy puts before the speaker ("said Rutte").
_INVERTED = re.compile(
    r"^(?:said|says|added|adds|wrote|writes|asked|asks|continued|warned|insisted|declared|stressed|"
    r"noted|explained|argued|replied|according to)\s+(?P<who>.+)$", re.I)
_ANONYMOUS = re.compile(
    r"\b(?:officials?|sources?|diplomats?|people|persons?|aides?|insiders?|analysts?|experts?|observers?|"
    r"someone|one|an? (?:senior|top|european|western|nato|u\.?s\.?|eu)\b|familiar)\b", re.I)
_BODY = re.compile(
    r"\b(?:government|ministry|office|statement|declaration|communiqu[eé]|alliance|nato|white house|"
    r"kremlin|palace|spokes\w+|embassy|cabinet|commission|council|summit text|text)\b", re.I)
_CAPTION = re.compile(
    r"^(?:photo|photograph|image|picture|pictured|caption|file photo|video)\b[:\s]|"
    r"\((?:ap|afp|reuters|epa|getty|anadolu|dpa|photo|credit)[^)]*\)\s*$|"
    r"\b(?:photograph|photo|image|credit)s?:\s|(?:/|\b)(?:getty images|afp via getty|reuters/|ap photo)",
    re.I)
_PREPOSITION = re.compile(r"\s(?:in|at|on|during|after|before|when|who|whose|as|to|from|while|speaking|adding|"
                          r"ahead|upon|with|outside|inside|following|late|earlier|last|this|told|said)\s")
# What follows a name that is a sentence's subject: a verb, maybe after an appositive.
_VERB_NEXT = re.compile(
    r"^(?:,[^,.;:]{1,80},|\s*\([^)]{1,40}\))?\s+(?:(?:has|had|is|was|will|would|also|then|later|again|further|however|"
    r"himself|herself)\s+)*(?:[a-z]+ed|[a-z]+s|spoke|said|told|wrote|made|met|went|came|took|gave|sent|"
    r"led|held|kept|left|put|set|won|lost|saw|thought|felt|struck|stood|sought|fought|did|got)\b")
_POLITICAL = re.compile(
    r"\b(?:minister|premier|chancellor|party|leader|lawmaker|mp|deputy|senator|spokes\w+|secretary|president|"
    r"mayor|parliament\w*|government|coalition|opposition|chair\w*|speaker)\b", re.I)
_ROLE_NAME = re.compile(
    r"\b(?:[Mm]inister|[Cc]hancellor|[Pp]resident|[Ll]eader|[Ss]ecretary|[Ss]pokes\w+|[Ee]conomist|[Aa]nalyst|"
    r"[Ll]awmaker|MP|[Ss]enator|[Aa]mbassador|[Cc]hief|[Hh]ead|[Dd]irector|[Cc]ommander|[Gg]eneral|[Aa]dmiral)"
    r"\s+(?P<name>[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){1,2})")
_NAME_APPOSITIVE = re.compile(
    r"(?<![\w’'])(?P<name>[A-ZÀ-Þ][\w'’-]+(?:\s+[A-ZÀ-Þ][\w'’-]+){1,2}),\s+(?:a|an|the)\s+(?P<role>[^,.;:“”\"]{3,80}),")
_ABBREVIATIONS = frozenset({"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "jr",
                            "no", "u.s", "u.k", "e.g", "i.e", "vs", "prof", "sgt", "adm", "maj", "capt"})
_NAME_MENTION = re.compile(r"[A-ZÀ-Þ][\w'’.-]*(?:\s+(?:(?:de|van|von|der|da|di|del|la|le)\s+)?[A-ZÀ-Þ][\w'’.-]*){0,4}")

_DOUBLE_OPEN = "“„«\""
_DOUBLE_CLOSE = "”»\""
_SINGLE_OPEN = "‘'"
_SINGLE_CLOSE = "’'"


@dataclass(frozen=True)
class _Span:
    """A quoted span: its parts' content offsets (in article.text) and its marks."""

    paragraph: int  # the first paragraph
    last_paragraph: int
    open_at: int  # the opening mark, in article.text
    close_at: int | None  # the closing mark, or None when the quote was never closed
    parts: tuple[tuple[int, int], ...]  # content (start, end) per paragraph



def _tail(text: str, limit: int) -> str:
    """The end of ``text`` for a reason, at most ``limit`` characters, starting at a word."""
    text = text.strip()
    if len(text) <= limit:
        return text
    cut = text[-limit:]
    return "\u2026" + cut[cut.find(" ") + 1:] if " " in cut else "\u2026" + cut

def _marks(text: str) -> list[tuple[int, int | None, str]]:
    """(open, close-or-None, family) for each quoted span in one paragraph, local offsets."""
    found: list[tuple[int, int | None, str]] = []
    open_at: int | None = None
    for i, ch in enumerate(text):
        if ch == '"':
            if open_at is None:
                open_at = i
            else:
                found.append((open_at, i, "double"))
                open_at = None
        elif ch in "“„«" and open_at is None:
            open_at = i
        elif ch in "”»" and open_at is not None:
            found.append((open_at, i, "double"))
            open_at = None
    if open_at is not None:
        found.append((open_at, None, "double"))
    taken = [(o, len(text) if c is None else c) for o, c, _ in found]
    found.extend(_single_marks(text, taken))
    return sorted(found, key=lambda m: m[0])


class _Spans:
    """Offsets inside any of some ``[open, close)`` spans, answered by bisection
    (the article's quoted spans: one test per name found, never a scan of them all)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        merged: list[list[int]] = []
        for o, c in sorted(spans):
            if merged and o <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], c)
            else:
                merged.append([o, c])
        self._opens = [o for o, _ in merged]
        self._closes = [c for _, c in merged]

    def holds(self, offset: int) -> bool:
        k = bisect.bisect_right(self._opens, offset) - 1
        return k >= 0 and offset < self._closes[k]


def _inside(i: int, taken: list[tuple[int, int]]) -> bool:
    return any(o <= i <= c for o, c in taken)


def _single_marks(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int | None, str]]:
    """Single-quoted spans outside double ones; apostrophes (NATO's, don't, allies' ) are not marks."""
    out: list[tuple[int, int | None, str]] = []
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        opener = (ch in _SINGLE_OPEN and not _inside(i, taken)
                  and (i == 0 or text[i - 1].isspace() or text[i - 1] in "([—–-/:")
                  and i + 1 < n and not text[i + 1].isspace()
                  and not re.match(r"\d0s|em\b|n\b|til\b|cause\b", text[i + 1:i + 5]))
        if not opener:
            i += 1
            continue
        candidates = [j for j in range(i + 2, n)
                      if text[j] in _SINGLE_CLOSE and not text[j - 1].isspace()
                      and (j + 1 == n or not text[j + 1].isalnum()) and not _inside(j, taken)]
        close: int | None = None
        for j in candidates:
            after = text[j + 1:j + 2]
            if text[j - 1] in ",.?!…;:—–-" or after == "" or after in ",.;:?!)—–":
                close = j
                break
            if text[j - 1] not in "sSz":  # "allies’ territory" is a possessive, not a close
                close = j
                break
        if close is None and candidates:
            close = candidates[-1]
        if close is None:
            if i == 0 or text[:i].rstrip().endswith((":", ",")):
                out.append((i, None, "single"))
            break
        out.append((i, close, "single"))
        taken = [*taken, (i, close)]
        i = close + 1
    return out


def _spans(article: ArticleText, skip: set[int]) -> list[_Span]:
    """Every quoted span, a quote left open continuing into a paragraph that reopens it."""
    spans: list[_Span] = []
    carry: _Span | None = None
    carry_family = ""
    for para in article.paragraphs:
        if para.index in skip:
            if carry is not None:
                spans.append(carry)
                carry = None
            continue
        marks = _marks(para.text)
        lead = len(para.text) - len(para.text.lstrip())
        if carry is not None:
            if marks and marks[0][0] == lead and marks[0][2] == carry_family:
                o, c, _ = marks.pop(0)
                end = para.start + (len(para.text) if c is None else c)
                carry = replace(carry, last_paragraph=para.index,
                                close_at=None if c is None else para.start + c,
                                parts=(*carry.parts, (para.start + o + 1, end)))
                if c is not None:
                    spans.append(carry)
                    carry = None
            else:
                spans.append(carry)
                carry = None
        for o, c, family in marks:
            end = para.start + (len(para.text) if c is None else c)
            span = _Span(para.index, para.index, para.start + o, None if c is None else para.start + c,
                         ((para.start + o + 1, end),))
            if c is None:
                carry, carry_family = span, family
                break
            spans.append(span)
    if carry is not None:
        spans.append(carry)
    return spans


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Content without surrounding spaces and a trailing comma (the sentence's, not the speaker's)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
        end -= 1
    return start, end


def _sentence_start(masked: str, i: int) -> int:
    """Offset where the sentence holding position ``i`` starts (quotes masked out)."""
    best = 0
    for m in re.finditer(r"[.!?…]+[\"”’']?\s+(?=[\"“‘'A-ZÀ-Þ0-9])", masked[: i + 1]):
        if m.end() > i:
            break
        word = re.search(r"([\w.]+)[.!?…]+[\"”’']?\s+$", masked[: m.end()])
        if word and (word.group(1).lower().rstrip(".") in _ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        best = m.end()
    return best


def _sentence_end(masked: str, i: int) -> int:
    for m in re.finditer(r"[.!?…]+[\"”’']?(?:\s+|$)", masked[i:]):
        word = re.search(r"([\w.]+)[.!?…]+[\"”’']?\s*$", masked[i: i + m.end()])
        if word and (word.group(1).lower().rstrip(".") in _ABBREVIATIONS or len(word.group(1)) == 1):
            continue
        return i + m.end()
    return len(masked)


@dataclass
class _Who:
    speaker: Speaker | None
    kind: str  # "named", "role", "pronoun", "anonymous", "body", ""
    words: str


class _Attributor:
    """The article-wide state attribution needs: the index and who was named where."""

    def __init__(self, article: ArticleText, index: SpeakerIndex) -> None:
        self.article = article
        self.index = index
        self.folded = fold1(article.text).lower()
        # Kept sorted by offset and searched by bisection, never scanned whole per
        # quote: an article's work stays linear in its length (issue 12).
        self.mentions: list[tuple[int, Speaker]] = []  # (offset, speaker), not possessive, not quoted
        self.subjects: set[int] = set()  # offsets of mentions that are a sentence's subject ("Rutte said")
        self._subject_offsets: list[int] = []  # ``subjects``, sorted
        self.ally = _article_ally(article, index)

    def place(self, speaker: Speaker) -> Speaker:
        """A stranger in a national political role, with no nationality word: the article's ally."""
        if speaker.leader_id is None and speaker.iso3 is None and self.ally and _POLITICAL.search(speaker.role):
            return replace(speaker, iso3=self.ally,
                           evidence=f"{speaker.evidence}; ally from the article's subject ({self.ally}), role '{speaker.role}'")
        return speaker

    def add_mention(self, at: int, speaker: Speaker, *, subject: bool = False) -> None:
        """Note ``speaker`` named at ``at`` (after any mention already at ``at``)."""
        bisect.insort_right(self.mentions, (at, speaker), key=lambda t: t[0])
        if subject and at not in self.subjects:
            self.subjects.add(at)
            bisect.insort(self._subject_offsets, at)

    def find_mentions(self, quoted: list[tuple[int, int]]) -> None:
        forms = self.index.known_forms()
        if not forms:
            return
        pattern = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(f) for f in forms) + r")(?![\w])")
        text = self.article.text
        inside = _Spans(quoted)
        for m in pattern.finditer(self.folded):
            s, e = m.start(), m.end()
            if not text[s].isupper() or inside.holds(s):
                continue
            if text[e:e + 2] in ("'s", "’s") or text[e:e + 1] in ("'", "’"):
                continue
            # Take the title words before the name, for the role.
            mention = _with_titles(text, s) + text[s:e]
            speaker = self.index.resolve(mention) or self.index.resolve(text[s:e])
            if speaker is not None:
                self.add_mention(s, speaker, subject=bool(_VERB_NEXT.match(text[e:e + 120])))
        # People not in the directory, named with a role: "Deputy prime minister Frank Vandenbroucke".
        known = {at for at, _ in self.mentions}
        # ... or with an appositive: "Carsten Brzeski, a senior economist at ING, told CNN".
        found = [(m, _with_titles(text, m.start()) + m.group(0), "") for m in _ROLE_NAME.finditer(text)]
        found += [(m, m.group("name"), m.group("role")) for m in _NAME_APPOSITIVE.finditer(text)]
        for m, words, role in found:
            s, e = m.start("name"), m.end("name")
            if inside.holds(s) or any(at in known for at in range(s, e)):  # e - s: one name's length
                continue
            speaker = self.index.resolve(words)
            if speaker is None or speaker.leader_id is not None:
                continue
            if role and not speaker.role:
                speaker = replace(speaker, role=role, iso3=speaker.iso3 or nationality_in(role, self.index))
            speaker = self.place(speaker)
            known.add(s)
            if role:
                e = m.end()
            self.index.remember(speaker)
            self.add_mention(s, speaker, subject=bool(_VERB_NEXT.match(text[e:e + 120])))

    def last_named_before(self, offset: int) -> tuple[int, Speaker] | None:
        """The last person named before ``offset``: the last subject ("Rutte said"), else the last named."""
        k = bisect.bisect_left(self._subject_offsets, offset)
        if k:
            # The last mention at that subject's offset (there is one: a subject is a mention).
            at = self._subject_offsets[k - 1]
            return self.mentions[bisect.bisect_right(self.mentions, at, key=lambda t: t[0]) - 1]
        before = bisect.bisect_left(self.mentions, offset, key=lambda t: t[0])
        return self.mentions[before - 1] if before else None

    def named_between(self, start: int, end: int) -> list[tuple[int, Speaker]]:
        """The mentions at ``start <= offset < end``, in order."""
        lo = bisect.bisect_left(self.mentions, start, key=lambda t: t[0])
        hi = bisect.bisect_left(self.mentions, end, key=lambda t: t[0])
        return self.mentions[lo:hi]

    def named_in(self, start: int, end: int) -> list[Speaker]:
        people: dict[str, Speaker] = {}
        for _at, speaker in self.named_between(start, end):
            people.setdefault(speaker.leader_id or speaker.name, speaker)
        return list(people.values())

    def who(self, words: str, at: int) -> _Who:
        """Resolve the words naming a speaker: appositives tried segment by segment."""
        words = re.sub(r"\s+", " ", words).strip(" ,;—–-")
        words = re.sub(r"^(?:and|but|so|as|while|when)\s+", "", words, flags=re.I)
        if not words:
            return _Who(None, "", words)
        if words.lower() in PRONOUNS or words.split(",")[-1].strip().lower() in PRONOUNS:
            return _Who(None, "pronoun", words)
        full = [s.strip() for s in words.split(",") if s.strip()]
        # "Rutte in Brussels on Tuesday": the name ends before the first preposition.
        segments = [_PREPOSITION.split(s, maxsplit=1)[0].strip() for s in full]
        for segment in reversed(segments):
            speaker = self.index.resolve(segment)
            if speaker is not None and speaker.leader_id is not None:
                kind = "named" if re.search(r"[A-Z]", segment.split()[-1][:1]) else "role"
                return _Who(speaker, kind, segment)
        for k, segment in enumerate(segments):
            speaker = self.index.resolve(segment)
            if speaker is not None:
                if not speaker.role and k + 1 < len(segments):
                    # "Jan Novak, the Slovak state secretary for defence": the appositive is the role.
                    role = re.sub(r"^(?:the|a|an)\s+", "", full[k + 1], flags=re.I)
                    speaker = replace(speaker, role=role, iso3=speaker.iso3 or nationality_in(role, self.index))
                speaker = self.place(speaker)
                self.index.remember(speaker)
                self.add_mention(at, speaker, subject=True)
                return _Who(speaker, "named", segment)
        if _ANONYMOUS.search(words):
            return _Who(None, "anonymous", words)
        if _BODY.search(words) and len(words.split()) <= 8:
            return _Who(Speaker(name="", role="", iso3=None, evidence=f"a body: '{words}'"), "body", words)
        return _Who(None, "", words)


_SUBJECTS = frozenset("""i we you he she it they there this that these those the our my your his her its
    their nato europe everyone everybody nobody no every all each some many none one spain""".split())
_CLAUSE_VERB = re.compile(
    r"^(?:is|are|was|were|will|would|can|could|must|should|shall|may|might|has|have|had|do|does|did|"
    r"need|needs|want|wants|remain|remains|\w+ed|\w+s)$|['’](?:m|re|s|ll|ve|d)$", re.I)


def _is_clause(quote: str) -> bool:
    """A quoted sentence or clause (a subject and a verb), not a phrase: 'we will raise …', 'Spain will need …'."""
    words = re.findall(r"[\w'’-]+", quote)
    if not words:
        return False
    if words[0][:1].isupper() and len(words) >= MIN_QUOTE_WORDS:
        return True
    return words[0].lower() in _SUBJECTS and any(_CLAUSE_VERB.match(w) for w in words[1:4])


def _with_titles(text: str, s: int) -> str:
    """The title words written before a name at ``s`` ("Dutch Prime Minister "), for its role."""
    head = re.search(r"((?:[A-Z][\w.'’&-]*\s+|(?:of|for|and)\s+){0,5})$", text[max(0, s - 80):s])
    words = head.group(1) if head else ""
    return re.sub(r"^(?:(?:of|for|and)\s+)+", "", words)


def _article_ally(article: ArticleText, index: SpeakerIndex) -> str | None:
    """The ally the article is about: the one named most (the title counts thrice), if clearly ahead."""
    counts: dict[str, int] = {}
    for word in re.findall(r"[A-Z][\w'’.]+(?:\s+[A-Z][a-z]+)?", article.text):
        iso3 = nationality(word, index.members) or nationality(word.split()[0], index.members)
        if iso3 and iso3 != "NATO":
            counts[iso3] = counts.get(iso3, 0) + 1
    for word in re.findall(r"[A-Z][\w'’.]+", article.title):
        iso3 = nationality(word, index.members)
        if iso3 and iso3 != "NATO":
            counts[iso3] = counts.get(iso3, 0) + 3
    if not counts:
        return None
    ranked = sorted(counts.items(), key=lambda kv: kv[1], reverse=True)
    top, n = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0
    return top if n >= 3 and n >= 2 * second else None


def nationality_in(words: str, index: SpeakerIndex) -> str | None:
    """The ally a nationality word in a stranger's role names ("the Slovak state secretary" -> SVK)."""
    for word in re.findall(r"[A-Z][\w.'’]*(?:\s+[A-Z][\w.]*)?", words):
        for candidate in (word, word.split()[0]):
            iso3 = nationality(candidate, index.members)
            if iso3 is not None and iso3 != "NATO":
                return iso3
    return None


def _who_before_verb(text: str) -> tuple[str, str] | None:
    """(speaker words, verb) when ``text`` ends "<who> <verb> [object]" before a quote."""
    best = None
    for m in _VERB_RE.finditer(text):
        best = m
    if best is None:
        return None
    head = text[: best.start()]
    head = re.sub(_AUX + r"$", "", head.rstrip() + " ").rstrip()
    head = re.sub(r"\b(?:has|had|have|also|later|then|again|would|will|was quoted as|is quoted as)$", "", head).rstrip()
    # The clause before the verb: from the last sentence-level break.
    clause = re.split(r"[;:]|(?<=[.!?])\s", head)[-1]
    return clause, best.group(0)


def find_quotes(article: ArticleText, leaders: Iterable[Leader], members: Iterable[Member]) -> list[QuoteProposal]:
    """Every direct quotation in ``article``, attributed, in reading order.

    Leaders are read at ``article.published`` (a leader out of office then is
    not a candidate); an unknown date reads the whole directory.
    """
    index = SpeakerIndex.build(leaders, members, article.published)
    skip = {p.index for p in article.paragraphs if _not_body(p, article, index)}
    spans = _spans(article, skip)
    text = article.text
    quoted = [(s.open_at, s.close_at if s.close_at is not None else s.parts[-1][1]) for s in spans]
    masked = list(text)
    for o, c in quoted:
        for i in range(o + 1, c):
            # Keep paragraph breaks, and a quote's own full stop: it ends the sentence too.
            if masked[i] != "\n" and not (i == c - 1 and masked[i] in ".!?…"):
                masked[i] = "x"
    masked_text = "".join(masked)
    att = _Attributor(article, index)
    att.find_mentions(quoted)
    out: list[QuoteProposal] = []
    proposed: set[tuple[str, str]] = set()  # (text, speaker) of ``out``: a repeat is looked up, not searched for
    previous: QuoteProposal | None = None
    for span in spans:
        proposal = _attribute(span, article, att, masked_text, previous)
        if proposal is None:
            continue
        if not proposal.fragment and not proposal.speaker and proposal.iso3 is None:
            continue  # anonymous or unattributed: no speaker to store it under (precision first)
        if (proposal.text, proposal.speaker) in proposed:
            continue
        proposed.add((proposal.text, proposal.speaker))
        out.append(proposal)
        if not proposal.fragment and proposal.speaker:
            previous = proposal
    return out


def _not_body(para: Paragraph, article: ArticleText, index: SpeakerIndex) -> bool:
    """The title, a headline-like lead line or a photo caption: its quotes are not proposed."""
    line = para.text.strip().strip("*").strip()
    if article.title and " ".join(line.split()).lower() == " ".join(article.title.split()).lower():
        return True
    if _CAPTION.search(line):
        return True
    # A headline or standfirst before the body: short, no sentence end outside quotes.
    if para.index <= 1 and len(line.split()) <= 20:
        bare = re.sub(r"[\"“”‘’']", "", line)
        return not re.search(r"[.!?…]$", bare)
    return False


def _attribute(span: _Span, article: ArticleText, att: _Attributor, masked: str,
               previous: QuoteProposal | None) -> QuoteProposal | None:
    text = article.text
    parts = [_trim(text, s, e) for s, e in span.parts]
    parts = [(s, e) for s, e in parts if e > s]
    if not parts:
        return None
    quote = " ".join(text[s:e] for s, e in parts)
    start, end = parts[0][0], parts[-1][1]
    first = article.paragraphs[span.paragraph]
    last = article.paragraphs[span.last_paragraph]
    n_words = len(quote.split())
    para_end = last.start + len(last.text)

    # Context: the sentence before the opening mark and after the closing one.
    s0 = first.start + _sentence_start(masked[first.start:span.open_at + 1], span.open_at - first.start)
    before = text[s0:span.open_at]
    close = span.close_at if span.close_at is not None else para_end
    after_end = last.start + _sentence_end(masked[last.start:para_end], close + 1 - last.start) if close < para_end else para_end
    # Stop the after-context at the next quote's opening mark.
    next_open = re.search(r"[\"“‘]", masked[close + 1:after_end])
    after = text[close + 1: close + 1 + next_open.start()] if next_open else text[close + 1:after_end]
    last_char = quote.rstrip()[-1:] if quote else ""
    closing_comma = text[parts[-1][1]:close].strip() == "," or last_char in "?!—–-…"
    lead = before.rstrip()
    # Inside a sentence ('said that "…"', 'called it "…"'): a clause quoted whole
    # is a quote; a phrase is a fragment of reported speech, whoever said it.
    # ('Slovakia, which …, "has other priorities"': a comma with no speaking verb before it is embedded too.)
    embedded = bool(re.search(r"\w", before)) and not (
        lead.endswith(":") or (lead.endswith((",", "—", "–")) and _SPEAK_RE.search(lead)))
    ends_sentence = re.match(r"^\s*(?:[.!?…]|$|,)", after) is not None or last_char in ".!?…," or closing_comma
    full_ok = not embedded or (n_words >= MIN_QUOTE_WORDS and ends_sentence and _is_clause(quote))

    def finish(got: QuoteProposal) -> QuoteProposal:
        if full_ok:
            return got
        return replace(got, fragment=True, confidence=_CONF_FRAGMENT,
                       reason=f"fragment: a phrase quoted inside reported speech; {got.reason}")

    def make(speaker: Speaker | None, confidence: float, reason: str, *, fragment: bool = False) -> QuoteProposal:
        sp = speaker or Speaker("", "", None)
        why = reason + (f" ({sp.evidence})" if sp.evidence else "")
        return QuoteProposal(text=quote, speaker=sp.name, role=sp.role, iso3=sp.iso3, confidence=confidence,
                             paragraph=span.paragraph, start=start, end=end, reason=why,
                             leader_id=sp.leader_id, fragment=fragment)

    def named(who: _Who, pattern: str, evidence: str, *, full: bool = True) -> QuoteProposal | None:
        if who.kind in ("named", "role") and who.speaker is not None:
            conf = _CONF_DIRECT if who.speaker.leader_id and who.kind == "named" else (
                _CONF_ROLE if who.speaker.leader_id else _CONF_STRANGER)
            if not full:
                conf = min(conf, _CONF_PARTIAL)
            return make(who.speaker, conf, f"{pattern}: '{evidence.strip()}'")
        if who.kind == "pronoun":
            ref = previous_speaker(span.open_at)
            if ref is not None:
                return make(ref, _CONF_PRONOUN if full else _CONF_PRONOUN - 0.1,
                            f"{pattern}, pronoun: '{evidence.strip()}' -> the last person named, {ref.name}")
            return make(None, _CONF_ANONYMOUS, f"{pattern}, pronoun with no one named before: '{evidence.strip()}'")
        if who.kind == "anonymous":
            return make(None, _CONF_ANONYMOUS, f"{pattern}, no named speaker: '{evidence.strip()}'")
        if who.kind == "body" and who.speaker is not None:
            resolved = att.index.resolve(who.words)
            body = Speaker(name="", role="", iso3=None, evidence=who.speaker.evidence)
            if re.search(r"\bnato\b|\balliance\b", who.words, re.I):
                body = Speaker(name="NATO", role="", iso3="NATO", evidence=who.speaker.evidence)
            elif resolved is not None:
                body = resolved
            return make(body, _CONF_BODY, f"{pattern}, an institution: '{evidence.strip()}'")
        return None

    def previous_speaker(offset: int) -> Speaker | None:
        ref = att.last_named_before(offset)
        if previous is not None and previous.end < offset and (ref is None or previous.start > ref[0]):
            return Speaker(previous.speaker, previous.role, previous.iso3, previous.leader_id,
                           f"speaker of the quote before: {previous.speaker}")
        return None if ref is None else ref[1]

    # 1. After the quote: '"…," Rutte said' / '"…," said Mark Rutte'.
    tail = after.strip()
    tail_clause = re.split(r"[.;:!?](?:\s|$)", tail, maxsplit=1)[0].strip(" ,—–-")
    if tail and (closing_comma or tail[:1].islower() or tail.startswith((",", "—", "–"))) or (
            last_char == "." and re.match(r"^\S+(?:\s+\S+){0,4}\s+(?:said|says|added|told reporters)\.?$", tail)):
        quoted_as = re.search(r"\bquoted\s+(?P<who>.{1,60}?)\s+as\s+saying\b", tail_clause)
        if quoted_as:
            got = named(att.who(quoted_as.group("who"), close), "after the quote", tail_clause, full=True)
            if got is not None:
                return finish(got)
        inverted = _INVERTED.match(tail_clause)
        if inverted:
            # "said Jan Novak, the Slovak state secretary": the appositive is kept for the role.
            who_words = inverted.group("who")
            got = named(att.who(who_words, close), "after the quote", tail_clause, full=True)
            if got is not None:
                return finish(got)
        verb = re.search(rf"\s{_AUX}\b(?:{_VERBS})\b", " " + tail_clause)
        if verb:
            who_words = (" " + tail_clause)[: verb.start()]
            if len(who_words.split()) <= 9:
                got = named(att.who(who_words, close), "after the quote", tail_clause, full=True)
                if got is not None:
                    return finish(got)

    # 2. Before: 'Rutte said: "…"' / '…, stating, "…"'.
    if lead.endswith((":", ",", "—", "–")) and _SPEAK_RE.search(lead):
        participle = re.search(rf"\b(?:{_PARTICIPLES})\b[^:,]*[:,—–]$", lead, re.I)
        found = _who_before_verb(lead)
        if found and not participle:
            who_words = found[0]
            got = named(att.who(who_words, span.open_at), "before the quote", _tail(lead, 80), full=True)
            if got is not None:
                return got
        # A participle ("…, stating,"): the sentence's subject, its first named person.
        subject = att.named_in(s0, span.open_at)
        if subject:
            return make(subject[0], _CONF_DIRECT if subject[0].leader_id else _CONF_STRANGER,
                        f"before the quote, subject of the sentence: '{_tail(lead, 80)}'")
        if found:
            got = named(att.who(found[0], span.open_at), "before the quote", _tail(lead, 80), full=True)
            if got is not None:
                return got

    # 3. Inside a sentence: a partial quote or a fragment.
    if embedded:
        sentence = before
        speaking = _who_before_verb(before)
        # A clause quoted whole ('said that "the government will …"') is a quote; a
        # phrase ('called it "a historic shift"', '"would be unnecessary" because')
        # is a fragment of reported speech.
        if speaking is not None and full_ok:
            who = att.who(speaking[0], span.open_at)
            if who.kind in ("named", "role", "pronoun"):
                got = named(who, "partial quote in reported speech", _tail(sentence, 80), full=False)
                if got is not None:
                    return got
        # A short phrase, or no speaking verb: a scare quote or a fragment of reported speech.
        owner = None
        if speaking is not None:
            owner = att.who(speaking[0], span.open_at)
        sp = owner.speaker if owner is not None and owner.kind in ("named", "role") else None
        if owner is not None and owner.kind == "pronoun":
            sp = previous_speaker(span.open_at)
        why = "fragment: " + (f"{n_words} word(s) inside reported speech" if speaking else "a phrase in a sentence with no speaking verb")
        return make(sp, _CONF_FRAGMENT, f"{why}: '{_tail(sentence, 60)}'", fragment=True)

    # 4. A standalone quote with no verb: the paragraph's named speaker or the previous quote's.
    people = att.named_in(first.start, para_end)
    if n_words < MIN_QUOTE_WORDS and not tail:
        return make(None, _CONF_FRAGMENT, f"fragment: {n_words} word(s) quoted alone", fragment=True)
    if previous is not None and previous.paragraph >= span.paragraph - 3:
        named_since = [sp for _at, sp in att.named_between(previous.end + 1, span.open_at)]
        if all(sp.name == previous.speaker for sp in named_since):
            ref = Speaker(previous.speaker, previous.role, previous.iso3, previous.leader_id)
            return make(ref, _CONF_CONTINUED, f"no verb: follows {previous.speaker}'s quote, no one else named since")
    if len(people) == 1:
        return make(people[0], _CONF_PARAGRAPH, f"no verb: the paragraph's only named person, {people[0].name}")
    if n_words < MIN_QUOTE_WORDS:
        return make(None, _CONF_FRAGMENT, f"fragment: {n_words} word(s) with no speaker", fragment=True)
    return make(None, _CONF_ANONYMOUS, "no attribution found")
