"""Contact details taken out of a text before it is written into a download (one implementation, in the engine)."""

from __future__ import annotations

from recommender.contacts import strip_contacts

__all__ = ["strip_contacts"]
