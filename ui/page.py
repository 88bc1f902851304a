"""Small pieces of page behaviour Streamlit has no API for: the document's language, scrolling, styles."""

from __future__ import annotations

import json

import streamlit as st

__all__ = ["page_style", "scroll_to", "set_document_language"]

#: Tabs stay in reach while a long tab is read; Streamlit's "press Enter to apply" hint (English only) is
#: hidden; captions are dark enough to read.
_CSS = """
<style>
[data-testid="stTabs"] [role="tablist"] { position: sticky; top: 3.75rem; z-index: 5; background: #ffffff; }
[data-testid="InputInstructions"] { display: none; }
/* Captions and the slider's ticks in a grey that keeps a 4.5:1 contrast on white (WCAG AA). */
[data-testid="stCaptionContainer"] { opacity: 1 !important; color: #55556a !important; }
[data-testid="stMarkdownContainer"] blockquote { opacity: 1 !important; color: #3d3d55 !important; }
</style>
"""


def page_style() -> None:
    """The app's few style rules."""
    st.html(_CSS)


def set_document_language(lang: str) -> None:
    """`<html lang>` follows the interface language, for screen readers, hyphenation and translation tools."""
    code = lang if lang in ("fr", "en") else "fr"
    st.html(f"<script>document.documentElement.lang = {json.dumps(code)};</script>", unsafe_allow_javascript=True)


def scroll_to(key: str, nonce: int) -> None:
    """Scroll the element of Streamlit key `key` into view once it is drawn (`nonce` makes each request new)."""
    nonce = int(nonce)
    st.html(
        f"""<script>/* {nonce} */
        (function () {{
          let tries = 0;
          const go = () => {{
            const el = document.querySelector({json.dumps(".st-key-" + key)});
            if (el) {{ el.scrollIntoView({{block: "start"}}); }} else if (tries++ < 50) {{ setTimeout(go, 100); }}
          }};
          go();
        }})();</script>""",
        unsafe_allow_javascript=True,
    )
