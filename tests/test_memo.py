"""The in-memory memo of query vectors: same rows as encoding directly, fewer encoder calls, bounded."""

from __future__ import annotations

import numpy as np

from recommender import Recommender
from recommender.memo import VectorMemo


class _Counting:
    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.seen.extend(texts)
        return np.array([[len(t), ord(t[0]) if t else 0] for t in texts], dtype=np.float32).reshape(-1, 2)


def test_rows_equal_direct_encoding_in_order_and_repeats_are_not_encoded_again() -> None:
    memo, enc = VectorMemo(), _Counting()
    texts = ["infirmière", "grid", "infirmière", "audit"]
    np.testing.assert_array_equal(memo.encode(0, texts, enc), enc(texts))
    enc.seen.clear()
    np.testing.assert_array_equal(memo.encode(0, ["audit", "grid", "new"], enc), _Counting()(["audit", "grid", "new"]))
    assert enc.seen == ["new"]
    memo.encode(1, ["grid"], enc)  # another encoder slot is another entry
    assert enc.seen == ["new", "grid"]


def test_capacity_drops_the_least_recently_used_and_keeps_no_text() -> None:
    memo, enc = VectorMemo(capacity=2), _Counting()
    memo.encode(0, ["a1"], enc)
    memo.encode(0, ["b2"], enc)
    memo.encode(0, ["a1"], enc)  # a1 is now the most recent
    memo.encode(0, ["c3"], enc)  # drops b2
    enc.seen.clear()
    memo.encode(0, ["a1", "b2"], enc)
    assert enc.seen == ["b2"] and len(memo) == 2
    assert all(isinstance(key[1], bytes) and len(key[1]) == 32 for key in memo._items)
    memo.clear()
    assert len(memo) == 0


def test_empty_input_calls_the_encoder_for_its_shape() -> None:
    assert VectorMemo().encode(0, [], lambda texts: np.zeros((0, 7), dtype=np.float32)).shape == (0, 7)


def test_engine_gives_the_same_result_from_the_memo(rec: Recommender) -> None:
    text = "Contrôleuse de gestion dans une banque, je prépare les comités de crédit. Je ne code pas."
    rec.clear_memo()
    first = rec.recommend(text)
    again = rec.recommend(text)
    assert [m.role.id for m in first.roles] == [m.role.id for m in again.roles]
    np.testing.assert_allclose([m.score for m in first.roles], [m.score for m in again.roles], rtol=1e-6)
