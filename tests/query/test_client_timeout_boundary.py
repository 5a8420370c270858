"""The endpoint gives a client exactly ``--client-timeout`` seconds to send a whole request: a
request still arriving at that moment is let be, one still arriving after it is closed.
C-0f7c65 (``now - first > self._client_timeout``).  The event loop's clock is simulated."""

from __future__ import annotations

import types

import pytest

from ra_graph.query.serve import EndpointServer


class _Request:
    completed = False


@pytest.mark.parametrize(("waited", "closed"), [(29.9, False), (30.0, False), (30.1, True)])
def test_a_request_may_take_the_whole_client_timeout_to_arrive(waited, closed):
    channel = types.SimpleNamespace(request=_Request(), will_close=False)
    server = types.SimpleNamespace(maintenance=lambda now: None, active_channels={1: channel})
    EndpointServer(server, None, ("127.0.0.1", 0), client_timeout=30)
    server.maintenance(1000.0)  # the request is first seen arriving
    server.maintenance(1000.0 + waited)
    assert channel.will_close is closed
