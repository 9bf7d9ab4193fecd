"""``customs-wh sample-site``: build and serve the embedded sample GACC site."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from customs_wh import sample_site
from customs_wh.cli.app import out, sample_site_app

# --- sample site --------------------------------------------------------------


@sample_site_app.command("build")
def sample_site_build(directory: Annotated[Path, typer.Argument(help="Where to write the static site.")]) -> None:
    """Write the sample GACC site (2018-01 to 2026-10) as static files."""

    summary = sample_site.build_site(directory)
    out.print(f"sample site written to {directory}: {summary}", markup=False)
    # The pages say nothing of where the site ends (GACC's do not either): configuration does.
    out.print(
        f"to land from it: GACC_BASE_URL=<where it is served> GACC_LAST_MONTH={summary.last_month} "
        "(a run for a later month then stops at once: the sample site never publishes it)",
        markup=False,
    )


@sample_site_app.command("serve")
def sample_site_serve(
    directory: Annotated[Path, typer.Argument(help="A directory written by `sample-site build`.")],
    port: Annotated[int, typer.Option("--port", help="Port on 127.0.0.1 (0 picks a free one).")] = 8000,
) -> None:
    """Serve a built sample site on 127.0.0.1 until interrupted."""

    sample_site.serve_forever(directory, port)
