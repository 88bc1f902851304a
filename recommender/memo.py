"""A small in-memory cache of query vectors, so that re-running a page or drawing the map of a text
already recommended does not pay the encoders again.

Keys are SHA-256 digests of the text, never the text itself; nothing is written anywhere, and the
oldest entries are dropped past `capacity`.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence

import numpy as np

__all__ = ["VectorMemo"]


class VectorMemo:
    """Least-recently-used vectors per (encoder slot, text digest); safe to share between threads."""

    def __init__(self, capacity: int = 256) -> None:
        self.capacity = capacity
        self._items: OrderedDict[tuple[int, bytes], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def encode(self, slot: int, texts: Sequence[str], encode: Callable[[list[str]], np.ndarray]) -> np.ndarray:
        """Rows for `texts`, calling `encode` once on those not cached; rows come back in order."""
        if not texts:
            return encode([])
        keys = [(slot, hashlib.sha256(t.encode("utf-8", "surrogatepass")).digest()) for t in texts]
        with self._lock:
            found = {k: self._items[k] for k in keys if k in self._items}
            for k in found:
                self._items.move_to_end(k)
        todo: dict[tuple[int, bytes], str] = {}
        for key, text in zip(keys, texts, strict=True):
            if key not in found:
                todo.setdefault(key, text)
        if todo:
            new = dict(zip(todo, encode(list(todo.values())), strict=True))
            found.update(new)
            with self._lock:
                self._items.update(new)
                while len(self._items) > self.capacity:
                    self._items.popitem(last=False)
        return np.stack([found[k] for k in keys])

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def __len__(self) -> int:
        return len(self._items)
