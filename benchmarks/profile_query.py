"""Profile queries with pyinstrument: `python -m benchmarks.profile_query [--cold] [--rounds N] [--html FILE]`."""

from __future__ import annotations

import argparse
import os
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")

from pyinstrument import Profiler  # noqa: E402

from recommender import Recommender, Settings  # noqa: E402

from .profiles import PROFILES  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.profile_query", description=__doc__)
    parser.add_argument("--rounds", type=int, default=10, help="queries per profile language")
    parser.add_argument("--html", type=Path, help="also write pyinstrument's HTML report here")
    parser.add_argument("--cold", action="store_true", help="profile loading and the first query instead")
    args = parser.parse_args(argv)
    profiler = Profiler(interval=0.001)
    if args.cold:  # our imports ran before the profiler started: see them with python -X importtime
        with profiler:
            rec = Recommender(Settings.from_env(progress=False))
            rec.recommend(PROFILES["en"])
    else:
        rec = Recommender(Settings.from_env(progress=False))
        for text in PROFILES.values():
            rec.recommend(text)  # warm
        with profiler:
            for _ in range(args.rounds):
                for text in PROFILES.values():
                    rec.clear_memo()  # profile the encoders, not the memo of repeated texts
                    rec.recommend(text)
    print(profiler.output_text(unicode=False, color=False, show_all=False))
    if args.html:
        args.html.write_text(profiler.output_html(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
