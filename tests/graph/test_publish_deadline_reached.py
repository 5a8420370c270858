"""``export --to``: a store's reply that stalls until the publication's ten minutes are up is "did
not end within 600 s"; one that stalls a read before then is "cannot reach the store (timed out)".
C-54749b (``time.monotonic() < deadline`` when a read times out).  The clock is simulated."""

from __future__ import annotations

import time

import pytest

from ra_graph.core.errors import RaGraphError


class _Stalling:
    """A reply whose first read waits until ``clock`` reads ``until``, then times out."""

    def __init__(self, clock: list[float], until: float) -> None:
        self.clock, self.until = clock, until

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def read1(self, size: int) -> bytes:
        self.clock[0] = self.until
        raise TimeoutError("timed out")


@pytest.mark.parametrize(("stalled", "said"), [
    (600.0, "the store's reply did not end within 600 s: not published"),
    (599.5, "cannot reach the store (timed out)"),
])
def test_a_read_timing_out_at_the_deadline_is_the_deadline(monkeypatch, mini_path, stalled, said):
    from ra_graph.graph import publish

    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    monkeypatch.setattr(publish.urllib.request, "urlopen", lambda request, timeout: _Stalling(clock, 1000.0 + stalled))
    with pytest.raises(RaGraphError) as caught:
        publish.publish(mini_path, "http://127.0.0.1:7878/store")
    assert str(caught.value).endswith(f"): {said}")
