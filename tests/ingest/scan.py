"""Directive pages as a scanner sees them: drawn to images in an official layout, the source text kept.

The layout is the one of Nghị định 30/2020/NĐ-CP that every plan follows: the
issuer and the national motto side by side, the number under the issuer, the
place and date under the motto, the type and title centred, numbered sections,
a task table with its grid, the signature. Each page's `text` is what was
drawn, in reading order (left column before right, a table row by row), for
measuring what OCR gets back.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONTS = Path("/usr/share/fonts/truetype/dejavu")
A4_INCHES = (8.27, 11.69)


@dataclass
class Page:
    image: Image.Image
    text: str


class _Pen:
    """Writes lines on one page, top to bottom, and keeps the text it drew."""

    def __init__(self, dpi: int) -> None:
        self.dpi = dpi
        self.image = Image.new("L", (round(A4_INCHES[0] * dpi), round(A4_INCHES[1] * dpi)), 255)
        self.draw = ImageDraw.Draw(self.image)
        self.left = round(0.9 * dpi)  # 2-3 cm margins, as the decree sets them
        self.right = self.image.width - round(0.6 * dpi)
        self.y = round(0.6 * dpi)
        self.lines: list[str] = []

    def font(self, points: float = 12, bold: bool = False, italic: bool = False) -> ImageFont.FreeTypeFont:
        name = (
            "DejaVuSerif" + ("-Bold" if bold else "") + ("Italic" if italic and bold else "-Italic" if italic else "")
        )
        return ImageFont.truetype(str(FONTS / f"{name}.ttf"), round(points * self.dpi / 72))

    def _gap(self, font: ImageFont.FreeTypeFont) -> int:
        return round(font.size * 1.45)

    def centred(self, text: str, x0: int, x1: int, y: int, font: ImageFont.FreeTypeFont) -> int:
        width = self.draw.textlength(text, font=font)
        self.draw.text((x0 + (x1 - x0 - width) / 2, y), text, font=font, fill=0)
        return y + self._gap(font)

    def header(self, left: list[tuple[str, bool]], right: list[tuple[str, bool]], points: float = 11) -> None:
        mid = self.left + round((self.right - self.left) * 0.4)
        y_left = y_right = self.y
        for text, bold in left:
            y_left = self.centred(text, self.left - round(0.3 * self.dpi), mid, y_left, self.font(points, bold))
        for text, bold in right:
            italic = text.startswith(tuple("ĐQHNGBTLKVCS")) and "ngày" in text
            y_right = self.centred(text, mid, self.right, y_right, self.font(points, bold, italic))
        self.lines += [t for t, _ in left] + [t for t, _ in right]
        self.y = max(y_left, y_right) + round(0.15 * self.dpi)

    def title(self, text: str, points: float = 13, bold: bool = True) -> None:
        self.y = self.centred(text, self.left, self.right, self.y, self.font(points, bold))
        self.lines.append(text)

    def paragraph(self, text: str, points: float = 12, bold: bool = False, indent: float = 0.4) -> None:
        font = self.font(points, bold)
        x = self.left + round(indent * self.dpi)
        line = ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if self.draw.textlength(trial, font=font) > self.right - x and line:
                self.draw.text((x, self.y), line, font=font, fill=0)
                self.y += self._gap(font)
                x, line = self.left, word
            else:
                line = trial
        self.draw.text((x, self.y), line, font=font, fill=0)
        self.y += self._gap(font)
        self.lines.append(text)

    def table(self, rows: list[list[str]], widths: list[float], points: float = 11) -> None:
        """A ruled table; cells wrap inside their column; the first row bold."""
        font, bold = self.font(points), self.font(points, bold=True)
        pad = round(0.06 * self.dpi)
        total = self.right - self.left
        xs = [self.left]
        for w in widths:
            xs.append(xs[-1] + round(w * total))
        for r, row in enumerate(rows):
            f = bold if r == 0 else font
            wrapped = [self._wrap(cell, f, xs[i + 1] - xs[i] - 2 * pad) for i, cell in enumerate(row)]
            height = max(len(w) for w in wrapped) * self._gap(f) + 2 * pad
            for i, cell_lines in enumerate(wrapped):
                y = self.y + pad
                for line in cell_lines:
                    self.draw.text((xs[i] + pad, y), line, font=f, fill=0)
                    y += self._gap(f)
            self.draw.rectangle((xs[0], self.y, xs[-1], self.y + height), outline=0, width=2)
            for x in xs[1:-1]:
                self.draw.line((x, self.y, x, self.y + height), fill=0, width=2)
            self.y += height
            self.lines.append(" ".join(row))
        self.y += round(0.15 * self.dpi)

    def _wrap(self, text: str, font: ImageFont.FreeTypeFont, width: int) -> list[str]:
        lines, line = [], ""
        for word in text.split():
            trial = f"{line} {word}".strip()
            if self.draw.textlength(trial, font=font) > width and line:
                lines.append(line)
                line = word
            else:
                line = trial
        return [*lines, line]

    def page(self) -> Page:
        return Page(self.image, "\n".join(self.lines))


TABLE = [
    ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian hoàn thành"],
    ["1", "Số hóa dữ liệu hộ tịch của các huyện còn lại", "Sở Tư pháp", "Quý I/2025"],
    ["2", "Làm sạch dữ liệu đất đai, kết nối với cơ sở dữ liệu dân cư", "Sở Tài nguyên và Môi trường", "Tháng 6/2025"],
    ["3", "Cấp tài khoản định danh điện tử mức độ 2 cho công dân", "Công an tỉnh", "Thường xuyên"],
]


def plan_pages(dpi: int = 200) -> list[Page]:
    """A two-page plan of the Quảng Ngãi People's Committee, as it would be scanned."""
    one = _Pen(dpi)
    one.header(
        [("ỦY BAN NHÂN DÂN", False), ("TỈNH QUẢNG NGÃI", True), ("Số: 204/KH-UBND", False)],
        [
            ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True),
            ("Độc lập - Tự do - Hạnh phúc", True),
            ("Quảng Ngãi, ngày 5 tháng 3 năm 2024", False),
        ],
    )
    one.title("KẾ HOẠCH", 14)
    one.title("Triển khai thực hiện Đề án 06 trên địa bàn tỉnh năm 2024", 13)
    one.paragraph(
        "Thực hiện Quyết định số 06/QĐ-TTg ngày 06/01/2022 của Thủ tướng Chính phủ phê duyệt Đề án phát triển "
        "ứng dụng dữ liệu về dân cư, định danh và xác thực điện tử phục vụ chuyển đổi số quốc gia giai đoạn "
        "2022 - 2025, tầm nhìn đến năm 2030, Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện như sau:"
    )
    one.paragraph("I. MỤC ĐÍCH, YÊU CẦU", bold=True, indent=0.4)
    one.paragraph(
        "1. Triển khai đồng bộ, hiệu quả các nhiệm vụ của Đề án 06, bảo đảm dữ liệu dân cư đúng, đủ, sạch, sống "
        "và phục vụ người dân, doanh nghiệp."
    )
    one.paragraph(
        "2. Xác định rõ nhiệm vụ, thời hạn hoàn thành và trách nhiệm của người đứng đầu các sở, ban, ngành, "
        "địa phương trong tổ chức thực hiện."
    )
    one.paragraph("II. NHIỆM VỤ CỤ THỂ", bold=True)
    one.paragraph(
        "1. Sở Y tế chủ trì hoàn thành kết nối hồ sơ sức khỏe điện tử với ứng dụng VNeID, chậm nhất trong tháng 9/2024."
    )
    one.paragraph(
        "2. Sở Giáo dục và Đào tạo triển khai thanh toán học phí không dùng tiền mặt tại 100% trường học "
        "trên địa bàn tỉnh trong năm học 2024 - 2025."
    )
    two = _Pen(dpi)
    two.paragraph("3. Các sở, ngành thực hiện các nhiệm vụ về số hóa và làm sạch dữ liệu theo bảng dưới đây:")
    two.table(TABLE, [0.08, 0.46, 0.26, 0.20])
    two.paragraph("III. TỔ CHỨC THỰC HIỆN", bold=True)
    two.paragraph(
        "Công an tỉnh là cơ quan thường trực, theo dõi, đôn đốc việc thực hiện Kế hoạch này; định kỳ hằng "
        "tháng tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân tỉnh trước ngày 20."
    )
    two.paragraph("TM. ỦY BAN NHÂN DÂN", bold=True, indent=3.6)
    two.paragraph("CHỦ TỊCH", bold=True, indent=4.0)
    two.paragraph("Đặng Văn Minh", bold=True, indent=3.8)
    return [one.page(), two.page()]


def image_pdf(images: list[Image.Image], dpi: int = 200) -> bytes:
    """An image-only PDF, one picture per page, as a scanner writes it: no text layer."""
    buffer = io.BytesIO()
    first, *rest = [im.convert("RGB") for im in images]
    first.save(buffer, "PDF", save_all=True, append_images=rest, resolution=dpi)
    return buffer.getvalue()
