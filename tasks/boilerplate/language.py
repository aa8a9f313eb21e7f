"""Which language an article is written in.

The strip stage records it on every article (`CleanArticle.language`, the
`articles.language` column) so that the NLP stage can leave pages it cannot
read to nobody: Parley's model and rules are English, and a Spanish page run
through them gives nonsense rows, not events.

The detector is py3langid (a maintained fork of langid.py: a naive Bayes
model over byte n-grams for 97 languages, shipped inside the package, so
nothing is fetched at run time). Its answer is kept only when it is sure:
a short text (a headline, a one-line feed item) or an even mix of languages
gets no language (NULL), and the NLP stage reads such articles as before.
"""
from __future__ import annotations

import re
from functools import lru_cache

# Fewer letters than this and the n-gram counts say little: no answer.
MIN_LETTERS = 60
# Normalised probability the detector must give its first language. Short
# English sentences come out around 0.3 to 0.9 (one came out as Nigerian
# Pidgin at 0.64); whole articles, in any language, at 0.99 and above.
MIN_CONFIDENCE = 0.9
# The detector reads this much of the text: enough for a firm answer (every
# gold article gets the language it gets from 5,000 characters), and a long
# page costs no more than a short one.
MAX_CHARS = 2_000

_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of the text's language ('en', 'es'), or None when
    the text is too short or the detector is not sure."""
    sample = _URL.sub(" ", text or "")[:MAX_CHARS]
    if sum(ch.isalpha() for ch in sample) < MIN_LETTERS:
        return None
    code, probability = _identifier().classify(sample)
    return code if probability >= MIN_CONFIDENCE else None
