"""The header of a directive in the standard layout, and a portal's property table.

Decree 30/2020/NĐ-CP (Phụ lục I) lays a document's first lines out the same
way whoever issues it: the issuing body (under its parent, if any) on the
left, the national motto on the right, then "Số: 63/KH-UBND" and "Quảng
Ngãi, ngày 03 tháng 02 năm 2023", then the type word in capitals ("KẾ
HOẠCH") over the summary (trích yếu), or, for an official letter, "V/v …"
under the number and "Kính gửi: …" above the body. Texts arrive with the two
columns flattened into one ("ỦY BAN NHÂN DÂN | CỘNG HÒA XÃ HỘI …"), lines
broken anywhere, even inside a phrase ("Kon Tum, ngày 25" / "tháng 01 năm
2024"). So the header is read as a sequence of lines whose roles are told by
what they say, not by where they stand.

Legal portals put the same facts in a property table above the text ("Số
hiệu: 395/KH-UBND", "Người ký: Trịnh Xuân Trường"); those are read too, as
the second source after the document's own header.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from vn.agencies import canonical, central_body
from vn.dates import iso, parse_day
from vn.normalize import fold, fold_aligned
from vn.people import is_upper
from vn.places import find_districts, find_provinces, gazetteer, province_of, provinces_in
from vn.refs import REF_PATTERN, doc_types, type_of_ref
from vn.sentences import MARKER_START
from vn.vocabulary import abbreviations

# Where the header may be: it never runs past these many lines or characters,
# and its first line that only a header has comes within the first few.
_MAX_LINES = 40
_MAX_CHARS = 3000
_ANCHOR_LINES = 16
# The motto in any case and spacing ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
# "Độc lập - Tự do - Hạnh phúc"), broken over lines anywhere.
_MOTTO = re.compile(
    r"cong\s*hoa\s*xa\s*hoi(?:\s*chu\s*nghia(?:\s*viet\s*nam)?)?|chu\s*nghia\s*viet\s*nam|"
    r"doc\s*lap\W*tu\s*do\W*hanh\s*phuc|doc\s*lap\W*tu\s*do|tu\s*do\W*hanh\s*phuc|"
    r"(?:the\s+)?socialist\s+republic\s+of\s+viet\s*nam|independence\W*freedom\W*happiness"
)
_MOTTO_END = re.compile(r"^\W*(?:viet\s*nam|hanh\s*phuc)\W*$")  # what a motto broken at its last words leaves
# "Số: 63/KH-UBND", "Số : 2917 /SGDĐT-VP", "Số:" alone over the number, "No. 33/NQ-CP";
# "SỐ, THÚC ĐẨY …" in a title is not one.
_NUMBER = re.compile(r"^(?:số|no\.?)\s*(?::\s*(\d+\s/\S+|\S*)|\s(\d\S*))", re.I)
# "Quảng Ngãi, ngày 03 tháng 02 năm 2023"; a draft leaves the day blank ("ngày …").
_MONTHS = ("january february march april may june july august september october november december").split()
_DATE_TAIL = re.compile(
    r",\s*(?:ngày\s+(?P<day>\d{1,2}|[.…\s]*)\s*tháng\s*(?P<month>\d{1,2})\s+năm\s+(?P<year>\d{4})"
    rf"|(?P<mname>{'|'.join(_MONTHS)})\s+(?P<eday>\d{{1,2}}),\s*(?P<eyear>\d{{4}}))",
    re.I,
)
_DATELINE = re.compile(rf"(?P<place>[^\W\d_][\w.\- –]{{0,40}}?)\s*{_DATE_TAIL.pattern}", re.I)
_ABOUT = re.compile(r"^(?:v/v|về việc)\s*:?\s*", re.I)
# Where a run-on line (a PDF's two columns, a page's text in one line) is cut into
# header items: at its number; at "V/v" and "Kính gửi" only in a line that holds
# the motto or the number too (running text mentions "V/v" when it cites a letter).
_CUT = re.compile(r"(?<!\w)(?:so|no\.?)\s*:", re.I)
_CUT_LETTER = re.compile(r"(?<!\w)v/v\b|(?<!\w)kinh\s+gui\b", re.I)
_TO = re.compile(r"^kính\s+gửi\s*:?", re.I)
# The body starts: the grounds or the request in ordinary case (a title in
# capitals may start "THỰC HIỆN …"), or a numbered part or an article.
_BODY_WORDS = re.compile(
    r"^(?:căn cứ|thực hiện|theo đề nghị|xét đề nghị|xét tờ trình|nhằm|để|trong (?:thời gian|những năm)|"
    r"pursuant to|based on|at the request of|to implement|in order to|in (?:recent|the past))",
    re.I,
)
_BODY_PARTS = re.compile(
    r"^(?:điều\s+\d|article\s+\d|chương\s+[ivx\d]|phần\s+[ivx\d]|[IVX]+\.\s|\d+\.\s|[a-zđ]\)\s)", re.I
)
# The authority a decision is made in the name of, printed over its grounds:
# "ỦY BAN NHÂN DÂN TỈNH KON TUM", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KIÊN GIANG".
_AUTHORITY = re.compile(
    r"^(?:ủy ban nhân dân|uỷ ban nhân dân|hội đồng nhân dân|chủ tịch|bộ trưởng|thủ tướng|giám đốc|"
    r"the government|the prime minister|the minister|the (?:chairman|chairperson)|the people.s committee)\b",
    re.I,
)
# The labels of a portal's property table, folded, and the field each gives.
PORTAL_LABELS = {
    "so hieu": "number",
    "so ky hieu": "number",
    "so, ky hieu": "number",
    "loai van ban": "type",
    "noi ban hanh": "issuer",
    "co quan ban hanh": "issuer",
    "nguoi ky": "signer",
    "ngay ban hanh": "date",
    "ngay hieu luc": "effective",
    "ngay co hieu luc": "effective",
    "ngay cong bao": "",
    "so cong bao": "",
    "tinh trang": "",
    "tinh trang hieu luc": "",
    "linh vuc": "",
    "trich yeu": "title",
}
_LABEL = "|".join(sorted((k.replace(" ", r"\s+") for k in PORTAL_LABELS), key=len, reverse=True))
_PORTAL = re.compile(rf"(?<![\w])({_LABEL})\s*:")
# A label and its value with no colon, alone on a line ("Người ký Nguyễn Thị Thanh Lịch").
_PORTAL_LINE = re.compile(rf"^({_LABEL})\s+(?=\S)")


@dataclass(frozen=True)
class Header:
    """What a document's header and its portal's property table say, and where."""

    issuer: str = ""  # "UBND tỉnh Lào Cai", "Bộ Thông tin và Truyền thông"
    parent: str = ""  # the body above the issuer: "UBND tỉnh Quảng Ngãi" over "Sở Tư pháp"
    province: str = ""  # of the issuer (from its name or, for a local body, the dateline)
    number: str = ""
    date: str = ""  # ISO
    place: str = ""  # the dateline's place, as written
    doc_type: str = ""
    title: str = ""
    recipients: tuple[str, ...] = ()  # "Kính gửi"
    signer: str = ""  # the portal's "Người ký"
    effective: str = ""  # the portal's "Ngày hiệu lực", as written
    span: tuple[int, int] | None = None  # the header's lines in the text (issuer to title)
    portal: tuple[int, int] | None = None  # the property table's lines
    title_span: tuple[int, int] | None = None
    end: int = 0  # where the body starts
    official: bool = False  # a header in the standard layout was found
    notes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str

    @property
    def folded(self) -> str:
        return fold(self.text)


def _lines(text: str) -> list[_Line]:
    """The first lines of a text with their offsets, each cut where a flattened
    layout put two header items on one line ("TỈNH HẬU GIANG Độc lập - Tự do -
    Hạnh phúc", "Số: 454/UBND-NCTH Vị Thanh, ngày 6 tháng 4 năm 2011")."""
    out = []
    offset = 0
    for raw in text.split("\n"):
        if raw.strip():
            out.extend(_segments(raw, offset))
        offset += len(raw) + 1
        if offset > _MAX_CHARS or len(out) >= _MAX_LINES:
            break
    return _join_motto(out)


def _join_motto(lines: list[_Line]) -> list[_Line]:
    """The motto broken inside a phrase ("CỘNG" / "HÒA XÃ HỘI …") made one line again."""
    out: list[_Line] = []
    for line in lines:
        if out and not _is_motto(out[-1].folded) and _is_motto(f"{out[-1].folded} {line.folded}"):
            out[-1] = _Line(out[-1].start, line.end, f"{out[-1].text} {line.text}")
        else:
            out.append(line)
    return out


def _segments(raw: str, offset: int) -> list[_Line]:
    folded = fold_aligned(raw)
    cuts = {0, len(raw)}
    for m in _MOTTO.finditer(folded):
        cuts |= {m.start(), m.end()}
    numbered = list(_CUT.finditer(folded))
    for m in numbered:
        cuts.add(m.start())
    if numbered or _MOTTO.search(folded):
        cuts |= {m.start() for m in _CUT_LETTER.finditer(folded)}
    if tail := _DATE_TAIL.search(raw):
        cuts |= {_place_start(raw, tail.start()), tail.end()}
        # "… năm 2023 KẾ HOẠCH Thực hiện …": the type word after the dateline is an item of its own.
        rest = raw[tail.end() :]
        for heading in (h for t in doc_types() for h in (t.heading, *t.english)):
            if rest.lstrip().startswith(heading + " "):
                cuts.add(tail.end() + len(rest) - len(rest.lstrip()) + len(heading))
    bounds = sorted(cuts)
    out = []
    for a, b in zip(bounds, bounds[1:]):
        piece = raw[a:b]
        if piece.strip(" |-–,"):
            lead = len(piece) - len(piece.lstrip())
            out.append(_Line(offset + a + lead, offset + a + len(piece.rstrip()), piece.strip()))
    return out


def _place_start(line: str, comma: int) -> int:
    """Where the place before a dateline's ", ngày" starts: the run of
    capitalised words (and hyphens, "Bà Rịa - Vũng Tàu") just before it."""
    start = comma
    for m in reversed(list(re.finditer(r"\S+", line[:comma]))[-6:]):
        word = m.group()
        if word in "-–" or (word[0].isupper() and re.fullmatch(r"[^\W\d_][\w.]*", word) and word != "Số"):
            start = m.start()
        else:
            break
    return start


def _type_of(line: str) -> str:
    """The document type a line in capitals names ("KẾ HOẠCH", "QUYẾT ĐỊNH"), else ''."""
    if not is_upper(line):
        return ""
    words = " ".join(line.split())
    headings = [(h, t.name) for t in doc_types() for h in (t.heading, *t.english)]
    for heading, name in sorted(headings, key=lambda h: -len(h[0])):
        if words == heading or (words.startswith(heading + " ") and len(words) <= len(heading) + 2):
            return name
    return ""


def read_portal(text: str) -> tuple[dict[str, str], tuple[int, int] | None]:
    """The fields of a portal's property table at the top of a text, and its lines.

    Lines of "label: value" pairs, several to a line ("Số hiệu: 395/KH-UBND
    Loại văn bản: Kế hoạch"); it ends at the first line that holds none."""
    fields: dict[str, str] = {}
    first = last = None
    for line in _lines(text)[:24]:
        found = list(_PORTAL.finditer(line.folded)) or list(_PORTAL_LINE.finditer(line.folded))
        if not found or found[0].start() > 0:
            # Inside the table, a property this reader has no use for ("Nguồn thu nhập", "Chức
            # danh", "Phạm vi") is a short line in ordinary case; anything else ends it.
            if first is not None and not (len(line.text) <= 40 and not is_upper(line.text) and not line.text.endswith(".")):
                break
            continue
        for m, nxt in zip(found, [*found[1:], None]):
            label = " ".join(m.group(1).split())
            value = line.text[m.end() : nxt.start() if nxt else len(line.text)].strip(" |")
            if PORTAL_LABELS[label] and value and not fields.get(PORTAL_LABELS[label]):
                fields[PORTAL_LABELS[label]] = value
        first = line.start if first is None else first
        last = line.end
    return fields, (first, last) if first is not None and last is not None else None


def _anchor(line: _Line) -> bool:
    """A line only a header has: the motto, the number, the dateline, the type word, "V/v"."""
    return bool(
        _is_motto(line.folded)
        or _is_number(line.text)
        or _DATELINE.match(line.text)
        or _type_of(line.text)
        or _ABOUT.match(line.text)
    )


def _is_number(text: str) -> bool:
    """A number line: "Số: 63/KH-UBND" (or "Số:" alone), not "No. 163, which …" in running text."""
    m = _NUMBER.match(text)
    if not m:
        return False
    value = m.group(1) if m.group(1) is not None else m.group(2)
    return not value or bool(REF_PATTERN.match(value.replace(" /", "/"))) or len(text) <= 20


def _is_motto(folded: str) -> bool:
    return _MOTTO.sub(" ", folded).strip(" -–|,") == ""


def read_header(text: str) -> Header:
    """The header of a cleaned text; an empty Header when it has none (a news article)."""
    fields, portal = read_portal(text)
    lines = [ln for ln in _lines(text) if not (portal and portal[0] <= ln.start < portal[1])]
    # A copy may start at "Kính gửi:", the last line of a letter's header.
    start = next((k for k in range(min(3, len(lines))) if _TO.match(_two(lines, k))), None)
    if start is None:
        # Only the motto is sure enough to find a header further down (below a portal's page furniture).
        start = next(
            (k for k, ln in enumerate(lines) if _anchor(ln) if k < _ANCHOR_LINES or _is_motto(ln.folded)), None
        )
    if start is None:
        return _portal_only(fields, portal)
    # The issuer's lines in capitals stand just above the first anchor.
    first_issuer = start
    while first_issuer > 0 and is_upper(lines[first_issuer - 1].text) and len(lines[first_issuer - 1].text) < 120:
        first_issuer -= 1
    issuer_parts = lines[first_issuer:start]
    number = date = place = doc_type = title = ""
    recipients: list[str] = []
    first, last = lines[first_issuer].start, lines[start].end
    title_start = title_end = None
    i = start
    while i < len(lines):
        line = lines[i]
        if _is_motto(line.folded) or (i > start and _MOTTO_END.match(line.folded) and _is_motto(lines[i - 1].folded)):
            last = line.end
            i += 1
            continue
        if _is_number(line.text) and (m := _NUMBER.match(line.text)):
            value = m.group(1) or m.group(2) or ""
            if not value and i + 1 < len(lines):  # "Số:" with the number on the next line
                i += 1
                value = lines[i].text.split()[0]
            number = number or _number(value)
            last = lines[i].end
            i += 1
            continue
        joined = " ".join(ln.text for ln in lines[i : i + 3])
        if not date and (m := _DATELINE.match(joined)):
            date = _dateline_iso(m)
            place = m.group("place").strip()
            used = m.end()
            while i < len(lines) and used > 0:  # the dateline may run over several lines
                used -= len(lines[i].text) + 1
                last = lines[i].end
                i += 1
            continue
        kind = _type_of(line.text)
        if kind or (is_upper(line.text) and number and date and not doc_type):
            # The type word over the summary; a copy may lack the word ("Số: …/KH-UBND" then the summary).
            doc_type = kind or _type_of_number(number)
            i, title, title_start, title_end, authority_end = _title(lines, i + 1 if kind else i)
            last = max(line.end, title_end or 0, authority_end or 0)
            break
        if about := _ABOUT.match(line.text):
            doc_type = doc_type or "Công văn"
            parts = [line.text[about.end() :]]
            title_start, title_end = line.start + about.end(), line.end
            i += 1
            while i < len(lines) and lines[i].text[:1].islower() and not _is_anchor(lines[i].text):
                parts.append(lines[i].text)
                title_end = lines[i].end
                i += 1
            title = " ".join(" ".join(parts).split())
            last = title_end
            continue
        if _TO.match(_two(lines, i)) or _is_body(line.text) or len(line.text) > 160:
            break
        if is_upper(line.text) and not (number and date):
            issuer_parts.append(line)  # the issuer's column, interleaved with the motto's
        last = line.end
        i += 1
    # "Kính gửi: …" and its list close an official letter's header.
    while i < len(lines) and (to := _TO.match(_two(lines, i))):
        doc_type = doc_type or "Công văn"
        recipients, i, last = _recipients(lines, i, to.end())
    parent, issuer, province = _issuer([ln.text for ln in issuer_parts], place, fields.get("issuer", ""))
    return Header(
        issuer=issuer,
        parent=parent,
        province=province,
        number=number or _number(fields.get("number", "")),
        date=date or _day(fields.get("date", "")),
        place=place,
        doc_type=doc_type or _type_of_number(number) or _type_name(fields.get("type", "")),
        title=title,
        recipients=tuple(recipients),
        signer=fields.get("signer", ""),
        effective=fields.get("effective", ""),
        span=(first, last),
        portal=portal,
        title_span=(title_start, title_end) if title_start is not None and title_end is not None else None,
        end=max(last, portal[1] if portal else 0),
        official=True,
    )


def _portal_only(fields: dict[str, str], portal: tuple[int, int] | None) -> Header:
    issuer = fields.get("issuer", "")
    return Header(
        number=_number(fields.get("number", "")),
        date=_day(fields.get("date", "")),
        doc_type=_type_name(fields.get("type", "")),
        signer=fields.get("signer", ""),
        effective=fields.get("effective", ""),
        issuer=_portal_issuer(issuer),
        province=_province_of_text(issuer),
        portal=portal,
        end=portal[1] if portal else 0,
    )


def _dateline_iso(m: re.Match[str]) -> str:
    """ISO of a dateline in Vietnamese or in an English translation ("Hanoi, June 6, 2017")."""
    if m.group("mname"):
        return iso(m.group("eday"), _MONTHS.index(m.group("mname").lower()) + 1, m.group("eyear"))
    day = m.group("day") if m.group("day").strip(". …") else None
    return iso(day, m.group("month"), m.group("year"))


def _is_anchor(text: str) -> bool:
    return bool(_NUMBER.match(text) or _DATELINE.match(text) or _TO.match(text) or _is_body(text))


def _is_body(text: str) -> bool:
    return bool(_BODY_PARTS.match(text) or (_BODY_WORDS.match(text) and not is_upper(text)))


def _two(lines: list[_Line], i: int) -> str:
    """A line and the next, for what a copy breaks over two ("Kính" / "gửi:")."""
    return " ".join(ln.text for ln in lines[i : i + 2]) if len(lines[i].text) < 12 else lines[i].text


def _title(lines: list[_Line], i: int) -> tuple[int, str, int | None, int | None, int | None]:
    """The summary under the type word: lines in capitals, or the lines up to
    the body in ordinary case; the authority line a decision is made in the
    name of is not part of it. Returns (next line, title, its start, its end,
    the authority line's end)."""
    parts: list[_Line] = []
    authority_end = None
    while i < len(lines):
        line = lines[i]
        # "Thực hiện Nghị quyết …" may be the summary itself: short, no closing mark.
        summary = not parts and len(line.text) < 200 and not line.text.endswith((".", ":", ";"))
        if (_is_body(line.text) and not (summary and _BODY_WORDS.match(line.text))) or _TO.match(line.text):
            break
        if _NUMBER.match(line.text):
            break
        if is_upper(line.text) and _AUTHORITY.match(line.text) and _body_follows(lines, i):
            # "HỘI ĐỒNG NHÂN DÂN TỈNH QUẢNG NAM" / "KHÓA IX, KỲ HỌP THỨ 3" over the grounds; a copy
            # that lost the summary goes from the number straight to "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …".
            while i < len(lines) and not _is_body(lines[i].text):
                authority_end = lines[i].end
                i += 1
            break
        if parts and is_upper(parts[0].text) != is_upper(line.text) and not line.text[:1].islower():
            break
        if len(" ".join(p.text for p in parts)) > 600 or (len(line.text) > 200 and line.text.endswith(".")):
            break
        parts.append(line)
        i += 1
    title = " ".join(" ".join(p.text for p in parts).split())
    if not parts:
        return i, "", None, None, authority_end
    return i, title, parts[0].start, parts[-1].end, authority_end


def _body_follows(lines: list[_Line], i: int) -> bool:
    """Whether the body starts within the next two lines, or after more of the
    authority's own lines ("KHÓA VIII KỲ HỌP THỨ 12", "(Từ ngày 08 đến 10/12/2015)"),
    or the text ends."""
    ahead = lines[i + 1 : i + 3]
    if not ahead or any(_is_body(ln.text) for ln in ahead):
        return True
    rest = (ln.text for ln in lines[i + 1 :] if not (is_upper(ln.text) or ln.text.startswith("(")))
    return _is_body(next(rest, "Căn cứ"))


def _recipients(lines: list[_Line], i: int, at: int) -> tuple[list[str], int, int]:
    """The addressees after "Kính gửi:" (which `at` ends, in the line or the two
    lines `_two` joined), on its line or as a list below it."""
    if at > len(lines[i].text):  # "Kính" / "gửi:" over two lines
        at -= len(lines[i].text) + 1
        i += 1
    out = []
    first = lines[i].text[at:].strip()
    if first:
        out.append(first)
    last = lines[i].end
    i += 1
    while i < len(lines) and not first:
        text = lines[i].text
        if re.match(r"^[-–•+]\s*\S", text):
            out.append(text.lstrip("-–•+ "))
        elif out and text[:1].islower():  # an addressee wrapped onto the next line
            out[-1] = f"{out[-1]} {text}"
        else:
            break
        last = lines[i].end
        i += 1
    return [" ".join(r.split()).rstrip(";,.") for r in out], i, last


def _number(value: str) -> str:
    """The number as written, without what a flattened table leaves after it; '' when it holds no digit."""
    value = value.strip().strip("|").rstrip(".,;")
    m = REF_PATTERN.match(value)
    if m is None and (spaced := re.match(r"\d+(\s+)/", value)):
        # "Số: 186 /BC-UBND", as some offices type it: kept as written (ref_key reads both alike).
        gap = spaced.group(1)
        if joined := REF_PATTERN.match(value.replace(gap, "", 1)):
            return value[: joined.end() + len(gap)]
    number = m.group() if m else value.split()[0] if value.split() else ""
    return number if any(c.isdigit() for c in number) else ""


def _day(value: str) -> str:
    day = parse_day(value.strip().split()[0]) if value.strip() else None
    return day.isoformat() if day else ""


def _type_name(value: str) -> str:
    wanted = fold(value.strip())
    return next((t.name for t in doc_types() if fold(t.name) == wanted), "")


def _type_of_number(number: str) -> str:
    return type_of_ref(number) if number else ""


def _proper(name: str) -> str:
    """A name printed in capitals, in running-text case: the agency table's
    spelling where it knows the name, else the first letter capital and the
    places named in it as the gazetteer writes them."""
    if not is_upper(name):
        return " ".join(name.split())
    if central := central_body(name):
        return central
    # Abbreviations keep their capitals: a word with no vowel ("HĐND") or one the table knows ("UBND").
    known = {a.upper() for a in abbreviations()}
    words = [w if w in known or not re.search(r"[aeiouy]", fold(w)) else w.lower() for w in name.split()]
    out = canonical(" ".join(words))
    # The places in it as the gazetteer writes them, last first so offsets hold.
    for place in sorted([*find_provinces(out), *find_districts(out)], key=lambda p: -p.start):
        out = out[: place.start] + place.name + out[place.end :]
    return out


# A copy may lose the first letter ("Y BAN NHÂN DÂN") or split it off ("ỦY" / "BAN NHÂN DÂN").
_COMMITTEE = re.compile(r"^(?:[ủu]?y\s*ban nhân dân|uỷ ban nhân dân|ubnd)\s*", re.I)
_UNIT = re.compile(r"^(tỉnh|thành phố|tp\.?|huyện|quận|thị xã|xã|phường|thị trấn)\s+", re.I)


def _issuer(parts: list[str], place: str, portal_issuer: str) -> tuple[str, str, str]:
    """(parent, issuer, province) from the issuer's lines in capitals.

    The lines name one body or a body under its parent ("ỦY BAN NHÂN DÂN" /
    "TỈNH QUẢNG NGÃI" / "SỞ TƯ PHÁP"): a line that starts another body's name
    starts a level. A local body printed without its place ("ỦY BAN NHÂN
    DÂN") takes the dateline's; a central body has no province."""
    levels: list[str] = []
    for part in (MARKER_START.sub("", p) for p in parts):
        # "ỦY" / "BAN NHÂN DÂN": a line of one word is a name broken, not a level of its own.
        if levels and (_UNIT.match(part) or not _starts_body(part) or len(levels[-1].split()) == 1):
            levels[-1] = f"{levels[-1]} {part}"
        elif part:
            levels.append(part)
    if not levels:
        return "", _portal_issuer(portal_issuer), _province_of_text(portal_issuer)
    names = [" ".join(level.split()) for level in levels]
    central = next((c for c in (central_body(n) for n in names) if c), "")
    province = "" if central else next((p for p in (_province_of_text(n) for n in names) if p), "")
    if not province and not central:
        province = _province_of_text(place) or _province_of_text(portal_issuer)
    shown = [_committee(n, province) for n in names]
    issuer = shown[-1]
    if len(shown) > 1 and province and not _province_of_text(issuer):
        # "UBND TỈNH NINH THUẬN" over "SỞ GIÁO DỤC VÀ ĐÀO TẠO": the department of that province.
        issuer = f"{issuer} {gazetteer()[province_of(province)].kind} {province}" if province_of(province) else issuer
    return " – ".join(shown[:-1]), issuer, province


def _starts_body(line: str) -> bool:
    folded = fold(line)
    return bool(
        re.match(
            r"(?:uy ban|ubnd|hoi dong|so |ban |bo |van phong|cuc |chi cuc|tong cuc|trung tam|phong |"
            r"cong an|tinh uy|thanh uy|huyen uy|dang uy|to cong tac|thanh tra|kho bac|bao hiem|chinh phu|thu tuong)",
            folded,
        )
    )


def _committee(name: str, province: str) -> str:
    """'ỦY BAN NHÂN DÂN TỈNH LÀO CAI' -> 'UBND tỉnh Lào Cai'; a bare 'ỦY BAN
    NHÂN DÂN' of a known province gets its place; other names in running-text case."""
    m = _COMMITTEE.match(name)
    if not m:
        return _proper(name)
    rest = name[m.end() :].strip()
    if not rest and province:
        kind = gazetteer()[province_of(province)].kind if province_of(province) else "tỉnh"
        return f"UBND {kind} {province}"
    unit = _UNIT.match(rest)
    if unit:
        kind = unit.group(1).lower().rstrip(".")
        kind = "thành phố" if kind == "tp" else kind
        return f"UBND {kind} {_proper(rest[unit.end() :]) if is_upper(rest) else rest[unit.end() :]}"
    return f"UBND {_proper(rest)}".strip()


def _province_of_text(text: str) -> str:
    named = provinces_in(text)
    if named:
        return named[0]
    districts = find_districts(f"huyện {text}") or find_districts(f"thành phố {text}") or find_districts(text)
    return districts[0].province if districts else ""


def _portal_issuer(value: str) -> str:
    """A portal's "Nơi ban hành: Tỉnh Lào Cai" is the province's committee."""
    value = " ".join(value.split())
    if not value:
        return ""
    if (m := _UNIT.match(value)) and provinces_in(value[m.end() :]):
        return f"UBND {m.group(1).lower()} {provinces_in(value[m.end():])[0]}"
    return central_body(value) or value
