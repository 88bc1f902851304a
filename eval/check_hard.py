"""List the hard personas of a set that use a keyword of their expected role (see recommender/hardness.py).

    python eval/check_hard.py eval/personas.jsonl [more files...]

Prints one line per leaking persona with the words to rephrase, and exits 1 if there is any.
It never runs a retriever: a persona is hard by its words, not by how a model ranks it.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from recommender.corpus import load_corpus
from recommender.evaluate import load_personas
from recommender.hardness import leaky_personas, role_keywords

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    args = parser.parse_args()
    keywords = role_keywords(load_corpus(args.corpus))
    bad = 0
    for path in args.files:
        hard = [(p.id, p.text, p.expect) for p in load_personas(path) if p.hard]
        leaks = leaky_personas(hard, keywords)
        for persona_id, words in leaks.items():
            print(f"{path.name} {persona_id}: {', '.join(words)}")
        print(f"{path.name}: {len(hard) - len(leaks)} of {len(hard)} hard personas use none of their roles' keywords")
        bad += len(leaks)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
