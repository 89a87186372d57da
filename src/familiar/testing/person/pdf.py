"""A minimal PDF writer: text pages in Helvetica, WinAnsi encoding, a correct xref table."""

from __future__ import annotations

LINES_PER_PAGE = 48


def _pdf_string(line: str) -> bytes:
    data = line.encode("cp1252", "replace")
    return b"(" + data.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A PDF whose pages show `title` then `lines`, one text line each."""
    body = [title, "", *lines]
    pages = [body[i : i + LINES_PER_PAGE] for i in range(0, len(body), LINES_PER_PAGE)] or [[]]
    objects: list[bytes] = []
    n_pages = len(pages)
    # Object numbers: 1 catalog, 2 pages, 3 font, 4 info, then (page, content) pairs.
    kids = " ".join(f"{5 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    # Document info strings are PDFDocEncoding, not WinAnsi: UTF-16 keeps any title intact.
    title_hex = ("feff" + title.encode("utf-16-be").hex()).upper().encode()
    objects.append(b"<< /Title <" + title_hex + b"> /Producer (familiar synthetic) >>")
    for i, page_lines in enumerate(pages):
        stream = b"BT /F1 11 Tf 14 TL 56 790 Td\n"
        for j, line in enumerate(page_lines):
            if i == 0 and j == 0:
                stream += b"/F1 15 Tf " + _pdf_string(line) + b" Tj /F1 11 Tf T*\n"
            else:
                stream += _pdf_string(line) + b" Tj T*\n"
        stream += b"ET"
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            f"/Resources << /Font << /F1 3 0 R >> >> /Contents {6 + 2 * i} 0 R >>".encode()
        )
        objects.append(f"<< /Length {len(stream)} >>\nstream\n".encode() + stream + b"\nendstream")
    out = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for n, obj in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + obj + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info 4 0 R >>\n"
        f"startxref\n{xref}\n%%EOF\n"
    ).encode()
    return out
