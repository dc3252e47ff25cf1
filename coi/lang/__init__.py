"""Language technology for az / ru / en: detection, normalisation, stemming, names (issue 3).

Pure functions: no I/O except reading this package's data files on first use. The design
and the measurements behind each choice are in ``shared/design/language-notes.md``.
"""

from coi.lang.detect import LanguageGuess, detect
from coi.lang.names import name_key
from coi.lang.normalize import fix_mixed_script, fold_case, normalize
from coi.lang.stem import stem
from coi.lang.stopwords import stopwords
from coi.lang.terms import analyze, index_term
from coi.lang.tokenize import tokenize, word_parts
from coi.lang.translit import az_cyrillic_to_latin, az_latin_to_cyrillic, russian_to_latin

__all__ = [
    "LanguageGuess",
    "analyze",
    "az_cyrillic_to_latin",
    "az_latin_to_cyrillic",
    "detect",
    "fix_mixed_script",
    "fold_case",
    "index_term",
    "name_key",
    "normalize",
    "russian_to_latin",
    "stem",
    "stopwords",
    "tokenize",
    "word_parts",
]
