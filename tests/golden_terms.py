"""The terms coi's analyzers give a fixed multilingual sample, kept beside the analysis version.

An index's terms must come from the analysis its ``ANALYSIS_VERSION`` names: a changed stemmer
or normaliser without a raised version leaves old indexes with terms new queries never meet.
``tests/test_analysis_golden.py`` compares today's terms with the recorded ones; after a
deliberate change, raise ``ANALYSIS_VERSION`` and record the new terms with
``python tests/golden_terms.py``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT)]

from indexer.analysis import ANALYSIS_VERSION, analyzer_for, name_analyzer  # noqa: E402

GOLDEN = Path(__file__).resolve().parent / "golden" / "analysis-terms.json"

SAMPLES = {
    "az": (
        "Qaçqınların və sığınacaq axtaranların hüquqları: İranda və Qarabağda yaşayan "
        "vətəndaşlığı olmayan şəxslər, Rəşad Əliyev Gəncədən Bakıya köçürüldü. "
        "Бүтүн инсанлар азад доғулурлар."
    ),
    "ru": (
        "Беженцев из Афганистана задержали в Гяндже; вулканического пепла было много, "
        "а Рашад Алиев и Старридж говорили о рабстве и пытках. Ёлка, ещё, чтобы."
    ),
    "en": (
        "Refugees were detained at the border; the presumption of innocence, doing "
        "international work where Hazara women's rights are running out, Berners-Lee's O'Brien."
    ),
    "other": "Mültecilerin hakları ve sığınma başvuruları 2023 yılında arttı.",
}
NAMES = "Rəşad Əliyev, Рашад Алиев, Rashad Aliyev, Бернерс-Ли, Sturridge, Юлия Щеглова"


def current_terms() -> dict[str, list[str]]:
    """Each sample through its language's analyzer, and the names through the name analyzer."""
    terms = {
        lang: [token.text for token in analyzer_for(lang)(text)] for lang, text in SAMPLES.items()
    }
    terms["names"] = [token.text for token in name_analyzer()(NAMES)]
    return terms


def record() -> None:
    """Write today's terms as the golden ones of today's analysis version."""
    GOLDEN.parent.mkdir(exist_ok=True)
    golden = {"analysis_version": ANALYSIS_VERSION, "terms": current_terms()}
    GOLDEN.write_text(json.dumps(golden, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    record()
    print(f"recorded the terms of analysis version {ANALYSIS_VERSION} in {GOLDEN.name}")
