"""Language identification for crawled documents (issue 3; language-notes §1).

langdetect alone calls every Azerbaijani text Turkish (Latin) or Macedonian/Russian
(Cyrillic) and knows neither Kazakh nor Belarusian. So, per chunk of text:

1. repair mixed-script words and count letters per script;
2. character rules name the languages langdetect cannot (Cyrillic ҹ ҝ ј ә → az, қ ң ұ → kk,
   ў → uz/be, җ → tt, ...; Latin ə ≥ 2 % of letters → az);
3. otherwise langdetect, with coi's own ``az`` and ``az-cyrl`` profiles (``data/profiles``)
   and a prior that favours the languages a COI corpus holds (short Russian is otherwise
   read as Bulgarian, short English as anything);
4. a Turkish answer with many q/x words and few Turkish-only function words is Azerbaijani
   written without ə.

Documents are cut into up to :data:`MAX_CHUNKS` paragraph chunks, each detected on its own,
so a bilingual report gets its language shares. Deterministic: langdetect is seeded.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from langdetect.detector import Detector
from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from coi.lang.normalize import fix_mixed_script, fold_case

MAX_CHARS = 20_000
"""Only the start of a document is read: enough evidence, bounded time."""
MAX_CHUNKS = 8
"""At most this many paragraph chunks are detected one by one."""
CHUNK_CHARS = 400
"""Paragraphs are merged until a chunk has at least this many characters."""
MIN_LETTERS = 4
"""Below this many letters the guess is ``und``: there is no evidence."""
PRIOR = {"az": 1.0, "az-cyrl": 1.0, "ru": 1.0, "en": 1.0, "tr": 0.5, "uk": 0.5, "bg": 0.05}
PRIOR |= {"mk": 0.02}
"""langdetect prior in Latin and Cyrillic text; other languages get :data:`PRIOR_OTHER` (the
key ``""`` of a prior map holds the value for languages it does not name)."""
PRIOR_OTHER = 0.002
SHORT = 200
"""Texts with fewer letters are held to the languages of :data:`PRIOR`."""


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """What :func:`detect` found."""

    language: str
    """ISO 639-1 code of the main language, or ``und``."""
    script: str
    """ISO 15924 code of the main script (``Latn``, ``Cyrl``, ``Arab``, ...; ``Zyyy`` if none)."""
    confidence: float
    """0..1: share of the text in ``language`` times the detector's certainty there."""
    shares: dict[str, float] = field(default_factory=dict)
    """Share of the letters in each language found (sums to 1; empty for ``und``)."""


_SCRIPTS = {
    "LATIN": "Latn",
    "CYRILLIC": "Cyrl",
    "ARABIC": "Arab",
    "GREEK": "Grek",
    "ARMENIAN": "Armn",
    "GEORGIAN": "Geor",
    "HEBREW": "Hebr",
    "CJK": "Hani",
    "HANGUL": "Hang",
    "HIRAGANA": "Jpan",
    "KATAKANA": "Jpan",
    "DEVANAGARI": "Deva",
    "THAI": "Thai",
}
_SCRIPT_LANGUAGE = {"Armn": "hy", "Geor": "ka"}
"""Scripts of one language in this region that langdetect has no profile for."""


@lru_cache(maxsize=4096)
def _char_script(char: str) -> str:
    if "a" <= char <= "z" or "A" <= char <= "Z":
        return "Latn"
    first = unicodedata.name(char, "?").split(" ", 1)[0]
    return _SCRIPTS.get(first, "Zyyy")


@lru_cache(maxsize=1)
def _factory() -> DetectorFactory:
    """langdetect's stock profiles plus coi's az and az-cyrl profiles, loaded once."""
    import langdetect

    stock = resources.files(langdetect).joinpath("profiles")
    own = resources.files("coi.lang").joinpath("data/profiles")
    profiles = [p.read_text("utf-8") for p in sorted(stock.iterdir(), key=lambda p: p.name)]
    profiles += [p.read_text("utf-8") for p in sorted(own.iterdir(), key=lambda p: p.name)]
    factory = DetectorFactory()
    factory.load_json_profile(profiles)
    factory.set_seed(0)
    return factory


def _langdetect(text: str, prior: dict[str, float] | None) -> tuple[str, float] | None:
    detector: Detector = _factory().create()
    if prior is not None:
        languages = _factory().get_lang_list()
        detector.set_prior_map({lang: prior.get(lang, prior[""]) for lang in languages})
    detector.set_max_text_length(MAX_CHARS)
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None
    language = {"az-cyrl": "az", "zh-cn": "zh", "zh-tw": "zh"}.get(best.lang, best.lang)
    return language, float(best.prob)


def _share(counts: Counter[str], letters: str, total: int) -> float:
    return sum(counts[c] for c in letters) / max(total, 1)


def _cyrillic_rule(counts: Counter[str], total: int) -> str | None:
    """Cyrillic languages told by their letters (language-notes §1.5, rule 3, extended).

    Azerbaijani is the only one with ҹ ҝ ј + ә; the Kipchak languages have ң (az never has
    it), Kazakh alone қ ұ і with ә, Tatar җ, Bashkir ҡ ҙ ҫ, Uzbek ў ҳ, Belarusian ў or і + ы,
    Serbian ђ ћ, Macedonian ѓ ќ ѕ; Kyrgyz and Mongolian have ө ү without ә (Mongolian
    writes э far more often). In a long text a letter counts only above 0.3 % of the letters,
    so a quoted foreign name does not change the language.
    """

    def has(letters: str) -> bool:
        return _share(counts, letters, total) >= (0.003 if total > 300 else 1e-9)

    if has("җ"):
        return "tt"
    if has("ҡҙҫ"):
        return "ba"
    if has("ў"):
        return "uz" if has("ҳқғ") or not has("іы") else "be"
    if has("ҳ"):
        return "uz"
    if has("ђћ"):
        return "sr"
    if has("ѓќѕ"):
        return "mk"
    if has("ҹҝ") or (has("ј") and has("әһөүғы")):
        return "az"
    if has("ұқ") or (has("ң") and has("і")):
        return "kk"
    if has("ң") or (has("әһ") and counts["й"] > counts["ј"]):
        return "tt" if has("әһ") else "ky"
    if has("әһ"):
        return "az"
    if has("өү"):
        return "mn" if _share(counts, "э", total) > 0.015 else "ky"
    if has("і") and has("ы"):
        return "be"
    return None


def _prior(counts: Counter[str], letters: int) -> dict[str, float]:
    """The langdetect prior: COI languages first; no Bulgarian/Macedonian text has ы or э,
    and among the languages langdetect knows only Macedonian writes ј (Serbian lands there).

    Below :data:`SHORT` letters only the languages of :data:`PRIOR` may win: two words of
    English are otherwise read as French or Catalan (language-notes §1.3).
    """
    prior = {**PRIOR, "": 0.0 if letters < SHORT else PRIOR_OTHER}
    if counts["ј"]:
        return {"mk": 1.0, "": 0.0}
    if counts["ы"] or counts["э"]:
        prior |= {"bg": 0.0, "mk": 0.0}
    return prior


_UZ_DIGRAPH = re.compile(r"[og][ʻʼ'‘’`]", re.IGNORECASE)
_WORDS = re.compile(r"[^\W\d_]+")
TURKISH_ONLY = frozenset(
    ("ve", "için", "ile", "çok", "olarak", "gibi", "değil", "göre", "kadar", "ise", "şey", "şu")
)
"""Frequent Turkish words that Azerbaijani spells otherwise (və, üçün, ilə, çox, ...)."""
_TURKIC_LETTERS = "ıçşğöü"


def _latin_rule(text: str, counts: Counter[str], total: int) -> str | None:
    """Latin-script languages told by their letters (rule 4 and Turkmen/Crimean/Uzbek marks).

    ə makes a text Azerbaijani only if it is ≥ 2 % of the letters *and* in ≥ 12 % of the
    words: an English report quoting a few Azerbaijani names has the first, not the second.

    ý alone is not Turkmen: Turkish read in the wrong code page writes ı as ý.
    """
    words = _WORDS.findall(text)
    if _share(counts, "ə", total) >= 0.02 and sum("ə" in w.lower() for w in words) >= 0.12 * len(
        words
    ):
        return "az"
    if counts["ə"]:
        return None
    if counts["ý"] and (counts["ň"] or counts["ä"]):
        return "tk"
    if counts["ñ"] and (counts["ı"] or counts["q"]):
        return "crh"
    if _UZ_DIGRAPH.search(text) and _share(counts, _TURKIC_LETTERS, total) < 0.003:
        return "uz"
    return None


def _turkic_latin(language: str, text: str, counts: Counter[str]) -> str:
    """Settle a langdetect answer of tr or az in Latin text without ə (rule 6, extended).

    Words with q or x are 13 % of Azerbaijani words and 0.08 % of Turkish ones. Without ə,
    frequent q/x words are Azerbaijani, unless the text has none of ı ç ş ğ ö ü (Uzbek,
    which writes sh, ch, oʻ) or has q but never x in a long text (Crimean Tatar).
    """
    words = [w.casefold() for w in _WORDS.findall(text)]
    qx = sum(1 for w in words if "q" in w or "x" in w)
    turkish = sum(1 for w in words if w in TURKISH_ONLY)
    if not words or qx < 0.04 * len(words) or qx <= turkish:
        return "tr" if turkish or language == "tr" else language
    if not any(counts[c] for c in _TURKIC_LETTERS):
        return "uz"
    if not counts["x"] and sum(counts.values()) >= 60:
        return "crh"
    return "az"


def _detect_chunk(text: str) -> tuple[str, str, float, int]:
    """(language, script, confidence, letters) of one chunk."""
    text = fix_mixed_script(text)
    letters = [c for c in text if c.isalpha()]
    scripts = Counter(_char_script(c) for c in letters)
    if len(letters) < MIN_LETTERS:
        return "und", scripts.most_common(1)[0][0] if scripts else "Zyyy", 0.0, len(letters)
    script = scripts.most_common(1)[0][0]
    counts = Counter(fold_case("".join(letters), "az"))
    total = scripts[script]
    if script in _SCRIPT_LANGUAGE:
        return _SCRIPT_LANGUAGE[script], script, 1.0, len(letters)
    rule = None
    if script == "Cyrl":
        rule = _cyrillic_rule(counts, total)
    elif script == "Latn":
        rule = _latin_rule(text, counts, total)
    if rule:
        return rule, script, 1.0, len(letters)
    found = _langdetect(text, _prior(counts, total) if script in ("Latn", "Cyrl") else None)
    if found is None:
        return "und", script, 0.0, len(letters)
    language, confidence = found
    if script == "Latn" and language in ("tr", "az"):
        language = "az" if counts["ə"] else _turkic_latin(language, text, counts)
    return language, script, confidence, len(letters)


def _chunks(text: str) -> list[str]:
    """Paragraphs merged into chunks of at least :data:`CHUNK_CHARS`, at most :data:`MAX_CHUNKS`."""
    chunks: list[str] = []
    current = ""
    for paragraph in re.split(r"\n\s*\n", text[:MAX_CHARS]):
        current = f"{current}\n\n{paragraph}" if current else paragraph
        if len(current) >= CHUNK_CHARS:
            chunks.append(current)
            current = ""
    if current.strip():
        if chunks and len(current) < CHUNK_CHARS:
            chunks[-1] += "\n\n" + current
        else:
            chunks.append(current)
    if len(chunks) > MAX_CHUNKS:
        step = len(chunks) / MAX_CHUNKS
        chunks = [chunks[int(i * step)] for i in range(MAX_CHUNKS)]
    return chunks or [""]


def detect(text: str) -> LanguageGuess:
    """Detect the language (and the language mix) of ``text``.

    Args:
        text: A document, a paragraph or a sentence; only the first :data:`MAX_CHARS`
            characters are read.

    Returns:
        The guess; ``language`` is ``und`` when there are fewer than :data:`MIN_LETTERS`
        letters or nothing recognisable.

    >>> detect("Bütün insanlar ləyaqət və hüquqlarına görə azad və bərabər doğulurlar.").language
    'az'
    >>> detect("Бүтүн инсанлар ләјагәт вә һүгугларына ҝөрә азад вә бәрабәр доғулурлар.").language
    'az'
    """
    results = [_detect_chunk(chunk) for chunk in _chunks(text)]
    weights: Counter[str] = Counter()
    certainty: dict[str, float] = defaultdict(float)
    scripts: Counter[str] = Counter()
    for language, script, confidence, letters in results:
        scripts[script] += letters
        if language != "und":
            weights[language] += letters
            certainty[language] += letters * confidence
    script = scripts.most_common(1)[0][0] if scripts else "Zyyy"
    total = sum(weights.values())
    if not total:
        return LanguageGuess("und", script, 0.0, {})
    language = weights.most_common(1)[0][0]
    shares = {lang: round(w / total, 4) for lang, w in weights.most_common()}
    return LanguageGuess(language, script, round(certainty[language] / total, 4), shares)
