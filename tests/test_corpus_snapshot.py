"""The parsed corpus' JSON snapshot: the same corpus as the YAML gives, read instead of it, never trusted blindly."""

from __future__ import annotations

from pathlib import Path

import pytest

from recommender.corpus import files, load_corpus, load_corpus_cached, snapshot
from tests.conftest import CORPUS


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The corpus files parsed as YAML from now on, in order."""
    seen: list[str] = []
    parse = files.parse_yaml

    def counting(raw: bytes, rel: str):  # type: ignore[no-untyped-def]
        seen.append(rel)
        return parse(raw, rel)

    monkeypatch.setattr("recommender.corpus.parse_yaml", counting)
    return seen


def test_the_bundled_corpus_reads_back_equal() -> None:
    corpus = load_corpus(CORPUS)
    again = snapshot.from_json(snapshot.to_json(corpus))
    assert again == corpus  # every field of every role and reading, the issues and the fingerprint
    assert again.fingerprint == corpus.fingerprint and again.roles[0].backgrounds == corpus.roles[0].backgrounds


def test_a_corpus_with_a_broken_file_keeps_its_issues(small_corpus: Path) -> None:
    (small_corpus / "roles" / "ai-trainer.yaml").write_text("id: ai-trainer\ntitle: [unclosed\n", encoding="utf-8")
    corpus = load_corpus(small_corpus)
    again = snapshot.from_json(snapshot.to_json(corpus))
    assert again == corpus and again.issues == corpus.issues and again.skipped_files == ("roles/ai-trainer.yaml",)


def test_the_second_load_reads_the_snapshot_not_the_yaml(small_corpus: Path, tmp_path: Path, parses: list[str]) -> None:
    first = load_corpus_cached(small_corpus, tmp_path / "snap")
    assert len(parses) == 4 and len(list((tmp_path / "snap").glob("corpus-*.json"))) == 1
    second = load_corpus_cached(small_corpus, tmp_path / "snap")
    assert second == first == load_corpus(small_corpus)
    assert len(parses) == 4 + 4  # load_corpus above parsed; the cached load did not


def test_a_changed_file_is_parsed_again(small_corpus: Path, tmp_path: Path, parses: list[str]) -> None:
    before = load_corpus_cached(small_corpus, tmp_path / "snap")
    path = small_corpus / "roles" / "ai-lawyer.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("\ntitle:", "\n# edited\ntitle:", 1), encoding="utf-8")
    changed = load_corpus_cached(small_corpus, tmp_path / "snap")
    assert len(parses) == 4 + 4 and changed.fingerprint != before.fingerprint
    assert changed == load_corpus(small_corpus)


def test_a_damaged_snapshot_is_ignored(small_corpus: Path, tmp_path: Path, parses: list[str]) -> None:
    good = load_corpus_cached(small_corpus, tmp_path / "snap")
    (saved,) = (tmp_path / "snap").glob("corpus-*.json")
    for damage in ('{"format": 1, "roles": [{"id": 3}]}', "{not json", "", '["a list"]'):
        saved.write_text(damage, encoding="utf-8")
        assert load_corpus_cached(small_corpus, tmp_path / "snap") == good
    assert len(parses) == 4 * 5


def test_a_snapshot_folder_that_cannot_be_written_still_loads(small_corpus: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be", encoding="utf-8")  # even root cannot write below it
    assert load_corpus_cached(small_corpus, blocker / "snap") == load_corpus(small_corpus)
    assert not snapshot.write_snapshot(blocker / "snap", "0" * 64, load_corpus(small_corpus))


def test_an_unreadable_corpus_file_leaves_the_corpus_to_the_yaml_reader(small_corpus: Path, tmp_path: Path) -> None:
    (small_corpus / "roles" / "fifo.yaml").mkdir()  # a directory named like a corpus file
    corpus = load_corpus_cached(small_corpus, tmp_path / "snap")
    assert corpus == load_corpus(small_corpus) and "roles/fifo.yaml" in corpus.skipped_files
    assert not (tmp_path / "snap").exists()  # no snapshot for a corpus the digest cannot read


def test_only_the_most_recent_snapshots_are_kept(small_corpus: Path, tmp_path: Path) -> None:
    path = small_corpus / "readings"
    for i in range(snapshot.KEEP + 2):
        (path / "extra.yaml").write_text(f"# version {i}\n", encoding="utf-8")  # a broken reading: a new digest
        load_corpus_cached(small_corpus, tmp_path / "snap")
    assert len(list((tmp_path / "snap").glob("corpus-*.json"))) == snapshot.KEEP
    assert not list((tmp_path / "snap").glob(".corpus-*"))  # no temporary file left behind


def test_the_engine_starts_from_the_snapshot(rec, parses: list[str]) -> None:  # type: ignore[no-untyped-def]
    from recommender import Recommender

    again = Recommender(rec.settings, encoders=rec.encoders)
    assert parses == [] and again.corpus == rec.corpus
    assert again.recommend("Ingénieure réseaux électriques depuis vingt ans.").roles[0].role.id == (
        rec.recommend("Ingénieure réseaux électriques depuis vingt ans.").roles[0].role.id
    )
