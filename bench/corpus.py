"""Near-duplicate directives of other provinces, with gold questions to match.

A deployment holds the same plan from dozens of provinces and several years,
so a question that names a province (and a year) has one right passage among
many near-identical ones. The generator copies the five sample directives in
`data/` with another province, other people, other local document numbers,
years shifted, and the asked-for figures changed; each copy's gold questions
are the development questions about its template, rewritten the same way.

    python -m bench.corpus --n 200 [--out DIR]

Copy k of the corpus is the same in every corpus that holds it (the corpus of
200 documents starts with the 50 of the corpus of 50), so results at different
sizes differ by the added documents, not by a re-draw.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from vn.normalize import fold
from vn.places import provinces
from vn.refs import DATED_REF

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
DEV = ROOT.parent / "shared" / "eval" / "dev.jsonl"
CACHE = ROOT / "bench" / "cache"
SEED = 2025
# Cities are named "thành phố X", not "tỉnh X"; "Huế" is a word inside "Thừa Thiên Huế".
CITIES = {"Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế", "Thừa Thiên Huế"}
# Generated docs that get questions: spread over the corpus, so that at 1,000
# documents the sample holds copies with shifted years too.
QUESTION_DOCS = 40

_YEAR = re.compile(r"(?<![\d,.])(20[0-4]\d)(?!\d|[,.]\d)")
# Local documents (UBND, the province's steering board) get new numbers; the
# central ones (06/QĐ-TTg, 104/2022/NĐ-CP, ...) are the same for every province.
_LOCAL_REF = re.compile(r"(?<![\d/])(\d{1,4})(?=/[\wĐđ-]*(?:UBND|KHPH))")

SURNAMES = "Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi Đỗ Hồ Ngô Dương Lý Trịnh Đinh Mai Tạ".split()
MIDDLES = "Văn Hữu Đức Minh Quốc Thanh Ngọc Xuân Hồng Tấn Công Thành Trọng Viết Đình Anh".split()
GIVENS = "Dũng Hải Hùng Khánh Phong Sơn Thắng Trung Tuấn Việt Hòa Lâm Phúc Toàn Cường Huy Kiên Tâm Thịnh Vinh".split()


@dataclass(frozen=True)
class Fact:
    """A figure a question asks for: `value` followed by `after` in the text."""

    value: str  # as written: "0,68", "43", "24"
    after: str  # what follows it in the document: "%", " mô hình điểm", "/29"
    make: Callable[[random.Random, str], str]


def _int(lo: int, hi: int) -> Callable[[random.Random, str], str]:
    def make(rng: random.Random, old: str) -> str:
        choices = [str(v).zfill(len(old)) for v in range(lo, hi + 1) if str(v).zfill(len(old)) != old]
        return rng.choice(choices)

    return make


def _decimal(lo: float, hi: float) -> Callable[[random.Random, str], str]:
    def make(rng: random.Random, old: str) -> str:
        places = len(old.split(",")[1]) if "," in old else 0
        while True:
            new = f"{rng.uniform(lo, hi):.{places}f}".replace(".", ",")
            if new != old:
                return new

    return make


@dataclass(frozen=True)
class Template:
    stem: str  # the sample file's name without .txt
    province: str
    people: tuple[str, ...]
    facts: tuple[Fact, ...]
    # dev question id -> question with the document's original values, where the
    # dev question does not say which copy it means (no province, no year).
    questions: dict[str, str | None] = field(default_factory=dict)


TEMPLATES = (
    Template(
        "quang-ngai_2024-12-25_thong-bao-ket-luan-de-an-06",
        "Quảng Ngãi",
        ("Nguyễn Hoàng Giang", "Nguyễn Quốc Việt"),
        (Fact("90", "%", _int(60, 99)),),
        {
            "qn24-hotich": "Ở tỉnh Quảng Ngãi, cơ quan nào phải hoàn thành số hóa dữ liệu hộ tịch của các huyện "
            "còn lại chậm nhất trong quý I/2025?",
            "qn24-bhyt90": None,
            "qn24-ngayhoinghi": None,
            "qn24-khauhieu": None,
            "qn24-mohinh": None,
            "qn24-qd1084": "Theo thông báo kết luận tháng 12/2024, Tổ Công tác triển khai Đề án 06 tỉnh Quảng Ngãi "
            "được thành lập theo quyết định số mấy?",
            "en-hotich": "Which agency in Quang Ngai province must digitise civil-status data by Q1/2025?",
        },
    ),
    Template(
        "dong-nai_2024-01-31_thong-bao-ket-luan-so-ket-2-nam",
        "Đồng Nai",
        ("Võ Tấn Đức", "Nguyễn Văn Nguyễn"),
        (Fact("0,68", "%", _decimal(0.1, 9.9)), Fact("43", " mô hình điểm", _int(12, 80))),
        {
            "dn-gplx": "Theo kết luận sơ kết Đề án 06 tháng 01/2024, tỷ lệ cấp đổi, cấp lại giấy phép lái xe "
            "trực tuyến ở Đồng Nai mới đạt bao nhiêu?",
            "dn-chutri": None,
            "dn-43mohinh": None,
            "dn-baocao": "Kết quả thực hiện kết luận ngày 31/01/2024 của Quyền Chủ tịch UBND tỉnh Đồng Nai phải "
            "được lồng ghép vào báo cáo nào?",
            "var-khongdau-dev": "ty le cap doi giay phep lai xe truc tuyen o Dong Nai nam 2024",
            "none-thoitiet": None,
        },
    ),
    Template(
        "nghe-an_2025-03_tin-hoi-nghi-de-an-06",
        "Nghệ An",
        ("Lê Hồng Vinh",),
        (Fact("18", " bậc", _int(2, 30)), Fact("35", " tiện ích", _int(15, 60)), Fact("23,3", "%", _decimal(5, 60))),
        {
            "na-18bac": None,
            "na-nnmt": "Sở Nông nghiệp và Môi trường Nghệ An phải hoàn thành số hóa trước ngày nào trong năm 2025?",
            "na-chutich": None,
            "na-35tienich": "Năm 2024 bao nhiêu tiện ích tích hợp trên ứng dụng VNeID đã được triển khai ở Nghệ An?",
            "var-dauCu-dev": None,
        },
    ),
    Template(
        "quang-ngai_2024-12_tin-bao-dau-thau",
        "Quảng Ngãi",
        ("Nguyễn Hoàng Giang",),
        (Fact("24", "/29 nhiệm vụ", _int(15, 29)), Fact("25", "/63", _int(1, 63))),
        {
            "qnb-24-29": None,
            "qnb-xephang": "Năm 2024 chất lượng thực hiện thủ tục hành chính, dịch vụ công của Quảng Ngãi xếp thứ "
            "mấy trong 63 tỉnh, thành phố?",
        },
    ),
    Template(
        "quang-ngai_2023_ke-hoach-de-an-06-nam-2023",
        "Quảng Ngãi",
        ("Đặng Văn Minh",),
        (Fact("30", "%", _int(20, 60)),),
        {
            "kh23-hotich": None,
            "kh23-gplx30": None,
            "kh23-phusong": "Theo Kế hoạch Đề án 06 năm 2023 của tỉnh Quảng Ngãi, cơ quan nào chủ trì hướng dẫn "
            "doanh nghiệp viễn thông phủ sóng đến 100% địa bàn tỉnh?",
            "kh23-nguoiky": None,
            "kh23-tuphap": "Theo Kế hoạch Đề án 06 năm 2023 của tỉnh Quảng Ngãi, khi nào thực hiện kết nối, chia sẻ "
            "dữ liệu giữa Cơ sở dữ liệu quốc gia về dân cư với các cơ sở dữ liệu ngành Tư pháp?",
        },
    ),
)


def _rng(*key: object) -> random.Random:
    digest = hashlib.sha256(repr((SEED, *key)).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _is_whole(name: str, text: str) -> bool:
    words = " ".join(re.findall(r"\w+", fold(text)))
    return f" {fold(name)} " in f" {words} "


def person(province: str, original: str) -> str:
    """The generated name of `original`'s counterpart in `province`: one
    person per province and role, whichever template names them. A name that
    contains a province's name ("Trần Quang Nam" ~ Quảng Nam) would change a
    question's scope, so it is drawn again."""
    rng = _rng("person", province, original)
    while True:
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLES)} {rng.choice(GIVENS)}"
        if not any(_is_whole(p, name) for p in provinces()):
            return name


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")


@dataclass(frozen=True)
class Copy:
    """One generated document: a template moved to another province and year."""

    template: Template
    province: str
    years: int  # added to every year in the text
    index: int  # its place among the generated documents

    @property
    def stem(self) -> str:
        stem = self.template.stem.replace(_slug(self.template.province), _slug(self.province), 1)
        return _YEAR.sub(lambda m: str(int(m.group()) + self.years), stem)

    def _values(self) -> dict[str, str]:
        rng = _rng("facts", self.template.stem, self.province, self.years)
        return {f.value: f.make(rng, f.value) for f in self.template.facts}

    def _common(self, text: str) -> str:
        """What documents and gold strings share: people, years, the province."""
        for name in self.template.people:
            text = text.replace(name, person(self.province, name))
        text = self._shift_years(text)
        old, new = self.template.province, self.province
        for a, b in ((old, new), (old.upper(), new.upper()), (fold(old).title(), fold(new).title())):
            text = text.replace(a, b)
        return text

    def _shift_years(self, text: str) -> str:
        def shift(part: str) -> str:
            return _YEAR.sub(lambda m: str(int(m.group()) + self.years), part)

        out, last = [], 0
        # A reference with its date: a central one keeps its year in every copy,
        # since a 2025 plan cites the same decree.
        for ref in DATED_REF.finditer(text):
            if not re.search("UBND|KHPH", ref.group()):
                out += [shift(text[last : ref.start()]), ref.group()]
                last = ref.end()
        return "".join(out) + shift(text[last:])

    def _renumber(self, text: str) -> str:
        # One new number per local document and copy, wherever it is cited.
        def new(m: re.Match[str]) -> str:
            digits = len(m.group(1))
            return str(_rng("ref", self.stem, m.group(1)).randint(10 ** (digits - 1), 10**digits - 1))

        return _LOCAL_REF.sub(new, text)

    def document(self, text: str) -> str:
        values = self._values()
        for fact in self.template.facts:
            pattern = rf"(?<![\d,.]){re.escape(fact.value + fact.after)}"
            text = re.sub(pattern, lambda m, f=fact: values[f.value] + f.after, text)
        return self._common(self._renumber(text))

    def gold(self, text: str) -> str:
        """A question, answer or evidence string rewritten like the document."""
        values = self._values()
        values.update({old.replace(",", "."): new.replace(",", ".") for old, new in values.items()})
        # One pass, so that a new value is never taken for another old one.
        pattern = "|".join(re.escape(v) for v in sorted(values, key=len, reverse=True))
        text = re.sub(rf"(?<![\d,.])(?:{pattern})(?!\d)", lambda m: values[m.group()], text)
        return self._common(self._renumber(text))


def _provinces_for(template: Template) -> list[str]:
    names = [p for p in provinces() if p not in CITIES]
    return sorted(names, key=lambda p: _rng("order", template.stem, p).random())


def copies(n_generated: int) -> list[Copy]:
    """The first `n_generated` copies: templates in turn; each template goes
    through every province before any province gets a second year of it. No
    copy goes to its template's own province: a sample and its year-shifted
    copy would both answer a question about it that names no year."""
    out: list[Copy] = []
    queues: list[list[tuple[str, int]]] = [[] for _ in TEMPLATES]
    rounds = [0] * len(TEMPLATES)
    for k in range(n_generated):
        t = k % len(TEMPLATES)
        template = TEMPLATES[t]
        if not queues[t]:
            years = rounds[t]
            rounds[t] += 1
            names = reversed(_provinces_for(template))
            queues[t] = [(p, years) for p in names if p != template.province]
        province, years = queues[t].pop()
        out.append(Copy(template, province, years, k))
    return out


def _dev() -> dict[str, dict]:
    with DEV.open(encoding="utf-8") as f:
        return {g["id"]: g for g in (json.loads(line) for line in f if line.strip())}


def cluster(province: str, years: tuple[int, ...] = (0, 1)) -> list[Copy]:
    """Every template for one province, in each of `years`: the hardest case,
    where only the question's year and wording tell the documents apart."""
    return [Copy(t, province, y, k) for k, (y, t) in enumerate((y, t) for y in years for t in TEMPLATES)]


def build(n: int, out: Path | None = None) -> Path:
    """Write a corpus of `n` documents (the five samples and n - 5 copies) and
    its gold questions; return its directory. An existing corpus is kept."""
    out = out or CACHE / f"corpus-{n}"
    if (out / "questions.jsonl").exists():
        return out
    return write(out, copies(max(0, n - len(TEMPLATES))))


def write(out: Path, generated: list[Copy]) -> Path:
    """Write the five samples, the `generated` copies and their gold questions under `out`."""
    docs = out / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    samples = {t.stem: (DATA / f"{t.stem}.txt").read_text(encoding="utf-8") for t in TEMPLATES}
    for path in sorted(DATA.glob("*.txt")):
        (docs / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    for copy in generated:
        (docs / f"{copy.stem}.txt").write_text(copy.document(samples[copy.template.stem]), encoding="utf-8")
    dev = _dev()
    step = max(1, len(generated) / QUESTION_DOCS)
    asked = sorted({int(i * step) for i in range(min(QUESTION_DOCS, len(generated)))})
    rows = []
    for copy in (generated[i] for i in asked):
        for qid, question in copy.template.questions.items():
            g = dev[qid]
            rows.append(
                {
                    "id": f"{qid}@{copy.stem}",
                    "question": copy.gold(question or g["question"]),
                    "answers": [copy.gold(a) for a in g["answers"]],
                    "evidence": [copy.gold(e) for e in g["evidence"]],
                    "kind": g["kind"],
                    "answerable": g["answerable"],
                }
            )
    (out / "questions.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, required=True, help="documents in the corpus (at least 5)")
    ap.add_argument("--out", type=Path, help=f"directory (default {CACHE}/corpus-N)")
    args = ap.parse_args(argv)
    path = build(args.n, args.out)
    print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
