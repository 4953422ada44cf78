"""`make screenshots`: the README's pictures, taken as the tests take theirs.

    python -m tests.screenshots [DEMO_DIR] [OUT_DIR]

docs/report.png is the top of the demo's data-quality report (run `make demo` first);
docs/asset_graph.png is the asset graph page of the real Dagster webserver.
"""

from __future__ import annotations

import sys
from pathlib import Path

from giar_pipeline.outputs import report
from tests import chromium, dagster_ui


def main(argv: list[str]) -> int:
    demo = Path(argv[0] if argv else "data/demo")
    out = Path(argv[1] if len(argv) > 1 else "docs")
    out.mkdir(parents=True, exist_ok=True)
    html = demo / "report.html"
    report.write(demo / "giar.duckdb", html)
    with chromium.Browser(timeout=60) as browser:
        page = browser.open(html.resolve().as_uri(), width=1280, height=1500)
        page.screenshot(out / "report.png", full_page=False)
        with dagster_ui.serve(env={"GIAR_ENV": "demo"}) as base:
            dagster_ui.graph_screenshot(browser, base, out / "asset_graph.png")
    print(f"wrote {out / 'report.png'} and {out / 'asset_graph.png'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
