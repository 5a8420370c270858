"""The page's layout is pyvis's forceAtlas2Based preset: read from pyvis's ``physics`` module alone
(importing the package imports IPython), it must be what ``Network.force_atlas_2based`` gives."""

from __future__ import annotations

import json
import subprocess
import sys

from ra_graph.network.visualise import FORCE_ATLAS, vis_options


def test_the_physics_are_pyvis_force_atlas_preset():
    from pyvis.network import Network

    net = Network(directed=True)
    net.force_atlas_2based(**FORCE_ATLAS)
    want = json.loads(net.options.to_json())["physics"]
    got = vis_options()["physics"]
    assert got["solver"] == "forceAtlas2Based"
    assert got["forceAtlas2Based"] == want["forceAtlas2Based"] == {
        "gravitationalConstant": -110, "centralGravity": 0.01, "springLength": 140, "springConstant": 0.05,
        "damping": 0.55, "avoidOverlap": 0.6}
    assert {k: v for k, v in got.items() if k not in ("stabilization", "minVelocity")} == \
        {k: v for k, v in want.items() if k != "stabilization"}
    assert (got["stabilization"], got["minVelocity"]) == (
        {"enabled": True, "iterations": 300, "updateInterval": 50, "fit": True}, 1.0)


def test_making_the_options_imports_neither_the_pyvis_package_nor_ipython():
    code = ("import sys; from ra_graph.network.visualise import vis_options; vis_options(); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('pyvis', 'IPython')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
