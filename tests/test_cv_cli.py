"""`recommender recommend --file` and batch {"file": ...} lines: a CV is matched, every refusal is one line and
exit code 2, and no contact detail reaches the output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recommender import Recommender, cli
from tests.cv_files import Cv, docx_bytes, pdf_bytes
from tests.hostile_files import HOSTILE, hostile_file

CONTACTS = ("sam.rivers@example.org", "+44 7700 900123", "14 Elm Road, Leeds LS2 4AB", "Date of birth: 4 May 1980")
CV = Cv(
    "Sam Rivers",
    (*CONTACTS, "linkedin.com/in/sam-rivers-42"),
    (
        (
            "Work experience",
            (
                "2011 - present: Intensive care nurse in a university hospital.",
                "I monitor ventilated patients and train new nurses on the unit's protocols.",
            ),
        ),
        ("Hobbies", ("Video games, sailing",)),
    ),
)


def test_recommend_file_gives_roles_without_contacts(rec: Recommender, tmp_path: Path, capsys) -> None:
    path = tmp_path / "cv.pdf"
    path.write_bytes(pdf_bytes(CV, "columns"))
    assert cli.main(["--quiet", "recommend", "--json", "--top-k", "3", "--file", str(path)]) == 0
    out = capsys.readouterr().out
    result = json.loads(out)
    assert result["roles"][0]["id"] == "ai-healthcare"
    assert any("Intensive care nurse" in e["sentence"] for r in result["roles"] for e in r["evidence"])
    for piece in (*CONTACTS, "sam.rivers", "linkedin.com", "Sam Rivers", "Video games"):
        assert piece not in out


def test_batch_lines_may_name_files(rec: Recommender, tmp_path: Path, capsys) -> None:
    (tmp_path / "cv.docx").write_bytes(docx_bytes(CV))
    (tmp_path / "empty.pdf").write_bytes(b"")
    batch = tmp_path / "batch.jsonl"
    lines = [{"file": "cv.docx"}, {"file": "empty.pdf"}, {"file": "missing.pdf"}, {"text": "Nurse in intensive care"}]
    batch.write_text("\n".join(json.dumps(x) for x in lines), encoding="utf-8")
    assert cli.main(["--quiet", "recommend", "--json", "--top-k", "1", "--batch", str(batch)]) == 0
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert out[0]["roles"][0]["id"] == "ai-healthcare" and "sam.rivers" not in json.dumps(out[0])
    assert out[1]["reason"] == "empty_file" and out[1]["error"].startswith("line 2: This file is empty")
    assert out[2]["reason"] == "bad_argument" and "missing.pdf" in out[2]["error"]
    assert out[3]["roles"][0]["id"] == "ai-healthcare"


@pytest.mark.parametrize("case", sorted(c for c in HOSTILE if HOSTILE[c][2]))
def test_each_refused_file_is_one_line_and_exit_code_2(case: str, tmp_path: Path, capsys) -> None:
    name, data = hostile_file(case)
    path = tmp_path / name
    path.write_bytes(data)
    assert cli.main(["--quiet", "recommend", "--file", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.count("\n") == 1 and captured.err.startswith("InputError: ")


def test_file_and_text_together_are_refused(capsys) -> None:
    assert cli.main(["--quiet", "recommend", "--file", "cv.pdf", "some text"]) == 2
    assert "--file" in capsys.readouterr().err


def test_the_facade_reads_a_file_and_keeps_the_request_options(rec: Recommender) -> None:
    from recommender import Request

    data = docx_bytes(CV)
    document = rec.read_file(data, "cv.docx")
    assert document.format == "docx" and "Intensive care nurse" in document.text and "sam.rivers" not in document.text
    result = rec.recommend_file(data, "cv.docx", Request("replaced by the file's text", top_k=2))
    assert len(result.roles) == 2 and result.roles[0].role.id == "ai-healthcare"
    assert result.query.startswith("2011 - present: Intensive care nurse")
    assert len(rec.recommend_file(data, "cv.docx", top_k=4).roles) == 4
