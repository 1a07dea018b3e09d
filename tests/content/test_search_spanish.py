"""Search in Spanish: Snowball's Spanish stemmer (PyPI's snowballstemmer in the build, @orama/stemmers in the browser)
and Spanish stop words give the same terms on both sides, and a Spanish site's search page finds a page by another
form of its words."""
from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest

from thaw.config.settings import Section
from thaw.content import search
from thaw.content.search import Document, build_index, term_of, weigh, words
from thaw.web.assets import SPANISH_STEMMER, stemmer_script
from thaw.build.publish import build
from thaw.serve.staticserver import StaticSite

from conftest import ROOT, STRICT_CSP, TODAY, article, require
from test_browser_exercises import assert_clean, open_page, wait_until
from test_search import _load_eval

SEARCH_JS = ROOT / "site" / "web" / "static" / "search.js"

# Words of the kind this site's Spanish pages use (written for this test), and the endings Spanish words take: verbs
# of the three conjugations in every tense Snowball's steps look at, with pronouns attached, and nouns and adjectives.
NOUNS = """ansiedad ansiedades depresión depresiones trauma traumático traumática emoción emociones emocional respiración
tristeza miedo miedos pánico angustia terapia terapias terapeuta terapéutico psicológico psicología psicologia cuerpo
mente corazón sueño pesadilla recuerdo familia niño niña adolescente persona síntoma señal ayuda crisis suicidio línea
mensaje apoyo seguridad privacidad navegación congelamiento congelación congelacion parálisis desconexión disociación
disociativo entumecimiento entumecido entumecida entumecidas adormecimiento vacío vacía soledad culpa vergüenza enojo
calma tranquilidad relajación ejercicio actividad técnica herramienta glosario término fuente información informacion
ánimo estrés estresada nerviosismo preocupación tratamiento medicamento médica clínica salud físico sensación
sentimiento cansancio dolor mareo náusea pareja profesional sesión grupo español años año pequeña útil difícil fácil
importante común posible lentamente profundamente tranquilamente acción solución solucion evolución evolucion
pingüino cigüeña niñez compañía""".split()
VERBS = {
    "ar": ("respir calm congel preocup cuid ayud acept practic escuch tom cambi alivi intent necesit".split(),
           "ar o as a amos an aba ábamos aban é aste ó aron aré ará aremos arán aría arías aríamos arían e es emos en ara "
           "áramos ase ando ado ada ados adas ación aciones amiento able ante ador adora arse ándose ándome arlo arla".split()),
    "er": ("entumec aprend temb conoc parec permanec reconoc".split(),
           "er o es e emos en ía ías íamos ían í iste ió imos ieron eré erá erían a as amos an iera ieran iese iendo ido "
           "ida idos imiento imientos ible ente encia erse iéndose erlo erla".split()),
    "ir": ("viv sent sufr descubr decid dorm".split(),
           "ir o es e imos en ía ían í ió ieron iré irá iría a an iera iendo ido ida idos imiento ible ente encia irse "
           "iéndose irlo".split()),
}


def _fold(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", word.lower()) if not unicodedata.category(c).startswith("M"))


def spanish_words() -> list[str]:
    """Each form as written and as typed without accents (a phone's keyboard): some fifteen hundred words."""
    found = set(NOUNS)
    for stems, endings in VERBS.values():
        found.update(stem + ending for stem in stems for ending in endings)
    found |= {_fold(word) for word in found}
    return sorted(found)


def _browser_terms(tmp_path: Path, text: str, language: str) -> list[str]:
    """search.js's terms for `text`, with node, after the Spanish stemmer's script as a page loads it."""
    require(shutil.which("node") is not None, "node is needed to run search.js")
    stemmer = tmp_path / "stemmer-es.js"
    stemmer.write_bytes(stemmer_script(SPANISH_STEMMER))
    script = (
        "global.window = {}; global.document = {addEventListener() {}};"
        f"require({json.dumps(str(stemmer))}); require({json.dumps(str(SEARCH_JS))});"
        "let input = ''; process.stdin.on('data', d => input += d);"
        f"process.stdin.on('end', () => console.log(JSON.stringify(window.thawSearchTerms(input, {json.dumps(language)}))));"
    )
    result = subprocess.run(["node", "-e", script], input=text, capture_output=True, text=True, check=True)
    return json.loads(result.stdout)


TEXT = ("¿Qué es el entumecimiento emocional? Muchas personas se sienten entumecidas después de un trauma: el cuerpo "
        "se congela y la mente se desconecta. No es una falla tuya. Está bien pedir ayuda; la respiración lenta, "
        "el ejercicio suave y una conversación con alguien de confianza pueden aliviar la ansiedad. ÉL, TÚ Y ÉSTE.")


def test_the_browser_stems_spanish_exactly_like_the_build(tmp_path: Path) -> None:
    text = TEXT + " " + " ".join(spanish_words()) + " " + " ".join(sorted(search.STOP_WORDS_ES))
    assert len(spanish_words()) > 1400
    assert _browser_terms(tmp_path, text, "es") == words(text, "es")
    assert _browser_terms(tmp_path, TEXT, "en") == words(TEXT) == words(TEXT, "en"), "English stays as it was"


@pytest.mark.parametrize(("one", "other"), [
    ("entumecida", "entumecimiento"), ("entumecidas", "entumecido"), ("congelación", "congelacion"),
    ("congelación", "congelarse"), ("respiración", "respirar"), ("ansiosa", "ANSIOSOS"), ("terapia", "terapias"),
    ("psicología", "psicologia"), ("información", "informacion"), ("emociones", "emoción"),
])
def test_forms_of_a_spanish_word_share_a_term(one: str, other: str) -> None:
    assert term_of(one, "es") == term_of(other, "es") != ""


def test_spanish_words_fold_accents_and_drop_stop_words() -> None:
    assert words("¿Qué está pasando con el entumecimiento y la ansiedad?", "es") == ["pas", "entumec", "ansied"]
    assert all(term_of(word, "es") == "" for word in ("qué", "él", "está", "más", "también", "nuestras"))
    # Words this site's readers search with stay: Snowball's own stop list would drop them (see STOP_WORDS_ES).
    assert all(term_of(word, "es") for word in ("siente", "sentido", "estado", "nada", "sin"))
    assert all(term.isascii() for term in words(TEXT + " niñez pingüino", "es"))


def test_a_spanish_index_says_its_language_and_an_english_one_is_unchanged() -> None:
    docs = [Document("/a/", "Entumecimiento", "Sobre el entumecimiento.", "Entender",
                     weigh([("title", "Entumecimiento"), ("body", "sentirse entumecida")], "es")[0])]
    spanish = build_index(docs, "es")
    assert spanish.meta["language"] == "es"
    postings = json.loads(spanish.files[search.shard_file(search.shard_for("entumec", set(spanish.meta["shards"])))])["t"]
    assert "entumec" in postings
    english = [Document("/b/", "Numb", "About.", "S", weigh([("title", "Feeling numb")])[0])]
    assert "language" not in build_index(english).meta and build_index(english).files == build_index(english, "en").files


def test_the_spanish_stemmer_is_small_and_pinned(tmp_path: Path) -> None:
    pinned = json.loads((ROOT / "package.json").read_text())["dependencies"][SPANISH_STEMMER.package]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"][f"node_modules/{SPANISH_STEMMER.package}"]["version"]
    assert pinned == locked == SPANISH_STEMMER.version
    script = stemmer_script(SPANISH_STEMMER)
    assert len(gzip.compress(script, 6)) < 6_000, "a phone fetches it with the search page"
    assert b"eval(" not in script and b"Function(" not in script, "the page's CSP allows no eval"


def test_a_spanish_query_finds_a_page_by_another_form_of_its_words(tmp_path: Path) -> None:
    require(shutil.which("node") is not None, "node is needed to run search.js")
    docs = [
        Document("/practice/entumecimiento/", "Qué es el entumecimiento", "El entumecimiento emocional.", "Entender",
                 weigh([("title", "Qué es el entumecimiento"), ("body", "El entumecimiento emocional es común.")], "es")[0]),
        Document("/practice/respirar/", "Respirar despacio", "Una respiración lenta.", "Probar",
                 weigh([("title", "Respirar despacio"), ("body", "La respiración lenta calma el cuerpo.")], "es")[0]),
    ]
    index = build_index(docs, "es")
    folder = tmp_path / "search"
    for name, data in index.files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    stemmer = tmp_path / "stemmer-es.js"
    stemmer.write_bytes(stemmer_script(SPANISH_STEMMER))
    site = {"meta": index.meta, "list": [[d.url, d.title, d.section] for d in index.documents], "details": index.inline}
    found = _load_eval().run_queries(folder, [{"text": q} for q in ("entumecida", "respiracion", "me siento entumecido")], site, [stemmer])
    assert [o.urls[:1] for o in found] == [["/practice/entumecimiento/"], ["/practice/respirar/"], ["/practice/entumecimiento/"]]


SPANISH_PAGES = {
    "entender/entumecimiento.md": article(
        "Qué es el entumecimiento emocional", "entender", summary="Cuando no sientes casi nada.",
        body="## Cómo se siente\n\nEl entumecimiento emocional aparece después de mucho estrés. Es una protección del cuerpo.\n"),
    "entender/congelacion.md": article(
        "La respuesta de congelación", "entender", summary="Cuando el cuerpo se queda quieto.",
        body="## Por qué pasa\n\nAnte un peligro, el cuerpo puede congelarse. No es una decisión.\n"),
    "probar/respirar.md": article(
        "Respirar más despacio", "probar", summary="Un ejercicio corto de respiración.",
        body="## Paso a paso\n\nInhala contando hasta cuatro y exhala contando hasta seis.\n"),
}


def test_a_spanish_site_finds_the_page_in_chromium(browser, make_content, make_config, tmp_path: Path) -> None:
    content = make_content(SPANISH_PAGES)
    config = make_config(content, base_url="https://example.org/practice/", language="es",
                         sections=(Section("entender", "Entender"), Section("probar", "Probar")))
    build(config, today=TODAY)
    out = config.output_dir
    assert list((out / "assets").glob("stemmer-es.*.js")), "the Spanish site ships the Spanish stemmer"
    server = StaticSite(out, "/practice/", headers={"Content-Security-Policy": STRICT_CSP}).start()
    try:
        context, page, seen = open_page(browser)
        page.goto(server.url + "search/")
        page.locator("#search-input").fill("entumecida")
        wait_until(page, "() => document.querySelectorAll('.search-results li').length > 0", timeout=10)
        assert page.locator(".search-results li > a").first.get_attribute("href") == "/practice/entender/entumecimiento/"
        assert "entumecimiento" in [m.lower() for m in page.locator(".search-results mark").all_inner_texts()]
        page.locator("#search-input").fill("respiracion")  # typed without its accent
        wait_until(page, "() => (document.querySelector('.search-results li > a') || {}).pathname === '/practice/probar/respirar/'", timeout=10)
        assert_clean(page, seen, server.url.split("/practice/")[0])
        context.close()
    finally:
        server.stop()


def test_an_english_site_ships_no_spanish_stemmer(built_site: Path, make_content, make_config) -> None:
    """A site without Spanish has no stemmer file; on the bilingual sample, only the Spanish search page loads it."""
    from thaw.build.publish import build

    from conftest import TODAY, article

    english = make_config(make_content({"understanding/a.md": article("A")}), base_url="/practice/")
    build(english, today=TODAY)
    assert not list((english.output_dir / "assets").glob("stemmer-*"))
    assert set(_load_eval().read_search_page((built_site / "search" / "index.html").read_text(encoding="utf-8"))["meta"]) == {"docs", "chunk", "shards"}
    assert "stemmer-es" not in (built_site / "search" / "index.html").read_text(encoding="utf-8")
    assert "stemmer-es" in (built_site / "es" / "search" / "index.html").read_text(encoding="utf-8")
    assert not [p for p in built_site.rglob("*.html") if "stemmer-es" in p.read_text(encoding="utf-8") and p.parent.name != "search"]
