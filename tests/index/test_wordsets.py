import random

from index.text import folded_tokens
from index.wordsets import WordSets
from tests.conftest import DATA


def test_a_chunk_holds_its_own_words_and_their_prefixes_only():
    sets = WordSets([["thay_thế", "sử_dụng", "thay_thế"], [], ["thay", "đô_thị"]])
    assert len(sets) == 3
    assert sets.has(0, "thay_thế") and sets.has(0, "sử_dụng")
    assert not sets.has(0, "thay") and not sets.has(1, "thay_thế") and not sets.has(2, "sử_dụng")
    assert sets.has_prefix(0, "thay_") and not sets.has_prefix(2, "thay_")  # "thay" alone does not open a compound
    assert sets.has_prefix(2, "đô_") and not sets.has_prefix(0, "đô_")
    assert not sets.has(0, "zzz") and not sets.has_prefix(0, "zzz_") and not sets.has(0, "")


def test_the_same_answers_as_a_set_of_each_chunks_words():
    """On the tokens of a sample directive (syllables and syllable pairs), cut into passages of
    uneven length: words and prefixes asked of every passage, ones the index has and ones it lacks."""
    text = next(DATA.glob("quang-ngai_2023_*.txt")).read_text(encoding="utf-8")
    words = folded_tokens(text[:20000])
    rng = random.Random(7)
    lists, i = [], 0
    while i < len(words):
        n = rng.randint(0, 60)
        lists.append(words[i : i + n])
        i += n
    sets = WordSets(lists)
    asked = sorted(set(words))[::7] + ["không_có", "a", "zzzz", "đ"]
    for row, tokens in enumerate(lists):
        present = frozenset(tokens)
        for w in asked:
            assert sets.has(row, w) == (w in present)
            for prefix in (w[:2], w.split("_")[0] + "_"):
                assert sets.has_prefix(row, prefix) == any(p.startswith(prefix) for p in present)
