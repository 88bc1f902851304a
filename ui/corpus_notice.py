"""A discreet note when some corpus files were broken and left out of the recommendations."""

from __future__ import annotations

import streamlit as st

from recommender import Corpus

from .safe_text import md
from .strings import t

__all__ = ["skipped_files_notice"]


def skipped_files_notice(corpus: Corpus, lang: str) -> None:
    """A collapsed warning naming the skipped files and what is wrong with them; nothing when all loaded."""
    skipped = corpus.skipped_files
    if not skipped:
        return
    with st.expander(t(lang, "skipped_files", count=len(skipped)), icon=":material/warning:"):
        for issue in corpus.issues:
            st.caption(md(str(issue)))
