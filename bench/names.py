"""Name keys: how many spellings of one name meet, and how many common words they catch.

Usage: ``python bench/names.py [--show-misses]``

Each line of :data:`NAMES` is one name as it is written in Russian, English and Azerbaijani
(Russian practical transcription of foreign names, English transcription of Russian and
Azerbaijani ones; written for this script from knowledge of the conventions, not taken from
the relevance collection). For each key function the script prints:

- ``recall``: the share of spelling pairs of one name whose keys are equal;
- ``merged``: pairs of *different* names whose keys are equal (two names become one);
- ``false``: the share of names one of whose keys equals the key of a common word, and the
  mean number of such words per name. Common words are the 2,000 most frequent words of each
  language in the NTREX-128 news (the shared corpus), capitalised as at a sentence start —
  that is how they reach the ``names`` field, which keys every capitalised word.

Keys compared: ``name_key`` (:mod:`coi.lang.names`, vowel classes kept), ``sound_key``
(:mod:`coi.lang.sounds`, consonant skeleton), and ``sound_key`` with one edit allowed between
keys of four letters or more (what a fuzzy query on the key would find).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from corpus import ntrex_documents  # noqa: E402

from coi.lang import word_parts  # noqa: E402
from coi.lang.names import name_key  # noqa: E402
from coi.lang.sounds import sound_key  # noqa: E402

NAMES = (
    # foreign names, Russian practical transcription | English (| Azerbaijani)
    "Старридж | Sturridge",
    "Бернерс-Ли | Berners-Lee",
    "Кавано | Kavanaugh",
    "Кромвель | Cromwell | Kromvel",
    "Агуэро | Agüero | Aguero",
    "Лопес Обрадор | López Obrador | Lopez Obrador",
    "Барселона | Barcelona | Barselona",
    "Вашингтон | Washington | Vaşinqton",
    "Трамп | Trump | Tramp",
    "Хиллари Клинтон | Hillary Clinton | Hillari Klinton",
    "Си Цзиньпин | Xi Jinping | Si Tszinpin",
    "Мао Цзэдун | Mao Zedong",
    "Дэн Сяопин | Deng Xiaoping",
    "Шэньчжэнь | Shenzhen",
    "Мадуро | Maduro",
    "Чавес | Chávez | Çavez",
    "Пиночет | Pinochet",
    "Сантьяго | Santiago",
    "Гонсалес | González | Qonsales",
    "Хименес | Jiménez",
    "Гевара | Guevara | Gevara",
    "Буэнос-Айрес | Buenos Aires | Buenos-Ayres",
    "Меркель | Merkel",
    "Макрон | Macron | Makron",
    "Джонсон | Johnson | Conson",
    "Джордж | George | Corc",
    "Чикаго | Chicago | Çikaqo",
    "Майкл | Michael | Maykl",
    "Калифорния | California | Kaliforniya",
    "Техас | Texas | Texas",
    "Хьюстон | Houston | Hyuston",
    "Хатчинсон | Hutchinson",
    "Чайковский | Tchaikovsky | Çaykovski",
    "Эрдоган | Erdoğan | Ərdoğan",
    "Феттель | Vettel | Fettel",
    "Джеррард | Gerrard",
    "Мюнхен | Munich",  # an exonym: no key should join these
    # Russian and Azerbaijani names | English | Azerbaijani
    "Алиев | Aliyev | Əliyev",
    "Ильхам | Ilham | İlham",
    "Гянджа | Ganja | Gəncə",
    "Рашад | Rashad | Rəşad",
    "Гусейнов | Huseynov | Hüseynov",
    "Гейдар | Heydar | Heydər",
    "Мамедов | Mammadov | Məmmədov",
    "Исмаилов | Ismayilov | İsmayılov",
    "Наджафов | Najafov | Nəcəfov",
    "Гаджиев | Hajiyev | Hacıyev",
    "Джавид | Javid | Cavid",
    "Ханкенди | Khankendi | Xankəndi",
    "Шуша | Shusha | Şuşa",
    "Нахчыван | Nakhchivan | Naxçıvan",
    "Сумгаит | Sumgait | Sumqayıt",
    "Мехрибан | Mehriban | Mehriban",
    "Мухаммед | Muhammad | Məhəmməd",
    "Ахмед | Ahmed | Əhməd",
    "Ходорковский | Khodorkovsky | Xodorkovski",
    "Навальный | Navalny | Navalnı",
    "Щеглова | Shcheglova",
    "Зеленский | Zelensky | Zelenski",
    "Хабаровск | Khabarovsk | Xabarovsk",
    "Юлия | Yulia | Yuliya",
    "Евгений | Yevgeny | Yevgeni",
    "Абдуллаев | Abdullayev | Abdullayev",
    "Васильев | Vasilyev | Vasilyev",
    "Сергеев | Sergeyev | Sergeyev",
    "Соловьёв | Solovyov | Solovyov",
    "Лебедев | Lebedev | Lebedev",
    "Аллев | Allev | Allev",  # not Aliyev: a key without the glide merged the two
)
KEYS: dict[str, Callable[[str], str]] = {"name_key": name_key, "sound_key": sound_key}
COMMON_WORDS = 2000


def spellings(line: str) -> list[str]:
    return [part.strip() for part in line.split("|")]


def common_words() -> list[str]:
    """The most frequent words of each language's NTREX news, capitalised."""
    words: list[str] = []
    for lang in ("ru", "en", "az"):
        counts: Counter[str] = Counter()
        for text in ntrex_documents(lang).values():
            counts.update(part.lower() for part, _, _ in word_parts(text) if part.isalpha())
        words += [word.capitalize() for word, _ in counts.most_common(COMMON_WORDS)]
    return words


def within_one_edit(a: str, b: str) -> bool:
    """Whether two keys differ by at most one insertion, deletion or substitution."""
    if a == b:
        return True
    if min(len(a), len(b)) < 4 or abs(len(a) - len(b)) > 1:
        return False
    if len(a) > len(b):
        a, b = b, a
    i = next((n for n, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), len(a))
    return a[i + (len(a) == len(b)) :] == b[i + 1 :]


def words_match(a: str, b: str, fuzzy: bool) -> bool:
    """Keys of two spellings match word for word (the same number of words)."""
    left, right = a.split(), b.split()
    if len(left) != len(right) or not left:
        return False
    return all(within_one_edit(x, y) if fuzzy else x == y for x, y in zip(left, right, strict=True))


def measure(key: Callable[[str], str], fuzzy: bool, common: list[str], show: bool) -> str:
    """One line of figures for one key (see the module docstring)."""
    names = [spellings(line) for line in NAMES]
    keyed = [[key(s) for s in group] for group in names]
    pairs = hits = 0
    for group, keys in zip(names, keyed, strict=True):
        for (a, ka), (b, kb) in combinations(zip(group, keys, strict=True), 2):
            pairs += 1
            if words_match(ka, kb, fuzzy):
                hits += 1
            elif show:
                print(f"    miss: {a} {ka} / {b} {kb}")
    merged = sum(
        1
        for (i, ki), (j, kj) in combinations(enumerate(keyed), 2)
        if any(words_match(a, b, fuzzy) for a in ki for b in kj)
    )
    common_keys = [(word, key(word)) for word in common]
    caught: list[int] = []
    for group, keys in zip(names, keyed, strict=True):
        own = tuple(s.lower()[:-1] for s in group if len(s) > 3)  # its inflected forms
        single = [k for k in keys if " " not in k]
        found = {
            word
            for word, wk in common_keys
            if not word.lower().startswith(own) and any(words_match(k, wk, fuzzy) for k in single)
        }
        caught.append(len(found))
        if show and found:
            print(f"    {group[0]}: {', '.join(sorted(found)[:8])}")
    share = sum(1 for n in caught if n) / len(caught)
    mean = sum(caught) / len(caught)
    recall = f"recall {hits / pairs:.3f} ({hits}/{pairs})"
    return f"{recall}  merged {merged}  false {share:.2f} ({mean:.2f}/name)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    common = common_words()
    print(f"{len(NAMES)} names, {len(common)} common words")
    for label, key, fuzzy in (
        ("name_key", name_key, False),
        ("sound_key", sound_key, False),
        ("sound_key ≤1 edit", sound_key, True),
    ):
        print(f"{label:>18}: {measure(key, fuzzy, common, args.show_misses)}")


if __name__ == "__main__":
    main()
