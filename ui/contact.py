"""Contact details taken out of a text before it is written into a download (the engine's own scrubber)."""

from __future__ import annotations

from recommender.contact import strip_contacts

__all__ = ["strip_contacts"]
