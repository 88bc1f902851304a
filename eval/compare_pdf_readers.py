"""Which PDF library reads our CVs best: pypdf against pdfminer.six, on the acceptance set's PDFs.

For each PDF of tests/test_cv.py (one column, two columns, LinkedIn-like), the share of the CV's lines
found whole in the extracted text (spaces normalised), the share of lines in their section's order,
and the time per file. Run: `PYTHONPATH=. python eval/compare_pdf_readers.py` (needs pdfminer.six).
"""

from __future__ import annotations

import io
import re
import time
from collections import defaultdict

from pypdf import PdfReader

from tests.cv_files import _latin1
from tests.test_cv import CVS


def _pypdf(data: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)


def _pdfminer(data: bytes) -> str:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def main() -> None:
    readers = {"pypdf": _pypdf, "pdfminer.six": _pdfminer}
    found: dict[tuple[str, str], list[float]] = defaultdict(list)
    ordered: dict[tuple[str, str], list[float]] = defaultdict(list)
    seconds: dict[str, float] = defaultdict(float)
    files = 0
    for _, cv, (fmt, writer) in CVS:
        if not fmt.startswith("pdf"):
            continue
        data, files = writer(cv), files + 1
        lines = [_norm(_latin1(line)) for _, body in cv.sections for line in body]
        for name, read in readers.items():
            start = time.perf_counter()
            text = _norm(read(data))
            seconds[name] += time.perf_counter() - start
            where = [text.find(line) for line in lines]
            found[name, fmt].append(sum(w >= 0 for w in where) / len(lines))
            kept = [w for w in where if w >= 0]
            ordered[name, fmt].append(sum(a < b for a, b in zip(kept, kept[1:], strict=False)) / max(len(kept) - 1, 1))
    print(f"{files} PDFs")
    for (name, fmt), shares in sorted(found.items()):
        order = ordered[name, fmt]
        print(
            f"{name:13} {fmt:13} lines whole {sum(shares) / len(shares):6.1%}  in order {sum(order) / len(order):6.1%}"
        )
    for name, total in seconds.items():
        print(f"{name:13} {1000 * total / files:.0f} ms per file")


if __name__ == "__main__":
    main()
