"""`peepshow schema`: the JSON Schema of the run payload, for validators and code generators."""

from __future__ import annotations

import json
import sys

from peepshow_core.contract.payload import json_schema
from peepshow_core.frontends import cli_style

app = cli_style.app()


@cli_style.command(
    app,
    "schema",
    "Print the JSON Schema of the run payload (peepshow.run/1).",
    ["peepshow schema > run-1.schema.json"],
)
def schema() -> int:
    sys.stdout.write(json.dumps(json_schema(), indent=2) + "\n")
    return 0
