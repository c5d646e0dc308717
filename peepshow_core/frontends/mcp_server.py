"""`peepshow-mcp`: peepshow as an MCP server on stdio, for any agent (Claude Code, Cursor, ...).

Tools: `extract_video` (run an extraction, fire sinks, return the payload plus frames as images
within a budget) and `get_schema` (the payload's JSON Schema; also the resource
`peepshow://schema/run-1`). Expected failures come back as tool errors with one line of text;
the server keeps running. The MCP SDK and the extractor are imported only when needed.
"""

import base64
import json
import math
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from peepshow_core import __version__
from peepshow_core.contract import arguments, boundary, userconfig
from peepshow_core.contract.errors import ConfigError, NoInputError, PeepshowError, UsageError
from peepshow_core.contract.payload import json_schema
from peepshow_core.contract.settings import load_env_file
from peepshow_core.contract.vocab import (
    DEFAULT_STRATEGY,
    ImageFormat,
    OnShare,
    ProgressTask,
    Strategy,
    parse_choice,
)
from peepshow_core.frames.options import FrameOptions
from peepshow_core.frontends.mcp_stop import ServerStop
from peepshow_core.render.fmt import format_time
from peepshow_core.render.text import summary
from peepshow_core.run.options import MIN_INTERVAL_S
from peepshow_core.run.pipeline import RunOptions, RunRequest, execute, local_path
from peepshow_core.speech.engine import TranscribeOptions

if TYPE_CHECKING:
    from mcp.server.mcpserver import MCPServer
    from mcp_types import CallToolResult

STRATEGY_HELP = (
    "How frames are picked; leave it out for the run's default (the user's config file, else "
    f"{DEFAULT_STRATEGY})."
)

PROG = "peepshow-mcp"
RELATIVE_HINT = (
    " (relative paths are resolved against the server's folder {folder}; pass an absolute path)"
)
DEFAULT_MAX_IMAGES = 8
STOP = ServerStop(PROG)
HEARTBEAT_S = 5.0  # seconds between progress notifications during an extraction
IMAGE_BYTES_BUDGET = 4_000_000  # raw bytes of all images in one answer (base64 adds a third)
SCHEMA_URI = "peepshow://schema/run-1"
MIME_TYPES = {f".{f.extension}": f.mime_type for f in ImageFormat} | {".jpeg": "image/jpeg"}

INSTRUCTIONS = (
    "peepshow turns a video file into a few representative frames (images with their times), "
    "a Whisper transcript and one JSON run payload; registered sinks (databases, analytics) "
    "receive the run and their receipts come back under `deliveries`. Call extract_video with "
    "an absolute path. Cite frame times (mm:ss) when you describe the video."
)

EXTRACT_DESCRIPTION = (
    "Extract representative frames and a transcript from a local video (or audio) file and "
    "return the run payload (JSON) plus frames as images. Strategies: slides (talks, screen "
    "recordings), scenes (camera footage), keyframes (fast, codec keyframes), interval (one frame "
    "every interval_s seconds); leave strategy out to get the run's default. Pass an absolute "
    "path. Images are limited to max_images and "
    "about 4 MB: with more frames you get the contact sheet (all frames in one labelled grid) "
    "and evenly spread frames; every frame's file path is in the payload. Sinks: names of "
    "peepshow-sink-NAME executables to deliver to; registered sinks fire too unless "
    "registered_sinks is false. The payload's transcript leaves out per-word timestamps unless "
    "word_timestamps is true (each frame still carries the words spoken while it was shown). "
    "When transcript.reliable is false (reason says why: e.g. speech that is not English for "
    "an English-only model), or a frame's transcript_reliable is false, do not trust those "
    "words. Transcription of a long video takes a while."
)


@dataclass(frozen=True)
class ImagePick:
    path: Path
    caption: str


def choose_images(
    payload: dict[str, Any],
    max_images: int = DEFAULT_MAX_IMAGES,
    byte_budget: int = IMAGE_BYTES_BUDGET,
) -> tuple[list[ImagePick], str]:
    """Which images to send and a sentence saying what was left out.

    All frames when they fit both budgets; otherwise the contact sheet (when there is one) and
    frames evenly spread over the run, first and last included, each only if it still fits."""
    frames = payload.get("frames") or []
    if max_images <= 0 or not frames:
        return [], "" if frames else "No frames to show."

    def frame_pick(number: int, frame: dict[str, Any]) -> ImagePick:
        at = format_time(frame["time_s"])
        doubt = (
            " (the words spoken here may be wrong)"
            if frame.get("transcript_reliable") is False
            else ""
        )
        return ImagePick(
            Path(frame["path"]), f"Frame {number} of {len(frames)} at {at}: {frame['path']}{doubt}"
        )

    sizes = {f["path"]: _size(Path(f["path"])) for f in frames}
    if len(frames) <= max_images and sum(sizes.values()) <= byte_budget:
        return [frame_pick(i + 1, f) for i, f in enumerate(frames)], ""

    picks: list[ImagePick] = []
    used = 0
    sheet = payload.get("contact_sheet")
    if sheet and _size(Path(sheet["path"])) <= byte_budget:
        picks.append(
            ImagePick(Path(sheet["path"]), f"Contact sheet of the frames: {sheet['path']}")
        )
        used += _size(Path(sheet["path"]))
    slots = max_images - len(picks)
    average = max(1, sum(sizes.values()) // len(frames))
    slots = min(slots, (byte_budget - used) // average)  # spread what fits over the whole run
    spread = _spread(len(frames), slots)
    for i in spread:
        size = sizes[frames[i]["path"]]
        if used + size > byte_budget:
            continue
        picks.append(frame_pick(i + 1, frames[i]))
        used += size
    shown = len(picks) - (1 if sheet and picks and picks[0].path == Path(sheet["path"]) else 0)
    note = (
        f"{len(frames)} frames are more than this answer's image budget "
        f"({max_images} images, {byte_budget / 1_000_000:g} MB): showing "
        + ("the contact sheet and " if len(picks) > shown else "")
        + f"{shown} frames spread over the video. Every frame's path is in the payload; "
        "call again with a larger max_images, or read the files, to see the others."
    )
    return picks, note


def _spread(count: int, slots: int) -> list[int]:
    if slots <= 0:
        return []
    if slots >= count:
        return list(range(count))
    if slots == 1:
        return [0]
    return sorted({round(i * (count - 1) / (slots - 1)) for i in range(slots)})


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _resolve_video(path: str) -> Path:
    if not path.strip():
        raise NoInputError("no path given")
    given = local_path(path)  # a URL is refused, `~` expanded
    video = given if given.is_absolute() else Path.cwd() / given
    try:
        missing = not video.exists()
    except OSError:  # a name the system refuses (too long): the run's own check says so
        missing = False
    if missing:
        hint = "" if given.is_absolute() else RELATIVE_HINT.format(folder=Path.cwd())
        raise NoInputError(f"no such file: {video}{hint}")
    return video


class _ToolReporter:
    """A run's status lines go to the server's stderr; its progress to the heartbeat."""

    def __init__(self, on_share: OnShare | None) -> None:
        self.on_share = on_share
        self.shares: dict[ProgressTask, float] = {}

    def status(self, message: str) -> None:
        print(f"{PROG}: {message}", file=sys.stderr, flush=True)

    def warn(self, message: str) -> None:
        self.status(f"warning: {message}")

    def extraction_done(self) -> None:
        pass  # the heartbeat stops with the tool call

    def progress(self, task: ProgressTask, share: float) -> None:
        """The heartbeat gets the mean share of the tasks that reported (frames, transcript)."""
        self.shares[task] = share
        if self.on_share is not None:
            self.on_share(sum(self.shares.values()) / len(self.shares))


# What an agent does not read by default: per-word timestamps (two thirds of a transcript) and
# each segment's raw decoder signals (its `confidence`, `reliable` and `reason` say what they mean).
FOR_SINKS_ONLY = ("words", "avg_logprob", "no_speech_prob", "compression_ratio")


def for_agent(payload: dict[str, Any], word_timestamps: bool = False) -> dict[str, Any]:
    """The payload as the agent reads it: without each segment's `words` and raw decoder signals
    unless word timestamps are asked for. Sinks always get the whole payload."""
    transcript = payload.get("transcript")
    if word_timestamps or not transcript:
        return payload
    segments = [
        {k: v for k, v in segment.items() if k not in FOR_SINKS_ONLY}
        for segment in transcript["segments"]
    ]
    return {**payload, "transcript": {**transcript, "segments": segments}}


def run_tool(
    path: str,
    strategy: Strategy | str | None = None,
    max_frames: int | None = None,
    interval_s: float = 10.0,
    transcript: bool = True,
    language: str | None = None,
    sinks: list[str] | None = None,
    registered_sinks: bool = True,
    contact_sheet: bool = True,
    max_images: int = DEFAULT_MAX_IMAGES,
    word_timestamps: bool = False,
    on_share: OnShare | None = None,
) -> "CallToolResult":
    """The body of `extract_video`, callable without a server (raises PeepshowError).
    `on_share` gets the share of the work done so far. Options left out (None) come from the
    user's config file, else the built-in defaults, as for the CLI."""
    from mcp_types import CallToolResult, ImageContent, TextContent

    if not (math.isfinite(interval_s) and interval_s >= MIN_INTERVAL_S):
        raise UsageError(f"interval_s must be a number of at least {MIN_INTERVAL_S:g} seconds")
    defaults = userconfig.defaults()
    chosen = parse_choice(Strategy, defaults.strategy if strategy is None else strategy, "strategy")
    request = RunRequest(
        _resolve_video(path),
        RunOptions(
            frames=FrameOptions(
                strategy=chosen,
                max_frames=defaults.max_frames if max_frames is None else max_frames,
                interval_s=interval_s,
            ),
            transcribe=TranscribeOptions(language=language) if transcript else None,
            contact_sheet=contact_sheet,
        ),
        sinks=list(sinks if sinks is not None else defaults.sinks if registered_sinks else []),
        registered_sinks=registered_sinks,
    )
    payload = execute(request, _ToolReporter(on_share), sys.stderr).payload
    picks, note = choose_images(payload, max_images)
    header = summary(payload) + (f"\n{note}\n" if note else "")
    content: list[Any] = [
        TextContent(type="text", text=header),
        TextContent(
            type="text", text=json.dumps(for_agent(payload, word_timestamps), ensure_ascii=False)
        ),
    ]
    for pick in picks:
        mime = MIME_TYPES.get(pick.path.suffix.lower(), "image/jpeg")
        data = base64.b64encode(pick.path.read_bytes()).decode("ascii")
        content.append(TextContent(type="text", text=pick.caption))
        content.append(ImageContent(type="image", data=data, mime_type=mime))
    return CallToolResult(content=content)


def build_server() -> "MCPServer":
    from mcp.server.mcpserver import Context, MCPServer
    from mcp.server.mcpserver.exceptions import ToolError
    from mcp_types import CallToolResult
    from pydantic import Field, WithJsonSchema

    # The schema lists the strategies; the value is checked by the run (one sentence if wrong).
    strategy_schema = WithJsonSchema({"type": "string", "enum": [s.value for s in Strategy]})
    StrategyName = Annotated[str, strategy_schema] | None

    server = MCPServer(PROG, instructions=INSTRUCTIONS, version=__version__, log_level="WARNING")

    @server.tool(name="extract_video", description=EXTRACT_DESCRIPTION)
    async def extract_video(
        path: str,
        ctx: Context,
        strategy: Annotated[StrategyName, Field(description=STRATEGY_HELP)] = None,
        max_frames: int | None = None,
        interval_s: float = 10.0,
        transcript: bool = True,
        language: str | None = None,
        sinks: list[str] | None = None,
        registered_sinks: bool = True,
        contact_sheet: bool = True,
        max_images: int = DEFAULT_MAX_IMAGES,
        word_timestamps: bool = False,
    ) -> CallToolResult:
        import anyio
        import anyio.to_thread

        done = [0.0]  # fraction scanned, written by the worker thread
        outcome: dict[str, Any] = {}

        def scanned(fraction: float) -> None:
            STOP.check()  # (Ctrl-C on the server: the run stops here)
            done[0] = fraction

        def work() -> CallToolResult:
            return run_tool(
                path,
                strategy,
                max_frames,
                interval_s,
                transcript,
                language,
                sinks,
                registered_sinks,
                contact_sheet,
                max_images,
                word_timestamps,
                on_share=scanned,
            )

        async def heartbeat() -> None:
            # Progress notifications keep clients with idle timeouts waiting for long videos;
            # the value must grow with every notification, so it creeps up while nothing moves.
            sent = 0.0
            while True:
                await anyio.sleep(HEARTBEAT_S)
                # Creep a share of the way to 100 when work reports nothing new: always
                # growing, never reaching 100 before the result.
                sent = max(min(99.0, done[0] * 100), sent + (100 - sent) / 200)
                await ctx.report_progress(sent, 100, "extracting frames and transcript")

        with STOP.call():
            async with anyio.create_task_group() as group:
                group.start_soon(heartbeat)
                try:
                    outcome["result"] = await anyio.to_thread.run_sync(work)
                except Exception as exc:
                    outcome["error"] = exc
                group.cancel_scope.cancel()
        error = outcome.get("error")
        if isinstance(error, PeepshowError):
            raise ToolError(error.message)
        if error is not None:  # a bug: say what, keep serving
            raise ToolError(f"unexpected failure ({error.__class__.__name__}: {error})")
        result: CallToolResult = outcome["result"]
        return result

    @server.tool(
        name="get_schema", description="The JSON Schema of the run payload (peepshow.run/1)."
    )
    def get_schema() -> str:
        return schema_text()

    @server.resource(
        SCHEMA_URI,
        name="run-schema",
        mime_type="application/schema+json",
        description="JSON Schema of the peepshow run payload",
    )
    def schema_resource() -> str:
        return schema_text()

    return server


def schema_text() -> str:
    return json.dumps(json_schema(), indent=2)


def main(argv: Sequence[str] | None = None) -> int:
    boundary.ensure_stderr()  # stdout is the protocol: a message there would break it
    parser = arguments.Parser(
        PROG,
        "Serve peepshow over MCP on stdio (for Claude Code, Cursor, Codex, ...): the tools\n"
        "extract_video and get_schema. Reads .env (PEEPSHOW_ENV_FILE or ./.env) at start and\n"
        "the defaults of `peepshow config` at each call. See docs/AGENTS.md.",
        examples=[
            "claude mcp add peepshow -- peepshow-mcp",
            "npx @modelcontextprotocol/inspector peepshow-mcp   # try the tools by hand",
        ],
        version=__version__,
    )
    parsed = arguments.parse(parser, argv)
    if isinstance(parsed, int):
        return parsed
    try:
        load_env_file()
        server = build_server()
    except ImportError as exc:
        missing = ConfigError(f"the MCP SDK is missing ({exc}); pip install 'peepshow[mcp]'")
        return boundary.report(missing, PROG)
    except Exception as exc:
        return boundary.report(exc, PROG)
    if argv is None:  # (the process's own server, not a test's call)
        STOP.install()
    return boundary.guarded(lambda: server.run("stdio"), PROG)


if __name__ == "__main__":
    raise SystemExit(main())
