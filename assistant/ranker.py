"""The learned choice of the answering clause, and whether to answer at all.

Each candidate — a window of consecutive clauses of a retrieved passage — is
described by `Signals` that mean the same on any document (ranks and scores
of the three retrievers, how much of the question the window and its passage
hold, whether the window holds the asked kind of thing, year, type and date
fit, the passage's kind, the languages). `vector` lays them out in the fixed
order of FEATURES. The models are trained by `python -m bench.train_ranker`
(seeded, folds grouped by document) and saved beside this file: ranker.txt
(the LightGBM trees) and ranker.json (the decision's coefficients, the
threshold, the feature names and the version of the data that made them).

The ranker is LightGBM's LambdaRank over the candidates of a question (the
order within a question is what counts); a second, small logistic regression
over the best candidate's standing (its score, its margin over the next, what
it holds) gives the probability that the answer is right. The best window
answers when that probability reaches the threshold chosen on held-out
folds; below it the answer is "không tìm thấy".
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

MODEL = Path(__file__).with_name("ranker.json")
INTENTS = ("agency", "date", "number", "document", "who", "signer", "list", "fact")
KINDS = ("header", "metadata", "signature", "title", "task", "item", "bullet", "paragraph")


@dataclass(frozen=True)
class Signals:
    """What is known of one candidate window, before any weighting."""

    intent: str  # of the question
    kind: str  # of the passage
    rank: int  # in the fused ranking, from 0
    ranks: tuple[int, int, int]  # accent-free BM25, word BM25, dense; from 1, 0 when absent
    similarity: float  # cosine of question and passage
    similarity_z: float  # the same, in standard deviations from the candidates' mean
    passage_coverage: float  # idf share of the question's words in the passage (whole words)
    window_coverage: float  # idf share of the question's terms in the window and the passage's heading path
    first_coverage: float  # the same for the window's first clause
    # The same for the question's terms that the document's title and number do not hold:
    # what the question asks beyond naming the document ("Theo Kế hoạch 76/KH-UBND …, những
    # dịch vụ nào …"). A title or header restates the naming words and holds none of these.
    beyond_title: float
    # The share of the question's adjacent word pairs the window holds in the same order: the
    # question's phrase ("Tổ công tác triển khai Đề án 06") against its words scattered.
    phrase_coverage: float
    has_entity: bool  # the question asks for a kind of thing (a date, a figure, a name …)
    entity_in_window: bool
    entity_in_passage: bool
    entity_near: float  # 1 / (1 + words between the asked thing and the nearest question word)
    year_fit: tuple[int, int]  # passage, document: 1 about an asked year, -1 about others only, 0 neither/none asked
    # The question names a province: 1 the document is that province's, -1 its province is
    # not known (it stays in the search: it may be the one asked about); 0 no province asked.
    province_fit: int
    type_fit: bool  # the document is of the type the question names
    date_fit: bool  # the document was issued on the day or month the question names
    refs_held: float  # share of the references the question names that the passage holds (1 when none)
    english_question: bool
    english_passage: bool
    window_chars: int


FEATURES: tuple[str, ...] = (
    "bias_rank",
    "fused_rr",
    "folded_rr",
    "words_rr",
    "dense_rr",
    "similarity",
    "similarity_z",
    "passage_coverage",
    "window_coverage",
    "first_coverage",
    "coverage_gap",
    "beyond_title",
    "phrase_coverage",
    "entity_in_window",
    "entity_in_passage",
    "entity_missing",
    "entity_near",
    "year_passage",
    "year_document",
    "province_fit",
    "type_fit",
    "date_fit",
    "refs_held",
    "english_match",
    "language_mismatch",
    "window_length",
    *(f"intent_{i}" for i in INTENTS),
    *(f"kind_{k}" for k in KINDS),
    "header_for_document",
    "signature_for_signer",
    "coverage_x_entity",
)


def vector(s: Signals) -> list[float]:
    """The candidate's features, in the order of FEATURES."""
    def rr(rank: int) -> float:
        return 1.0 / rank if rank else 0.0

    wanted = s.has_entity
    return [
        math.log1p(s.rank),
        1.0 / (1 + s.rank),
        rr(s.ranks[0]),
        rr(s.ranks[1]),
        rr(s.ranks[2]),
        s.similarity,
        s.similarity_z,
        s.passage_coverage,
        s.window_coverage,
        s.first_coverage,
        s.passage_coverage - s.window_coverage,
        s.beyond_title,
        s.phrase_coverage,
        float(wanted and s.entity_in_window),
        float(wanted and s.entity_in_passage),
        float(wanted and not s.entity_in_passage),
        s.entity_near if wanted else 0.0,
        float(s.year_fit[0]),
        float(s.year_fit[1]),
        float(s.province_fit),
        float(s.type_fit),
        float(s.date_fit),
        s.refs_held,
        float(s.english_question and s.english_passage),
        float(s.english_question != s.english_passage),
        min(s.window_chars, 400) / 400,
        *(float(s.intent == i) for i in INTENTS),
        *(float(s.kind == k) for k in KINDS),
        float(s.kind in ("header", "metadata") and s.intent == "document"),
        float(s.kind == "signature" and s.intent == "signer"),
        s.window_coverage * float(wanted and s.entity_in_window),
    ]


# What the answer/abstain decision sees of the best candidate: how far it stands out, and
# what it holds. A second, small logistic regression turns these into the probability
# that the answer is right, fitted on held-out folds (so it is calibrated).
# Scores of LambdaRank have no fixed scale (the model trained on all data is not the
# folds' models), so the decision sees only how far the best stands out.
CONFIDENCE: tuple[str, ...] = (
    "best_z",
    "passage_coverage",
    "window_coverage",
    "beyond_title",
    "entity_in_window",
    "entity_missing",
    "year_against",
    "province_unknown",
    "language_mismatch",
    "similarity_z",
    "key_found",
    "key_echo",
)


def key_signals(query_text: str, key: str, wanted: bool) -> tuple[float, float]:
    """(whether the asked thing was read from the window, the share of its words the question
    already holds): an answer that only repeats the question answers nothing."""
    from vn.normalize import fold

    words = fold(key).split()
    asked = set(fold(query_text).split())
    echo = sum(w in asked for w in words) / len(words) if words else 0.0
    return float(bool(key) or not wanted), echo


def confidence_vector(
    best: Signals, best_score: float, second_score: float, spread: float, key: tuple[float, float] = (1.0, 0.0)
) -> list[float]:
    """The decision's features, in the order of CONFIDENCE; `spread`: the candidates' scores'
    standard deviation; `key`: what key_signals says of the answer read from the best window."""
    return [
        (best_score - second_score) / (spread or 1.0),
        best.passage_coverage,
        best.window_coverage,
        best.beyond_title,
        float(best.has_entity and best.entity_in_window),
        float(best.has_entity and not best.entity_in_passage),
        float(-1 in best.year_fit),
        float(best.province_fit == -1),
        float(best.english_question != best.english_passage),
        best.similarity_z,
        *key,
    ]


@dataclass(frozen=True)
class Model:
    ranker: Any  # lightgbm.Booster: scores candidates; only their order within a question matters
    coef: np.ndarray  # of the decision, over CONFIDENCE
    intercept: float
    threshold: float  # of the decision's probability: below it, "không tìm thấy"
    version: int

    def scores(self, rows: list[list[float]]) -> np.ndarray:
        if not rows:
            return np.zeros(0)
        return np.asarray(self.ranker.predict(np.asarray(rows, dtype=np.float64), num_threads=1))

    def confidence(self, decision: list[float]) -> float:
        z = float(np.asarray(decision) @ self.coef + self.intercept)
        return 1.0 / (1.0 + math.exp(-z))


@cache
def model(path: Path = MODEL) -> Model:
    """The trained weights; a missing or stale file is an error that says how to train."""
    import lightgbm

    try:
        saved = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RuntimeError(f"Thiếu tệp trọng số {path.name}: chạy python -m bench.train_ranker") from None
    if tuple(saved["features"]) != FEATURES or tuple(saved["confidence_features"]) != CONFIDENCE:
        raise RuntimeError(f"Tệp {path.name} được huấn luyện với bộ đặc trưng khác: chạy lại python -m bench.train_ranker")
    booster = lightgbm.Booster(model_str=path.with_suffix(".txt").read_text(encoding="utf-8"))
    return Model(
        booster,
        np.asarray(saved["coef"], dtype=np.float64),
        float(saved["intercept"]),
        float(saved["threshold"]),
        int(saved["version"]),
    )


def answer_order(scores: np.ndarray, holds_key: Callable[[int], bool]) -> np.ndarray:
    """The candidates by score, those the asked thing can be read from first.

    A question for a date, a figure, a name or a number is answered by a window that
    holds one: the ranker's best window may hold every word of the question ("Hội nghị
    … có ông X tham dự") and not the day it asks, which stands in the clause before.
    A window without one is no rival answer either, so the decision's margin is over
    the next window that holds one."""
    order = np.argsort(-scores, kind="stable")
    holding = np.array([holds_key(int(i)) for i in order], dtype=bool)
    return np.concatenate([order[holding], order[~holding]])
