"""The one place the app reaches the recommender: loaded once per process, then shared."""

from __future__ import annotations

import streamlit as st

from recommender import Recommender, Settings

__all__ = ["load_recommender"]


@st.cache_resource(show_spinner=False)
def load_recommender() -> Recommender:
    """Corpus, model and index, loaded (or built on the very first start) once per server process."""
    return Recommender(Settings.from_env(progress=False))
