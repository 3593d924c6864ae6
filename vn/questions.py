"""Question words: what a question asks for, and the words that frame it.

Matched on the accent-free question, so "ai ký", "Ai ky" and "ai kí" meet;
English questions get their own words.
"""

from __future__ import annotations

import re

from vn.normalize import fold, has_diacritics

# What kind of thing the question wants, tried in order on the accent-free
# question. Specific before general: "ai ky" (signer) before "ai" (who).
INTENTS: list[tuple[str, re.Pattern[str]]] = [
    ("signer", re.compile(r"\b(ai ky|nguoi ky|ky ban hanh|who signed)\b")),
    (
        "agency",
        re.compile(
            r"\b(co quan nao|so nao|don vi nao|nganh nao|co quan gi|don vi gi|which (agency|department|body|office))\b"
        ),
    ),
    (
        "document",
        re.compile(
            r"\b(so may|so bao nhieu|so hieu|ky hieu|van ban nao|quyet dinh nao|ke hoach nao|cong van nao|chi thi nao|"
            r"nghi quyet nao|thong bao nao|which (decision|document|plan))\b"
        ),
    ),
    (
        "date",
        re.compile(
            r"\b(ngay nao|khi nao|bao gio|thoi gian nao|thoi han|han chot|luc nao|thang nao|quy nao|nam nao|when|what date|deadline|by when)\b"
        ),
    ),
    (
        "number",
        re.compile(
            r"\b(bao nhieu|may|ty le|ti le|phan tram|chi tieu|xep thu|how many|how much|what percentage|what share|rate)\b"
        ),
    ),
    ("who", re.compile(r"\b(ai|la ai|dong chi nao|who)\b")),
    ("list", re.compile(r"\b(gom nhung|nhung gi|nhung nhiem vu|cac nhiem vu nao|what tasks|which tasks)\b")),
]
# "ngày nào" wants a day, not a month or a year.
_ASKS_DAY = re.compile(r"\b(ngay nao|ngay bao nhieu|ngay may|what date|which day)\b")
ENGLISH = re.compile(r"\b(the|which|what|who|when|how|must|does|is|are|of|by|in|to)\b", re.I)


# What a question asks about a document itself, by the words it asks with
# (accent-free). The document it names is found by retrieval or its number.
ATTRIBUTES: list[tuple[str, re.Pattern[str]]] = [
    ("signer", re.compile(r"\b(ai ky|nguoi ky|ky boi ai|do ai ky|who signed|signed by)\b")),
    ("proposer", re.compile(r"\b(theo de nghi cua|xet de nghi cua|de nghi cua co quan nao|tren co so de nghi cua)\b")),
    ("effective", re.compile(r"\b(hieu luc|effective)\b")),
    ("recipients", re.compile(r"\b(kinh gui|gui (?:cho |den )?(?:nhung |cac )?(?:co quan|don vi) nao|noi nhan)\b")),
    (
        "issuer",
        re.compile(r"\b((?:co quan|don vi|ai) (?:nao )?ban hanh|do (?:co quan|don vi|ai) (?:nao )?ban hanh|who issued)\b"),
    ),
    # "số mấy" is left to retrieval: "ban hành quyết định số mấy về …" asks for a document the text cites.
    ("number", re.compile(r"\b(so hieu|so ky hieu|ky hieu|mang so)\b")),
    (
        "date",
        re.compile(
            r"\b(ban hanh (?:vao )?(?:ngay nao|khi nao|luc nao|thoi gian nao|bao gio)|ngay ban hanh|ngay ky|"
            r"ky (?:vao )?ngay nao|ky (?:ban hanh )?khi nao|ra doi (?:vao )?(?:ngay nao|khi nao)|when was .* issued)\b"
        ),
    ),
    ("type", re.compile(r"\b(loai van ban|la van ban gi|thuoc loai)\b")),
]


# "UBND tỉnh ban hành Kế hoạch … vào ngày nào?": the verb and the question words
# with the document's name between them. Not a task's deadline: "phải ban hành kế
# hoạch chậm nhất khi nào" asks when something must be done.
_ISSUED = re.compile(r"\b(?:ban hanh|ky)\b")
_WHEN = re.compile(r"\b(?:vao |trong )?(?:ngay nao|khi nao|bao gio|thoi gian nao)\s*\??\s*$")
_MUST = re.compile(r"\b(?:phai|can|cham nhat|truoc|han|thoi han)\b")


def attribute_of(question: str) -> str:
    """The document attribute a question asks for, or '' (see ATTRIBUTES)."""
    folded = fold(question)
    found = next((name for name, pattern in ATTRIBUTES if pattern.search(folded)), "")
    if not found and _ISSUED.search(folded) and _WHEN.search(folded) and not _MUST.search(folded):
        return "date"
    return found


def attribute_spans(question: str, attribute: str) -> list[tuple[int, int]]:
    """Where the question's words ask for the attribute (offsets of the folded text,
    which has the question's length): what is left names the document."""
    folded = fold(question)
    spans = [m.span() for m in dict(ATTRIBUTES)[attribute].finditer(folded)]
    if attribute == "date" and not spans:
        spans = [m.span() for m in _WHEN.finditer(folded)]
    return spans


# "Đề án 06 là gì?", "What is Project 06?": a short term and the words that ask what it is.
_DEFINITION = re.compile(
    r"^\s*(?P<vi>.{2,40}?)\s+(?:là gì|nghĩa là gì|là cái gì)\s*\??\s*$|^\s*what\s+is\s+(?P<en>.{2,40}?)\s*\??\s*$",
    re.I,
)


def defined_term(question: str) -> str:
    """The term a question asks to define ("Đề án 06"), or ''. Only a short
    noun phrase: "Sở Tư pháp phải làm gì" asks for tasks, not a definition."""
    m = _DEFINITION.match(question)
    term = (m.group("vi") or m.group("en") or "").strip() if m else ""
    if len(term.split()) > 6 or re.search(r"\b(phai|can|duoc|da|se|co|lam)\b", fold(term)):
        return ""
    return term


# Cue words that fold to a common word: "bộ máy" is not "mấy". Where the question
# is typed with diacritics, only the cue's own spelling asks.
_FOLDED_CUES = {"may": "mấy"}


def intent_of(question: str) -> str:
    """signer | agency | document | date | number | who | list | fact."""
    if has_diacritics(question):
        words = re.findall(r"\w+|\W+", question)
        question = "".join("_" if fold(w) in _FOLDED_CUES and w.lower() != _FOLDED_CUES[fold(w)] else w for w in words)
    folded = fold(question)
    return next((name for name, pattern in INTENTS if pattern.search(folded)), "fact")


def asks_day(question: str) -> bool:
    return bool(_ASKS_DAY.search(fold(question)))


def is_english(text: str) -> bool:
    """A question in English: English function words, and most words plain ASCII
    — not all: it may quote a Vietnamese name or number ("Which agency leads Đề
    án 06 in Quảng Ngãi?", "Decision 1898/QĐ-TTg")."""
    words = re.findall(r"[^\W\d_]+", text)
    plain = sum(w.isascii() for w in words)
    return bool(words) and plain >= 0.5 * len(words) and len(ENGLISH.findall(text)) >= 2


def reads_english(text: str) -> bool:
    """A passage in English: most of its words are plain ASCII and English
    function words occur (its Vietnamese names keep their diacritics)."""
    words = re.findall(r"[^\W\d_]+", text)
    plain = sum(w.isascii() for w in words)
    return bool(words) and plain >= 0.85 * len(words) and len(ENGLISH.findall(text)) >= 3


# "Sở X phải làm gì", "những nhiệm vụ nào", "việc nào của ...": a question for a list.
ASKS_TASKS = re.compile(
    r"\b(lam gi|lam nhung gi|lam nhung viec gi|nhiem vu gi|nhiem vu nao|nhung nhiem vu|cac nhiem vu|"
    r"viec gi|viec nao|nhung viec|cong viec gi|cong viec nao|duoc giao gi|what tasks|which tasks)\b"
)
# "Kế hoạch … có bao nhiêu nhiệm vụ?": the registry's count, not a figure in the text
# (a report's "đã hoàn thành 24/29 nhiệm vụ" is asked with "đã hoàn thành", a result).
ASKS_COUNT = re.compile(r"\b(co bao nhieu nhiem vu|bao nhieu nhiem vu|may nhiem vu|so nhiem vu|how many tasks)\b")
RESULT_WORDS = re.compile(r"\b(da hoan thanh|hoan thanh|dat|chua|dang trien khai|completed)\b")
# Against today's date: what is past its deadline, what comes due soon.
ASKS_OVERDUE = re.compile(r"\b(qua han|tre han|da het han|tre tien do|overdue)\b")
ASKS_UPCOMING = re.compile(r"\b(sap den han|sap het han|sap toi han|den han trong thoi gian toi|due soon|upcoming)\b")
# A count or a report on past results is not a request for the list.
NOT_A_LIST = re.compile(r"\b(bao nhieu|may nhiem vu|da hoan thanh|how many)\b")


# Question words and phrases, longest first when compiled. Removed from the
# previous question when the follow-up asks something else; the ones asking
# who give way to the agency the answer named.
ASKING_WHO = [
    "những cơ quan nào",
    "cơ quan nào",
    "đơn vị nào",
    "sở nào",
    "ngành nào",
    "cơ quan gì",
    "đơn vị gì",
    "đồng chí nào",
    "người nào",
    "là ai",
    "ai",
]
ASKING = ASKING_WHO + [
    "phải làm những gì",
    "phải làm gì",
    "làm những gì",
    "làm gì",
    "những nhiệm vụ gì",
    "những nhiệm vụ nào",
    "nhiệm vụ gì",
    "nhiệm vụ nào",
    "những việc gì",
    "việc gì",
    "những gì",
    "như thế nào",
    "thế nào",
    "ra sao",
    "là bao nhiêu",
    "bao nhiêu",
    "số bao nhiêu",
    "thứ mấy",
    "số mấy",
    "mấy",
    "là khi nào",
    "khi nào",
    "vào ngày nào",
    "ngày nào",
    "bao giờ",
    "lúc nào",
    "tháng nào",
    "quý nào",
    "năm nào",
    "thời gian nào",
    "hạn chót",
    "thời hạn",
    "văn bản nào",
    "quyết định nào",
    "kế hoạch nào",
    "công văn nào",
    "gì",
    "nào",
]
# What marks a question as continuing the conversation.
FOLLOWUP_MARKERS = ["thế còn", "vậy còn", "còn về", "còn", "thì sao", "thì thế nào", "thì như thế nào", "thì ra sao", "nữa"]
POINTERS = {
    "document": ["văn bản", "kế hoạch", "thông báo", "quyết định", "công văn", "hội nghị", "cuộc họp", "kết luận"],
    "agency": ["cơ quan", "đơn vị", "sở"],
    "topic": ["nhiệm vụ", "việc", "chỉ tiêu", "nội dung", "công việc"],
    "province": ["tỉnh", "địa phương"],
}
DEICTIC = ["nói trên", "đó", "này", "ấy", "trên"]
# Words that frame a question without being its topic: a question made of
# these, slots and question words alone cannot stand by itself.
FRAME = set(
    fold(w)
    for w in (
        "chủ trì phối hợp thực hiện hoàn thành ký ban hành phụ trách chịu trách nhiệm phải cần được giao hạn "
        "chót thời gian nhiệm vụ việc cơ quan đơn vị tỉnh năm quý tháng ngày trước chậm nhất đến khi thì sao "
        "về ở tại của là có các những gì nào ai mấy bao nhiêu vậy thế còn nữa và theo trong đó này ấy trên "
        "không chưa hả ạ nhỉ làm số văn bản kế hoạch quyết định thông báo công văn"
    ).split()
)
