"""Train the answer ranker (assistant/ranker.py) and choose its threshold.

    python -m bench.train_ranker [--fresh] [--folds 5] [--seed 2025]

Training data is made without the answerer's help:

- questions generated from the documents' own structure — each task gives
  "cơ quan nào chủ trì …" and "… khi nào", each sentence with a figure a
  "… bao nhiêu?", each dated event a "… ngày nào?", each person named at work an
  "Ai …?" (in English on an English page) — phrased several ways,
  with and without diacritics; unanswerables made by moving a question to a
  province whose documents do not say it, and by asking a made question of
  the index without the document it was made from ("withheld": unanswerable
  unless another document gives the same answer, the near miss a person
  meets when the plan they ask about was never loaded);
- the written questions of bench/real/train and ../shared/eval/dev.jsonl,
  and the dev questions rewritten for near-copies of other provinces
  (bench/corpus.py, two provinces' clusters over two years).

../shared/eval/real/questions.jsonl and bench/real/holdout are kept out: they
are the check. Corpora: the five samples, bench/real/train and bench/real/dev
(one index), and the near-copies (another). For every question the answerer's
candidates are collected with their signals; a candidate is positive when the answer its
window gives holds a gold answer and its passage a gold evidence string. Folds are
grouped by the document a question comes from. The threshold maximises, on held-out
folds of the questions people wrote, the utility of the answers: +1 for a right answer
or an honest "không tìm thấy" to an unanswerable question, -1 for a wrong answer or an
answer to an unanswerable one, 0 for an answer withheld.
Writes assistant/ranker.json and bench/RANKER.md.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench import corpus as generator

ROOT = Path(__file__).resolve().parent.parent
CACHE = ROOT / "bench" / "cache" / "ranker"
REAL = ROOT / "bench" / "real"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
VERSION = 4  # of the training data; bump when its making changes


@dataclass
class Question:
    qid: str
    text: str
    answers: list[str]
    evidence: list[str]
    answerable: bool
    group: str  # the document it comes from, for grouped folds
    origin: str  # real | dev | copies | task | figure | day | person | swap | withheld
    without: str = ""  # a document left out of the search for this question


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").casefold().split())


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# -- corpora ------------------------------------------------------------------------


def _index(name: str, folders: list[Path], fresh: bool) -> Path:
    """Ingest the folders' texts into bench/cache/ranker/<name> (unchanged files are skipped)."""
    import shutil
    import subprocess

    storage = CACHE / name
    if fresh and storage.exists():
        shutil.rmtree(storage)
    files = [str(p) for folder in folders for p in sorted(folder.glob("*.txt"))]
    done = subprocess.run([sys.executable, "-m", "ingest", *files, "--storage", str(storage)], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(done.stderr[-2000:])
    return storage


def _copies() -> Path:
    """Near-copies of the samples for two provinces over two years, with the dev questions rewritten for them."""
    out = CACHE / "copies-corpus"
    if not (out / "questions.jsonl").exists():
        generator.write(out, generator.cluster("Hải Dương") + generator.cluster("Bình Định"))
    return out


# -- questions made from structure ---------------------------------------------------

_LEAD = ["Cơ quan nào chủ trì {x}?", "Đơn vị nào chịu trách nhiệm {x}?", "{x} do cơ quan nào chủ trì?", "Ai chủ trì {x}?"]
_DUE = ["Thời hạn {x} là khi nào?", "{x} phải hoàn thành khi nào?", "Hạn chót {x}?"]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _short(text: str, words: int = 12) -> str:
    text = re.sub(r"^(?:[-–•+]|\w\)|\d+(?:\.\d+)*\.)\s*", "", " ".join(text.split()))
    return " ".join(text.split()[:words]).rstrip(",;:.")


def structured(storage: Path, rng: random.Random) -> list[Question]:
    """Questions from each document's tasks, figures and dated events."""
    from index.config import Settings
    from index.store import DirectiveIndex
    from vn.people import PERSON, is_person, person_name
    from vn.questions import reads_english
    from vn.records import task_from_record

    index = DirectiveIndex(Settings(storage=storage), check_model=False)
    chunks = index.load_chunks().chunks
    by_doc: dict[str, list] = defaultdict(list)
    for c in chunks:
        by_doc[c.doc_id].append(c)
    out: list[Question] = []
    for doc_id, entry in index.manifest["documents"].items():
        meta = index.documents[doc_id]
        where = f" ở {meta.province}" if meta.province and rng.random() < 0.6 else ""
        tasks = [task_from_record(t) for t in entry.get("tasks", [])]
        rng.shuffle(tasks)
        for k, task in enumerate(tasks[:8]):
            x = _short(task.task)
            if len(x.split()) < 4:
                continue
            template = _LEAD[k % len(_LEAD)]
            text = template.format(x=x[0].lower() + x[1:] if not template.startswith("{x}") else x) + ""
            text = text.replace("?", f"{where}?")
            if k % 4 == 3:
                text = _fold(text)
            out.append(Question(f"task-{doc_id}-{k}", text, [task.lead[0]], [task.task[:60]], True, doc_id, "task"))
            if task.deadline and task.deadline in task.text and k % 2 == 0:
                due = _DUE[k % len(_DUE)].format(x=x[0].lower() + x[1:]).replace("?", f"{where}?")
                out.append(Question(f"due-{doc_id}-{k}", due, [task.deadline], [task.task[:60]], True, doc_id, "task"))
        figures = days = people = 0
        for c in by_doc[doc_id]:
            if c.kind in ("header", "metadata", "signature", "title"):
                continue
            for clause in re.split(r"(?<=[.;])\s+|\n+", c.text):
                clause = " ".join(clause.split())
                if figures < 5 and (m := re.search(r"(?<![\w/])(\d+(?:[.,]\d+)?\s?%)", clause)) and len(clause) < 240:
                    before = clause[: m.start()].strip(" ,:")
                    if len(before.split()) >= 5:
                        q = _short(before, 14) + f" bao nhiêu{where}?"
                        out.append(Question(f"fig-{doc_id}-{figures}", q, [m.group(1)], [clause[:60]], True, doc_id, "figure"))
                        figures += 1
                if people < 3 and (m := PERSON.search(clause)) and len(clause) < 240 and is_person(person_name(m)):
                    # "Đồng chí X, Phó Chủ tịch UBND tỉnh chủ trì hội nghị" -> "Ai …, Phó Chủ tịch UBND tỉnh chủ trì hội nghị?"
                    rest = (clause[: m.start()] + clause[m.end() :]).strip(" ,.:")
                    if len(rest.split()) >= 5:
                        q = ("Who " if reads_english(clause) else "Ai ") + _short(rest, 14) + "?"
                        out.append(Question(f"who-{doc_id}-{people}", q, [person_name(m)], [clause[:60]], True, doc_id, "person"))
                        people += 1
                if days < 3 and (m := re.search(r"[Nn]gày\s+(\d{1,2}/\d{1,2}/\d{4})", clause)) and len(clause) < 240:
                    rest = (clause[: m.start()] + clause[m.end() :]).strip(" ,.:")
                    if len(rest.split()) >= 6:
                        q = _short(rest, 14) + " vào ngày nào?"
                        out.append(Question(f"day-{doc_id}-{days}", q, [m.group(1)], [clause[:60]], True, doc_id, "day"))
                        days += 1
    return out


def swapped(questions: list[Question], provinces: list[str], rng: random.Random) -> list[Question]:
    """Unanswerables: a question moved to another province, one whose documents hold none of its answers."""
    from vn.places import provinces_in

    out = []
    for q in questions:
        named = provinces_in(q.text)
        if not named or rng.random() > 0.5:
            continue
        other = rng.choice([p for p in provinces if p not in named])
        text = q.text.replace(named[0], other)
        if text != q.text:
            out.append(Question(f"swap-{q.qid}", text, [], [], False, q.group, "swap"))
    return out


def withheld(questions: list[Question], rng: random.Random, share: float = 0.4) -> list[Question]:
    """Made questions asked without their document: whether another one answers them is
    found when their candidates are collected."""
    return [
        Question(f"without-{q.qid}", q.text, q.answers, q.evidence, True, q.group, "withheld", without=q.group)
        for q in questions
        if q.group and rng.random() < share
    ]


def written(path: Path, origin: str) -> list[Question]:
    return [
        Question(g["id"], g["question"], g["answers"], g["evidence"], g["answerable"], "", origin)
        for g in _jsonl(path)
    ]


# -- candidates and labels -------------------------------------------------------------


def collect(storage: Path, questions: list[Question]) -> tuple[list[list[float]], list[int], list[int], list[str], list]:
    """Feature rows, labels, the question each row belongs to, each question's group, and the rows' signals."""
    from assistant.answer import _KEYED, ExtractiveAnswerer, compose, extract_key
    from assistant.query import parse_query
    from assistant.ranker import key_signals, vector
    from assistant.retrieve import Filters, HybridRetriever
    from index.config import Settings
    from index.store import DirectiveIndex

    settings = Settings(storage=storage)
    answerer = ExtractiveAnswerer(HybridRetriever(DirectiveIndex(settings), settings))
    rows: list[list[float]] = []
    labels: list[int] = []
    owner: list[int] = []
    groups: list[str] = []
    signals: list = []
    keys: list[tuple[float, float]] = []
    every = tuple(answerer.retriever.documents)
    for n, q in enumerate(questions):
        query = parse_query(q.text)
        found = answerer.candidates(query, Filters(doc_ids=tuple(d for d in every if d != q.without)) if q.without else None)
        group = q.group
        any_positive = False
        for c in found:
            passage = norm(c.hit.chunk.text)
            # Right as the scorer would judge it: the answer this window gives holds a gold
            # answer, and its passage (cited first) a gold evidence string.
            key = extract_key(query, c.hit.chunk, c.text)
            keys.append(key_signals(query.text, key, query.intent in _KEYED))
            positive = (
                q.answerable
                and any(norm(e) in passage for e in q.evidence)
                and any(norm(a) in norm(compose(key, c.text)) for a in q.answers)
            )
            any_positive = any_positive or positive
            if positive and not group:
                group = c.hit.chunk.doc_id
            rows.append(vector(c.signals))
            signals.append(c.signals)
            labels.append(int(positive))
            owner.append(n)
        if q.without:
            q.answerable = any_positive  # another document may give the same answer
        groups.append(group or (found[0].hit.chunk.doc_id if found else f"none-{n}"))
    return rows, labels, owner, groups, list(zip(signals, keys))


# -- fitting and the threshold -----------------------------------------------------------


def _ranker(x: np.ndarray, y: np.ndarray, own: np.ndarray, seed: int):  # type: ignore[no-untyped-def]
    """LambdaRank over each question's candidates (rows of one question are contiguous)."""
    import lightgbm

    sizes = np.unique(own, return_counts=True)[1]
    model = lightgbm.LGBMRanker(
        objective="lambdarank",
        n_estimators=200,
        learning_rate=0.05,
        num_leaves=15,
        min_child_samples=20,
        subsample=0.8,
        subsample_freq=1,
        colsample_bytree=0.8,
        random_state=seed,
        n_jobs=2,
        verbose=-1,
    )
    return model.fit(x, y, group=sizes)


def _decisions(scores: np.ndarray, x: np.ndarray, y: np.ndarray, own: np.ndarray, ids: list[int], signals: list) -> tuple[list[list[float]], list[bool]]:
    """For each question: the decision features of its best candidate, and whether that candidate is right."""
    from assistant.answer import _ENTITY
    from assistant.ranker import answer_order, confidence_vector

    rows, right = [], []
    for q in ids:
        mine = np.flatnonzero(own == q)
        if not len(mine):
            rows.append([0.0] * 10)
            right.append(False)
            continue
        # As the answerer orders them (assistant.ranker.answer_order); `signals` holds (Signals, key_signals).
        holds = [signals[i][0].intent not in _ENTITY or signals[i][1][0] == 1.0 for i in mine]
        order = mine[answer_order(scores[mine], holds.__getitem__)]
        second = scores[order[1]] if len(order) > 1 else scores[order[0]] - 1.0
        sig, key = signals[order[0]]
        rows.append(confidence_vector(sig, float(scores[order[0]]), float(second), float(scores[mine].std()), key))
        right.append(bool(y[order[0]]))
    return rows, right


def metrics(confidence: list[float], right: list[bool], answerable: list[bool], threshold: float) -> dict[str, float]:
    ans = [(c, ok) for c, ok, a in zip(confidence, right, answerable) if a]
    una = [c for c, a in zip(confidence, answerable) if not a]
    return {
        "answer_accuracy": sum(c >= threshold and ok for c, ok in ans) / max(1, len(ans)),
        "confidently_wrong": sum(c >= threshold and not ok for c, ok in ans) / max(1, len(ans)),
        "false_abstention": sum(c < threshold for c, _ in ans) / max(1, len(ans)),
        "abstention": sum(c < threshold for c in una) / max(1, len(una)),
        "chosen_right": sum(ok for _, ok in ans) / max(1, len(ans)),
    }


def choose_threshold(confidence: list[float], right: list[bool], answerable: list[bool]) -> float:
    """The threshold of the most utility over the questions: a right answer or an honest
    "không tìm thấy" to an unanswerable question +1, a confidently wrong answer or an
    answer to an unanswerable one -1, an answer withheld 0."""
    best_t, best_score = 0.5, -1e9
    for t in np.linspace(0.02, 0.98, 97):
        score = 0.0
        for c, ok, a in zip(confidence, right, answerable):
            answered = c >= t
            score += (1.0 if ok else -1.0) if a and answered else (-1.0 if answered else 1.0) if not a else 0.0
        if score > best_score:
            best_t, best_score = float(t), score
    return best_t


def _decision_model(rows: list[list[float]], right: list[bool], answerable: list[bool], weight: list[float], seed: int):  # type: ignore[no-untyped-def]
    from sklearn.linear_model import LogisticRegression

    labels = [ok and a for ok, a in zip(right, answerable)]
    model = LogisticRegression(C=1.0, max_iter=2000, random_state=seed)
    return model.fit(np.asarray(rows), np.asarray(labels, dtype=int), sample_weight=np.asarray(weight))


def main(argv: list[str] | None = None) -> int:
    import pickle

    from sklearn.model_selection import GroupKFold

    from assistant.ranker import CONFIDENCE, FEATURES, MODEL

    ap = argparse.ArgumentParser(prog="python -m bench.train_ranker", description=__doc__.split("\n\n")[0])
    ap.add_argument("--fresh", action="store_true", help="ingest the corpora again")
    ap.add_argument("--recollect", action="store_true", help="collect the candidates again (after a change of signals)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--seed", type=int, default=2025)
    ap.add_argument("--drop", default="", help="comma-separated features to switch off (ablation)")
    ap.add_argument("--report", type=Path, default=ROOT / "bench" / "RANKER.md")
    ap.add_argument("--no-save", action="store_true", help="measure only; leave the model files alone")
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)

    data = CACHE / f"candidates-v{VERSION}.pickle"
    if args.recollect or args.fresh or not data.exists():
        main_storage = _index("main", [ROOT / "data", REAL / "train" / "corpus", REAL / "dev" / "corpus"], args.fresh)
        copies = _copies()
        copies_storage = _index("copies", [copies / "docs"], args.fresh)
        made = structured(main_storage, rng)
        from index.config import Settings
        from index.store import DirectiveIndex

        documents = DirectiveIndex(Settings(storage=main_storage), check_model=False).documents.values()
        known = sorted({m.province for m in documents if m.province})
        sets = [
            (main_storage, made + swapped(made, known, rng) + withheld(made, rng) + written(REAL / "train" / "questions.jsonl", "real") + written(DEV, "dev")),
            (copies_storage, written(copies / "questions.jsonl", "copies")),
        ]
        collected: dict[str, list] = {"rows": [], "labels": [], "owner": [], "groups": [], "questions": [], "signals": []}
        for storage, qs in sets:
            r, y, o, g, sig = collect(storage, qs)
            offset = len(collected["questions"])
            collected["rows"] += r
            collected["labels"] += y
            collected["owner"] += [i + offset for i in o]
            collected["groups"] += [f"{storage.name}:{x}" for x in g]
            collected["questions"] += qs
            collected["signals"] += sig
        data.write_bytes(pickle.dumps(collected))
    collected = pickle.loads(data.read_bytes())
    questions: list[Question] = collected["questions"]
    signals = collected["signals"]
    x = np.asarray(collected["rows"], dtype=np.float64)
    for name in (f for f in args.drop.split(",") if f):
        x[:, FEATURES.index(name)] = 0.0
    y = np.asarray(collected["labels"])
    own = np.asarray(collected["owner"])
    answerable = [q.answerable for q in questions]
    print(f"{len(questions)} questions ({sum(answerable)} answerable), {len(y)} candidates, {int(y.sum())} positive")

    # Held-out folds grouped by document: a question is ranked by a model that never saw its document.
    q_groups = np.asarray(collected["groups"])
    held_rows: list[list[float]] = [[]] * len(questions)
    held_right: list[bool] = [False] * len(questions)
    train_rows: list[list[float]] = [[]] * len(questions)
    train_right: list[bool] = [False] * len(questions)
    splits = list(GroupKFold(n_splits=args.folds).split(np.zeros(len(questions)), groups=q_groups))
    for train_q, test_q in splits:
        keep = np.isin(own, train_q)
        ranker = _ranker(x[keep], y[keep], own[keep], args.seed)
        scores = ranker.predict(x)
        for ids, rows_out, right_out in ((test_q, held_rows, held_right), (train_q, train_rows, train_right)):
            rows, right = _decisions(scores, x, y, own, list(ids), signals)
            for q, r, ok in zip(ids, rows, right):
                rows_out[q], right_out[q] = r, ok
    # The decision is fitted on held-out rankings, and itself judged on held-out folds.
    held_conf = [0.0] * len(questions)
    # Questions people wrote weigh more in the decision than those made from structure.
    weight = [1.0 if q.origin in ("real", "dev", "copies") else 0.3 for q in questions]
    for train_q, test_q in splits:
        decision = _decision_model(
            [held_rows[q] for q in train_q],
            [held_right[q] for q in train_q],
            [answerable[q] for q in train_q],
            [weight[q] for q in train_q],
            args.seed,
        )
        for q, c in zip(test_q, decision.predict_proba(np.asarray([held_rows[q] for q in test_q]))[:, 1]):
            held_conf[q] = float(c)
    # The threshold is chosen on the written questions (people's, and the dev set's rewritten
    # for near-copies): made ones are easier than what people ask.
    people = [q.origin in ("real", "dev", "copies") for q in questions]
    threshold = choose_threshold(
        [c for c, w in zip(held_conf, people) if w],
        [r for r, w in zip(held_right, people) if w],
        [a for a, w in zip(answerable, people) if w],
    )
    curve = [(float(t), metrics(held_conf, held_right, answerable, float(t))) for t in np.linspace(0.1, 0.9, 17)]
    decision = _decision_model(held_rows, held_right, answerable, weight, args.seed)
    train_conf = [float(c) for c in decision.predict_proba(np.asarray(train_rows))[:, 1]]
    report = {
        "held_out": metrics(held_conf, held_right, answerable, threshold),
        "training_folds": metrics(train_conf, train_right, answerable, threshold),
        "by_origin": {
            origin: metrics(
                [c for c, q in zip(held_conf, questions) if q.origin == origin],
                [r for r, q in zip(held_right, questions) if q.origin == origin],
                [q.answerable for q in questions if q.origin == origin],
                threshold,
            )
            for origin in sorted({q.origin for q in questions})
        },
    }
    print(json.dumps({"threshold": round(threshold, 2), **report}, ensure_ascii=False, indent=1))
    for t, m in curve:
        print(f"t={t:.2f} " + " ".join(f"{k}={v:.3f}" for k, v in m.items()))
    if not args.no_save:
        final = _ranker(x, y, own, args.seed)
        MODEL.with_suffix(".txt").write_text(final.booster_.model_to_string(), encoding="utf-8")
        MODEL.write_text(
            json.dumps(
                {
                    "version": VERSION,
                    "features": list(FEATURES),
                    "confidence_features": list(CONFIDENCE),
                    "coef": [round(c, 6) for c in decision.coef_[0].tolist()],
                    "intercept": round(float(decision.intercept_[0]), 6),
                    "threshold": round(threshold, 3),
                    "trained_on": {"questions": len(questions), "candidates": len(y), "seed": args.seed, "folds": args.folds},
                    "held_out": {k: round(v, 3) for k, v in report["held_out"].items()},
                },
                ensure_ascii=False,
                indent=1,
            )
            + "\n",
            encoding="utf-8",
        )
        importance = final.booster_.feature_importance(importance_type="gain")
        _write_report(args.report, threshold, report, questions, importance, decision.coef_[0])
    return 0


def _write_report(path: Path, threshold: float, report: dict, questions: list[Question], importance: np.ndarray, coef: np.ndarray) -> None:
    from assistant.ranker import CONFIDENCE, FEATURES

    lines = [
        "# The answer ranker: held-out figures",
        "",
        "Made by `python -m bench.train_ranker` (see its docstring for the data). Folds are grouped by",
        "document: each question is ranked, and the answer/abstain decision taken, by models that",
        "never saw its document. \"chosen right\": the best candidate is right, whatever the decision.",
        "",
        f"Questions: {len(questions)} ({sum(q.answerable for q in questions)} answerable); threshold {threshold:.2f}.",
        "",
        "| set | answer accuracy | confidently wrong | false abstention | abstention | chosen right |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name in ("held_out", "training_folds"):
        m = report[name]
        lines.append(
            f"| {name.replace('_', ' ')} | {m['answer_accuracy']:.3f} | {m['confidently_wrong']:.3f} | "
            f"{m['false_abstention']:.3f} | {m['abstention']:.3f} | {m['chosen_right']:.3f} |"
        )
    lines += ["", "Held out, by where the question comes from:", "", "| origin | questions | answer accuracy | abstention | chosen right |", "|---|---:|---:|---:|---:|"]
    for origin, m in report["by_origin"].items():
        n = sum(q.origin == origin for q in questions)
        lines.append(f"| {origin} | {n} | {m['answer_accuracy']:.3f} | {m['abstention']:.3f} | {m['chosen_right']:.3f} |")
    lines += ["", "Ranker: feature importance (gain), largest first:", "", "| feature | gain |", "|---|---:|"]
    lines += [f"| {f} | {g:.0f} |" for f, g in sorted(zip(FEATURES, importance), key=lambda fg: -fg[1]) if g > 0]
    lines += ["", "Decision: coefficients:", "", "| feature | weight |", "|---|---:|"]
    lines += [f"| {f} | {c:+.3f} |" for f, c in zip(CONFIDENCE, coef)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
