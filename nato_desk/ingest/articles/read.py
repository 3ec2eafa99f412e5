"""A pasted text, a .txt or a saved .html page -> an ``ArticleText``, or a refusal.

This module owns reading an article before anything looks for quotes in it:

* **Paragraphs.** Each non-empty line is a paragraph (news copy pasted from a
  browser or an agency feed puts one paragraph on a line), except in a block of
  hard-wrapped lines (short lines, separated from the next block by a blank
  line, mostly not ending a sentence), whose lines are joined. A paragraph the
  source prints again (compared after collapsing whitespace) is kept once, at
  its first place, and its ``repeats`` counted: the syndicated seed article
  repeats six whole paragraphs. Photo captions and bylines stay paragraphs;
  deciding that they hold no quote is the quote finder's job.
* **Title.** The first line written wholly in ``**bold**`` is the title and is
  not a paragraph (nor is any line repeating it); a page's own title comes from
  its metadata instead.
* **Pages.** A saved .html/.htm page's main text is taken out with trafilatura,
  offline (menus, adverts, related links and footers left behind), and its
  metadata proposes the title, outlet, date and URL. Nothing is fetched and
  nothing is kept as HTML: the result is plain text.
* **Refusals** (``ImportRejected``, naming the file): an empty file, a binary
  one (a PDF, a Word file, an image: said by name), one over the size limit, a
  page with no article text, and a text in another language (named when it is
  German, French, Spanish, Italian, Dutch or Polish). English is told from the
  share of common function words, so an English article quoting a foreign
  phrase passes.

No Qt, no storage; trafilatura is imported only when a page is read.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from pathlib import PurePath

from nato_desk.ingest.articles.model import ArticleText, Paragraph
from nato_desk.ingest.decode import read_text
from nato_desk.ingest.limits import MAX_ARTICLE_CHARS
from nato_desk.ingest.rejected import ImportRejected

__all__ = [
    "MAX_ARTICLE_FILE_BYTES",
    "MAX_PAGE_FILE_BYTES",
    "article_from_text",
    "detect_language",
    "read_article_file",
]

MAX_ARTICLE_FILE_BYTES = 2 * 1024 * 1024
"""A .txt article's size in bytes (2 MB): a long feature is under 100 kB."""

MAX_PAGE_FILE_BYTES = 10 * 1024 * 1024
"""A saved .html page's size in bytes (10 MB): pages carry their scripts and styles inline."""

_TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
_PAGE_SUFFIXES = frozenset({".html", ".htm", ".xhtml", ".shtml"})

# What a binary file is, by its first bytes, so the refusal can say it (a
# PDF or a Word file is the usual mistake) rather than "not UTF-8".
_MAGIC = (
    (b"%PDF-", "a PDF file"),
    (b"PK\x03\x04", "a zip archive (a Word, OpenDocument or other packaged file)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Word or Excel file"),
    (b"{\\rtf", "an RTF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"\x1f\x8b", "a gzip archive"),
)
_SAVE_AS = "save the article as text (.txt) or the web page as HTML (.html), or paste its text"

# A page whose main text has no paragraph this long is a menu, a login form
# or a "turn on JavaScript" notice, not an article.
_MIN_PAGE_PARAGRAPH_WORDS = 12

# ------------------------------------------------------------------ language

# The most frequent function words of each language. They make up about a
# third to a half of running text in their own language and almost none in
# the others; words two languages share (de, la, in, a...) sit in both lists,
# which costs nothing because only the ranking and the English share matter.
_STOPWORDS: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in a is that for on with as was by it at be from this are has have "
        "will said its an not but which their they he his were been would who had or more "
        "than after over also we our about".split()
    ),
    "de": frozenset(
        "der die das und ist nicht mit den von zu auf für sich dem des ein eine im auch es "
        "als wird werden bei nach sie er wir noch wie über hat haben sind aus einer durch".split()
    ),
    "fr": frozenset(
        "le la les de des et est un une du en pour que qui dans pas sur au aux avec ce il "
        "elle sont par ne se plus nous mais ont cette été leur ses".split()
    ),
    "es": frozenset(
        "el la los las de del y que en un una es por con para se no su al lo como más "
        "pero sus ha fue este esta son entre también".split()
    ),
    "it": frozenset(
        "il lo la gli le di del della e che è un una per non con si da al alla sono nel "
        "anche più ha dei delle questo come ma".split()
    ),
    "nl": frozenset(
        "de het een en van is dat op te in voor met niet zijn die aan er ook als door bij "
        "om naar wordt werd heeft hebben maar nog wel".split()
    ),
    "pl": frozenset(
        "i w z na się nie do że to jest o jak po od za przez dla oraz co ale jego które "
        "być tak już jako roku może ich są ma mają będzie był została został czy przy tym też "
        "a także który która".split()
    ),
}
_LANGUAGE_NAMES = {"de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
                   "nl": "Dutch", "pl": "Polish"}
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_MIN_WORDS_TO_JUDGE = 30  # a pasted paragraph or two of quotes is not judged
_MIN_ANY_SHARE = 0.05  # below this for every language, the text is a list, not prose
_MIN_ENGLISH_SHARE = 0.12  # English news copy runs at 0.3-0.45
_MIN_NAMED_SHARE = 0.2  # another language named only when its words are this common


def detect_language(text: str) -> str | None:
    """``"en"``, another language's code (de, fr, es, it, nl, pl), ``""`` for "not English,
    cannot tell which", or ``None`` when the text is too short (or too list-like) to judge."""
    found = _WORD.findall(text)
    if len(found) < _MIN_WORDS_TO_JUDGE:
        return None
    words = [w.lower() for w in found]
    share = {lang: sum(w in stop for w in words) / len(words) for lang, stop in _STOPWORDS.items()}
    best, second = sorted(share, key=lambda lang: share[lang], reverse=True)[:2]
    if share[best] < _MIN_ANY_SHARE:
        # No language's function words: prose in another language (mostly
        # lower-case words), or a list of names and figures, which is let be.
        prose = sum(w[:1].islower() for w in found) * 2 >= len(found)
        return "" if prose else None
    if best == "en" or share["en"] >= _MIN_ENGLISH_SHARE and share["en"] >= 0.6 * share[best]:
        return "en"
    # Named only when clearly ahead: Portuguese, say, scores a little in Spanish.
    clear = share[best] >= _MIN_NAMED_SHARE and share[best] >= 1.5 * share[second]
    return best if clear else ""


def _require_english(text: str, name: str) -> str:
    language = detect_language(text)
    if language is None or language == "en":
        return "en"
    what = f"in {_LANGUAGE_NAMES[language]}" if language else "not in English"
    raise ImportRejected(name, "", "", f"is {what}; quotes and claims are read from English "
                                       "articles only (open an English version or translation)")


# ------------------------------------------------------------------ text


def _bold(line: str) -> str | None:
    """The text of a line that is entirely ``**bold**``, else ``None``."""
    line = line.strip()
    if len(line) > 4 and line.startswith("**") and line.endswith("**"):
        return line[2:-2].strip()
    return None


def _key(paragraph: str) -> str:
    return " ".join(paragraph.split())


_SENTENCE_END = ('.', '!', '?', ':', '"', '”', '’', "'", ')', '…')
_WRAP_WIDTH = 100  # hard-wrapped copy breaks lines at 60-80 characters


def _is_wrapped(lines: list[str]) -> bool:
    """A block of hard-wrapped lines (one paragraph) rather than one paragraph a line.

    Hard wrapping breaks lines mid-sentence, so most lines run on into a next
    line starting in lower case; a headline above a short paragraph does not.
    """
    if len(lines) < 2 or any(len(line) > _WRAP_WIDTH for line in lines[:-1]):
        return False
    runs_on = sum(not line.endswith(_SENTENCE_END) and nxt[:1].islower()
                  for line, nxt in zip(lines, lines[1:]))
    return runs_on * 2 >= len(lines) - 1


def _paragraphs(text: str) -> Iterator[str]:
    block: list[str] = []
    for line in [*text.splitlines(), ""]:
        if line.strip():
            block.append(line.strip())
            continue
        if _is_wrapped(block):
            yield " ".join(block)
        else:
            yield from block
        block = []


def article_from_text(text: str, name: str = "pasted text", *, title: str = "", outlet: str = "",
                      published: str = "", url: str = "") -> ArticleText:
    """Read an article's text: distinct paragraphs in reading order, repeats counted.

    ``title`` is taken from the first wholly ``**bold**`` line when not given;
    that line (and every line repeating it) is not a paragraph. A leading
    paragraph that only repeats the title (pages print their headline) is
    dropped too.

    Raises:
        ImportRejected: the text is empty, over ``MAX_ARTICLE_CHARS``, has no
            paragraph besides its title, or is not in English (``name`` is its
            display name in the message).
    """
    if len(text) > MAX_ARTICLE_CHARS:
        raise ImportRejected(name, "", "", f"is {len(text):,} characters, over the "
                                           f"{MAX_ARTICLE_CHARS:,}-character limit for an article")
    if not text.strip():
        raise ImportRejected(name, "", "", "is empty: there is no article text to read")
    bold_title = next((t for t in map(_bold, text.splitlines()) if t), "")
    title = " ".join(title.split()) or bold_title
    found: dict[str, list[str | int]] = {}  # key -> [first text, repeats]; insertion-ordered
    for paragraph in _paragraphs(text):
        if bold_title and _bold(paragraph) == bold_title:
            continue
        if not found and title and _key(paragraph).casefold() == title.casefold():
            continue  # the page's headline printed above its body
        entry = found.setdefault(_key(paragraph), [paragraph, -1])
        entry[1] = int(entry[1]) + 1
    if not found:
        raise ImportRejected(name, "", "", "has a title but no article text")
    paragraphs: list[Paragraph] = []
    offset = 0
    for index, (body, repeats) in enumerate(found.values()):
        paragraphs.append(Paragraph(index=index, start=offset, text=str(body), repeats=int(repeats)))
        offset += len(str(body)) + 2
    joined = "\n\n".join(p.text for p in paragraphs)
    language = _require_english(joined, name)
    return ArticleText(text=joined, paragraphs=tuple(paragraphs), title=title, outlet=outlet,
                       published=published, url=url, language=language)


# ------------------------------------------------------------------ files


def _refuse_binary(raw: bytes, name: str) -> None:
    for magic, what in _MAGIC:
        if raw.startswith(magic):
            raise ImportRejected(name, "", "", f"is {what}, not an article; {_SAVE_AS}")


_DECLARED_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)


def _page_text(raw: bytes, name: str) -> str:
    """A page's bytes as text: UTF-8, or the encoding the page itself declares.

    Older sites still save as windows-1252 or ISO-8859-x and say so in a
    ``<meta charset>``; that is the page's own word, not a guess. Anything
    else goes through ``read_text``'s plain refusals.
    """
    try:
        return read_text(raw, name, max_bytes=MAX_PAGE_FILE_BYTES)
    except ImportRejected:
        declared = _DECLARED_CHARSET.search(raw[:4096])
        if declared is None or b"\x00" in raw:
            raise
        try:
            encoding = codecs.lookup(declared.group(1).decode("ascii")).name
        except (LookupError, UnicodeDecodeError):
            raise ImportRejected(name, "", "", "declares the character set "
                                 f"'{declared.group(1).decode('ascii', 'replace')}', which is not known; "
                                 "save the page again as UTF-8") from None
        if encoding.replace("-", "").replace("_", "") in {"utf8", "utf8sig"}:
            raise
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            raise ImportRejected(name, f"byte {exc.start}", "", f"does not decode as {encoding}, "
                                 "the character set it declares; save the page again as UTF-8") from None


def _looks_like_html(text: str) -> bool:
    head = text.lstrip("\ufeff \t\r\n")[:1024].lower()
    return head.startswith(("<!doctype html", "<html")) or head.startswith("<?xml") and "<html" in head


def _metadata_date(value: str | None) -> str:
    """``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` from the page's date, else ``""``."""
    match = re.match(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value or "")
    return "-".join(part for part in match.groups() if part) if match else ""


def _from_page(html: str, name: str) -> ArticleText:
    import trafilatura  # heavy (lxml, htmldate, courlan): only when a page is read

    body = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=False,
                               include_images=False, include_links=False, include_formatting=False,
                               with_metadata=False, deduplicate=False)
    # No extensive date search: it turns a footer's "(c) 2024" into 2024-01-01
    # and a link to another dated story into this one's date. Only what the
    # page states (its metadata, a <time>, a dated byline) is proposed, and
    # the publication date before any "updated" one.
    meta = trafilatura.extract_metadata(html, date_config={"original_date": True, "extensive_search": False})
    words = max((len(line.split()) for line in (body or "").splitlines()), default=0)
    if words < _MIN_PAGE_PARAGRAPH_WORDS:
        raise ImportRejected(name, "", "", "has no article text that could be found (only menus, links or "
                             "notices); save the page once the article has loaded, or paste the "
                             "article's text")
    title = outlet = published = url = ""
    if meta is not None:
        title = meta.title or ""
        outlet = meta.sitename or meta.hostname or ""
        published = _metadata_date(meta.date)
        url = meta.url or ""
    return article_from_text(body or "", name, title=title, outlet=outlet, published=published, url=url)


def read_article_file(raw: bytes, name: str) -> ArticleText:
    """Read an article file: a .txt (UTF-8) or a saved .html/.htm page.

    A file with another or no suffix is read as a page when it starts like
    one, else as text; a binary file is refused by what it is.

    Raises:
        ImportRejected: empty, binary, over the size limit, not UTF-8 (a page
            may declare another character set), a page with no article text,
            or not in English.
    """
    if not raw.strip():
        raise ImportRejected(name, "", "", "is empty: there is no article text to read")
    _refuse_binary(raw, name)
    suffix = PurePath(name).suffix.lower()
    if suffix in _PAGE_SUFFIXES:
        return _from_page(_page_text(raw, name), name)
    if suffix not in _TEXT_SUFFIXES and _looks_like_html(raw[:1024].decode("utf-8", "replace")):
        return _from_page(_page_text(raw, name), name)
    text = read_text(raw, name, max_bytes=MAX_ARTICLE_FILE_BYTES)
    return article_from_text(text, name)
