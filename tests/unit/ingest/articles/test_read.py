"""Reading an article: the seed's repeats counted once, a saved page's body and
metadata, offsets that point at each paragraph, and every refusal."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nato_desk.ingest import ARTICLE_FILE, ImportRejected, seed_folder
from nato_desk.ingest.articles.read import (
    MAX_ARTICLE_FILE_BYTES,
    MAX_PAGE_FILE_BYTES,
    article_from_text,
    detect_language,
    read_article_file,
)
from nato_desk.ingest.limits import MAX_ARTICLE_CHARS

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "articles_input"
SEED_TITLE = "NATO Leaders Gear Up for Historic Defense Spending Increase at The Hague Summit"


def _seed_bytes() -> bytes:
    return seed_folder().joinpath(ARTICLE_FILE).read_bytes()


def _refusal(raw: bytes, name: str) -> str:
    with pytest.raises(ImportRejected) as caught:
        read_article_file(raw, name)
    message = str(caught.value)
    assert message.startswith(f"{name}"), message
    return message


# ------------------------------------------------------------------ the seed article


def test_the_seed_article_reads_each_paragraph_once_with_its_repeats_counted():
    article = read_article_file(_seed_bytes(), ARTICLE_FILE)
    assert article.title == SEED_TITLE
    # 18 lines: a teaser, the bold title twice, a blank, a standfirst and 7
    # body paragraphs, then 6 of those body paragraphs printed again.
    assert len(article.paragraphs) == 9
    assert article.repeated == 6
    assert [p.repeats for p in article.paragraphs] == [0, 0, 0, 1, 1, 1, 1, 1, 1]
    assert article.paragraphs[0].text.startswith("Each member's commitment")
    assert article.paragraphs[1].text.startswith("NATO members convene")
    assert article.paragraphs[-1].text.startswith("UK Prime Minister Sir Keir Starmer")
    assert all("**" not in p.text for p in article.paragraphs)
    assert article.text.count("That changes today.") == 1
    assert article.language == "en"


def test_paragraph_offsets_point_at_the_paragraphs_in_the_joined_text():
    article = read_article_file(_seed_bytes(), ARTICLE_FILE)
    assert article.text == "\n\n".join(p.text for p in article.paragraphs)
    for index, paragraph in enumerate(article.paragraphs):
        assert paragraph.index == index
        assert article.text[paragraph.start:paragraph.start + len(paragraph.text)] == paragraph.text
    rutte = article.text.index("That changes today.")
    holder = max((p for p in article.paragraphs if p.start <= rutte), key=lambda p: p.start)
    assert "Secretary General Mark Rutte" in holder.text


def test_repeats_are_found_after_normalising_whitespace_and_the_first_copy_is_kept():
    text = "First  paragraph, as printed.\nSecond one.\n\nFirst paragraph,\tas printed.  \nSecond one.\nThird.\n"
    article = article_from_text(text)
    assert [p.text for p in article.paragraphs] == ["First  paragraph, as printed.", "Second one.", "Third."]
    assert [p.repeats for p in article.paragraphs] == [1, 1, 0]
    assert article.repeated == 2


def test_a_bold_line_is_the_title_and_not_a_paragraph_but_a_given_title_wins():
    text = "**Allies agree new target**\nLead paragraph.\n**Allies agree new target**\nBody.\n"
    article = article_from_text(text)
    assert article.title == "Allies agree new target"
    assert [p.text for p in article.paragraphs] == ["Lead paragraph.", "Body."]
    given = article_from_text(text, title="From the page", outlet="Courier", published="2025-06-25",
                              url="https://example.test/a")
    assert (given.title, given.outlet, given.published, given.url) == (
        "From the page", "Courier", "2025-06-25", "https://example.test/a")
    assert [p.text for p in given.paragraphs] == ["Lead paragraph.", "Body."]


def test_captions_and_bylines_stay_paragraphs_for_the_quote_finder_to_judge():
    text = ("By Jane Marsh, Reuters\n"
            "Leaders pose for the \"family photo\" at the summit. REUTERS/Piroschka van de Wouw\n"
            "\"That changes today,\" Rutte said.\n")
    assert [p.text for p in article_from_text(text).paragraphs] == text.splitlines()


def test_hard_wrapped_lines_are_joined_into_their_paragraph_but_a_headline_is_not():
    wrapped = ("Defence ministers met in Brussels on Thursday to discuss how the\n"
               "alliance's new spending target would be reported, officials said,\n"
               "and agreed to publish the first figures next year.\n"
               "\n"
               "A second paragraph follows here.\n")
    article = article_from_text(wrapped)
    assert [p.text for p in article.paragraphs] == [
        "Defence ministers met in Brussels on Thursday to discuss how the alliance's new spending "
        "target would be reported, officials said, and agreed to publish the first figures next year.",
        "A second paragraph follows here."]
    headline = "Spain holds out on spending\nMadrid says 2.1% is enough.\nOthers disagree.\n"
    assert len(article_from_text(headline).paragraphs) == 3


def test_windows_line_ends_and_a_byte_order_mark_are_read():
    raw = "\ufeff**Title**\r\nOne.\r\nTwo.\r\nOne.\r\n".encode()
    article = read_article_file(raw, "notes.txt")
    assert article.title == "Title"
    assert [p.text for p in article.paragraphs] == ["One.", "Two."]
    assert article.repeated == 1


# ------------------------------------------------------------------ a saved page


def test_a_saved_page_gives_the_article_body_without_the_page_around_it():
    raw = (FIXTURES / "courier_poland_budget.html").read_bytes()
    article = read_article_file(raw, "courier_poland_budget.html")
    texts = [p.text for p in article.paragraphs]
    assert texts[0] == ("Warsaw's draft budget puts military spending at its highest share of output "
                        "since the Cold War.")
    assert any(t.startswith("Poland's government approved a draft budget on Thursday") for t in texts)
    assert texts[-1].startswith("Opposition lawmakers have questioned the fund's transparency")
    assert any('"The question is no longer whether Poland can afford it," she said.' in t for t in texts)
    # No navigation, cookie banner, advert, related links, newsletter or footer.
    for clutter in ("cookie", "Subscribe", "ADVERTISEMENT", "3.9% APR", "Save 40%", "Related stories",
                    "Baltic states pledge", "Share on", "newsletter", "All rights reserved", "Privacy"):
        assert clutter not in article.text, clutter
    assert "<" not in article.text and "&amp;" not in article.text
    # The headline is the title, not repeated as the first paragraph.
    assert article.title == "Poland sets record defence budget for 2026"
    assert article.title not in texts


def test_a_saved_page_proposes_its_outlet_date_and_url():
    article = read_article_file((FIXTURES / "courier_poland_budget.html").read_bytes(), "page.htm")
    assert article.outlet == "The Example Courier"
    assert article.published == "2025-08-28"
    assert article.url == "https://www.example-courier.test/world/europe/poland-defence-budget-2026"


def test_a_page_proposes_no_date_it_does_not_state():
    body = ("<p>Ministers met in Brussels on Tuesday and agreed that the alliance would publish its spending "
            "figures every year from now on, officials said.</p>")
    undated = (f"<html><head><title>Figures</title></head><body><article>{body}"
               "<a href='/2025/06/24/another-story'>Another story</a></article>"
               "<footer><p>\u00a9 2024 Example Ltd</p></footer></body></html>")
    assert read_article_file(undated.encode(), "undated.html").published == ""
    dated = undated.replace("<article>", "<article><time datetime='2025-06-20T10:00'>20 June 2025</time>")
    assert read_article_file(dated.encode(), "dated.html").published == "2025-06-20"


def test_reading_a_page_never_touches_the_network(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("an article page was read over the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    raw = (FIXTURES / "courier_poland_budget.html").read_bytes()
    assert read_article_file(raw, "page.html").published == "2025-08-28"


def test_a_page_without_a_suffix_is_recognised_by_its_start():
    raw = (FIXTURES / "courier_poland_budget.html").read_bytes()
    assert read_article_file(raw, "download").outlet == "The Example Courier"


def test_a_page_in_the_character_set_it_declares_is_read():
    html = ("<html><head><meta charset=\"windows-1252\"><title>Caf\u00e9 talks</title></head><body><article>"
            "<p>Ministers met in a caf\u00e9 near the summit venue on Tuesday and agreed that the alliance's "
            "spending figures should be published every year, officials said.</p></article></body></html>")
    article = read_article_file(html.encode("cp1252"), "old.html")
    assert "caf\u00e9 near the summit" in article.text


# ------------------------------------------------------------------ refusals


@pytest.mark.parametrize("raw", [b"", b"   \n\r\n\t", "\ufeff".encode(), "\ufeff\n\n".encode()])
def test_an_empty_file_is_refused(raw):
    assert "is empty" in _refusal(raw, "empty.txt")


def test_a_file_with_only_a_title_is_refused():
    assert "no article text" in _refusal(b"**Just a headline**\n", "title.txt")


@pytest.mark.parametrize(("raw", "what"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF file"),
    (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "a zip archive"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "a JPEG image"),
])
def test_a_binary_file_is_refused_by_what_it_is(raw, what):
    message = _refusal(raw, "article.txt")
    assert what in message and ".txt" in message and ".html" in message


def test_a_file_with_nul_bytes_or_bytes_that_are_not_text_is_refused():
    assert "NUL bytes" in _refusal(b"Some text\x00\x01\x02 more", "blob.txt")
    assert "UTF-16" in _refusal("Leaders met.".encode("utf-16"), "wide.txt")
    assert "not UTF-8" in _refusal("Caf\u00e9 talks in Brussels.".encode("cp1252"), "latin.txt")


def test_a_text_file_over_the_size_limit_is_refused_before_reading():
    raw = b"Leaders met in The Hague. " * (MAX_ARTICLE_FILE_BYTES // 26 + 1)
    assert len(raw) > MAX_ARTICLE_FILE_BYTES
    assert f"{MAX_ARTICLE_FILE_BYTES:,}-byte limit" in _refusal(raw, "huge.txt")


def test_a_page_over_its_size_limit_is_refused():
    raw = b"<html><body><p>" + b"x" * MAX_PAGE_FILE_BYTES + b"</p></body></html>"
    assert f"{MAX_PAGE_FILE_BYTES:,}-byte limit" in _refusal(raw, "huge.html")


def test_a_text_over_the_character_limit_is_refused():
    with pytest.raises(ImportRejected, match="character limit for an article"):
        article_from_text("a" * (MAX_ARTICLE_CHARS + 1), "pasted text")


@pytest.mark.parametrize("body", [
    "",
    "<nav><ul><li><a href='/w'>World</a></li><li><a href='/p'>Politics</a></li></ul></nav>"
    "<footer><p>\u00a9 2025 Example. All rights reserved.</p></footer>",
    "<h1>Sign in</h1><form><input name='u'><input type='password'></form><p>Forgot your password?</p>",
    "<div id='root'></div><noscript>You need to enable JavaScript to run this app.</noscript>",
])
def test_a_page_with_no_article_text_is_refused(body):
    raw = f"<!DOCTYPE html><html><head><title>Page</title></head><body>{body}</body></html>".encode()
    assert "no article text" in _refusal(raw, "page.html")


# Short news paragraphs written for these tests, one per language.
FOREIGN = {
    "German": "Die Bundesregierung hat am Mittwoch beschlossen, die Verteidigungsausgaben im kommenden Jahr "
              "deutlich zu erhöhen. Nach den Plänen des Finanzministers soll der Wehretat bis 2029 auf 3,5 "
              "Prozent der Wirtschaftsleistung steigen. Die Opposition kritisierte, dass die Mittel nicht "
              "ausreichend kontrolliert würden und die Schuldenbremse für die Bundeswehr gelockert werde.",
    "French": "Le gouvernement a présenté mercredi un projet de loi de programmation militaire qui prévoit une "
              "hausse importante des dépenses de défense. Selon le ministre des Armées, le budget doit "
              "atteindre 3,5 % du produit intérieur brut d'ici 2035, conformément à l'engagement pris au "
              "sommet de l'Otan à La Haye.",
    "Spanish": "El Gobierno de España aprobó este martes el plan de gasto en defensa, que según el ministro de "
               "Economía permitirá alcanzar el 2,1 % del producto interior bruto este año. El presidente del "
               "Gobierno defendió que el objetivo del 5 % acordado por los aliados de la OTAN no es razonable "
               "para el país.",
    "Italian": "Il governo italiano ha annunciato che la spesa per la difesa salirà al 2 per cento del prodotto "
               "interno lordo già quest'anno, grazie anche a una nuova classificazione delle voci di bilancio. "
               "Il ministro della Difesa ha spiegato che l'obiettivo concordato all'Aja sarà raggiunto "
               "gradualmente e che non ci saranno tagli alla sanità.",
    "Dutch": "Het kabinet heeft dinsdag bekendgemaakt dat de uitgaven aan defensie de komende jaren fors worden "
             "verhoogd. Volgens de minister moet Nederland in 2035 ruim drie procent van het bruto binnenlands "
             "product aan de krijgsmacht besteden, zoals afgesproken op de NAVO-top in Den Haag. De oppositie "
             "vraagt zich af hoe het kabinet dat wil betalen.",
    "Polish": "Rząd przyjął we wtorek projekt budżetu na przyszły rok, w którym wydatki na obronność mają wynieść "
              "4,8 proc. produktu krajowego brutto. Minister obrony narodowej podkreślił, że to najwyższy poziom "
              "wśród państw NATO i że pieniądze zostaną przeznaczone przede wszystkim na obronę powietrzną oraz "
              "artylerię.",
}
SWEDISH = ("Regeringen meddelade på tisdagen att försvarsutgifterna ska öka kraftigt under de kommande åren. "
           "Enligt försvarsministern ska Sverige nå 3,5 procent av bruttonationalprodukten år 2030, vilket är "
           "tidigare än vad Nato har krävt. Oppositionen välkomnar beskedet men vill veta hur satsningen ska "
           "finansieras.")


@pytest.mark.parametrize("language", sorted(FOREIGN))
def test_an_article_in_a_common_language_is_refused_by_name(language):
    message = _refusal(FOREIGN[language].encode(), "artikel.txt")
    assert f"is in {language};" in message and "English" in message


def test_an_article_in_a_language_it_cannot_name_is_refused_as_not_english():
    assert "is not in English" in _refusal(SWEDISH.encode(), "artikel.txt")


def test_a_page_in_another_language_is_refused_too():
    html = (f"<html lang='de'><head><title>Wehretat</title></head><body><article><p>{FOREIGN['German']}</p>"
            "</article></body></html>")
    assert "is in German" in _refusal(html.encode(), "seite.html")


def test_an_english_article_quoting_a_foreign_phrase_passes():
    text = ("German Chancellor Friedrich Merz told the Bundestag that the country would meet the new target.\n"
            "\"Wir werden die Bundeswehr zur stärksten konventionellen Armee Europas machen,\" he said, which "
            "means the army would become the strongest conventional force in Europe.\n"
            "French President Emmanuel Macron said: \"Nous devons être capables de nous défendre nous-mêmes, "
            "et c'est pourquoi la France augmentera encore son effort.\"\n"
            "The government plans to raise core spending to 3.5% of GDP by 2029, and opposition leaders said "
            "they would support the plan in a vote later this month.\n")
    assert read_article_file(text.encode(), "merz.txt").language == "en"


def test_a_short_paste_or_a_list_of_names_and_figures_is_not_judged_by_language():
    assert detect_language("\u201cThat changes today,\u201d Rutte said.") is None
    table = " ".join(f"{name} {pct}%" for name, pct in [
        ("Poland", 4.48), ("Estonia", 3.38), ("Latvia", 3.15), ("Greece", 3.08), ("Lithuania", 2.85)] * 4)
    assert detect_language(f"Defence spending, share of GDP, NATO estimates: {table}") is None
    assert article_from_text(f"Defence spending, share of GDP, NATO estimates: {table}").language == "en"
    assert article_from_text("\u00abC'est historique\u00bb, a dit Macron.").language == "en"


# ------------------------------------------------------------------ any input

_LINES = st.lists(st.sampled_from([
    "", "  ", "**The title**", "Leaders met in The Hague.", "Leaders  met in The Hague. ", "\u201cThat changes "
    "today,\u201d Rutte said.", "short line that runs", "on into the next", "Die Regierung hat es beschlossen.",
    "<p>not markup</p>", "\u00a0", "By Jane Marsh",
]), max_size=25)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_LINES, st.sampled_from(["\n", "\r\n", "\r"]))
def test_any_text_gives_consistent_paragraphs_or_a_refusal(lines, newline):
    try:
        article = article_from_text(newline.join(lines))
    except ImportRejected:
        return
    keys = [" ".join(p.text.split()) for p in article.paragraphs]
    assert len(keys) == len(set(keys))  # each paragraph once
    assert article.text == "\n\n".join(p.text for p in article.paragraphs)
    for paragraph in article.paragraphs:
        assert paragraph.text and paragraph.text == paragraph.text.strip()
        assert article.text[paragraph.start:paragraph.start + len(paragraph.text)] == paragraph.text
        assert "**The title**" != paragraph.text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400), st.sampled_from(["a.txt", "a.html", "a", "a.pdf"]))
def test_any_bytes_give_an_article_or_a_refusal_never_another_error(raw, name):
    try:
        read_article_file(raw, name)
    except ImportRejected as refused:
        assert str(refused).startswith(name)
