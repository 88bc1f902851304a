"""The one place the app reaches the recommender: loaded once per process, then shared, queried through the queue."""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

import streamlit as st

from recommender import Recommender, Settings
from recommender.text import MAX_CHARS
from recommender.workqueue import shared_queue

__all__ = ["TEXT_BOX_CHARS", "ask", "load_recommender"]

P = ParamSpec("P")
T = TypeVar("T")

#: The text box takes at most this many characters (the page shows the count); the engine reads the first MAX_CHARS.
TEXT_BOX_CHARS = 4 * MAX_CHARS


@st.cache_resource(show_spinner=False)
def load_recommender() -> Recommender:
    """Corpus, model and index, loaded (or built on the very first start) once per server process."""
    return Recommender(Settings.from_env(progress=False))


def ask(fn: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`fn(*args)` run in the process-wide work queue: visitors are served in turn, a few at a time (one per core).

    A visitor waits at most the queue's timeout (RECOMMENDER_QUERY_TIMEOUT, 60 s) for their turn and answer.
    """
    return shared_queue().run(fn, *args, **kwargs)
