"""The Claude Code plugin (claude-plugin/) and the repo's marketplace manifest: well-formed, and the
command's bash line really runs the installed `peepshow` on a video."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import yaml

from tests.support.cli import installed_script
from tests.support.paths import REPO

PLUGIN = REPO / "claude-plugin"
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SEMVER = re.compile(r"^\d+\.\d+\.\d+$")
TOOL = re.compile(r"^(Read|Glob|Grep|Bash\([^()*]+:\*\))$")


def frontmatter(path: Path) -> tuple[dict[str, Any], str]:
    text = path.read_text("utf-8")
    assert text.startswith("---\n"), f"{path.name}: no YAML frontmatter"
    head, sep, body = text[4:].partition("\n---\n")
    assert sep, f"{path.name}: frontmatter is not closed"
    data = yaml.safe_load(head)
    assert isinstance(data, dict)
    return data, body


def commands() -> list[Path]:
    return sorted((PLUGIN / "commands").glob("*.md"))


def bash_lines(body: str) -> list[str]:
    return [
        line.strip()
        for block in re.findall(r"```bash\n(.*?)```", body, flags=re.S)
        for line in block.splitlines()
        if line.strip()
    ]


def test_plugin_manifest() -> None:
    manifest = json.loads((PLUGIN / ".claude-plugin" / "plugin.json").read_text("utf-8"))
    assert manifest["name"] == "peepshow" and KEBAB.match(manifest["name"])
    assert SEMVER.match(manifest["version"])
    assert isinstance(manifest["description"], str) and manifest["description"]
    assert isinstance(manifest["author"]["name"], str)
    # Components live at the plugin root, never inside .claude-plugin/.
    assert sorted(p.name for p in (PLUGIN / ".claude-plugin").iterdir()) == ["plugin.json"]


def test_marketplace_manifest_points_at_the_plugin() -> None:
    market = json.loads((REPO / ".claude-plugin" / "marketplace.json").read_text("utf-8"))
    assert KEBAB.match(market["name"])
    assert isinstance(market["owner"]["name"], str)
    [entry] = market["plugins"]
    assert entry["source"].startswith("./")
    target = (REPO / entry["source"]).resolve()
    manifest = json.loads((target / ".claude-plugin" / "plugin.json").read_text("utf-8"))
    assert entry["name"] == manifest["name"]
    assert entry["version"] == manifest["version"]


def test_command_files_have_valid_frontmatter() -> None:
    assert [p.stem for p in commands()] == ["slides"]  # /peepshow:slides
    for path in commands():
        meta, body = frontmatter(path)
        assert set(meta) <= {
            "description",
            "argument-hint",
            "allowed-tools",
            "model",
            "disable-model-invocation",
        }
        assert isinstance(meta["description"], str) and 0 < len(meta["description"]) <= 80
        assert isinstance(meta["argument-hint"], str)
        tools = [t.strip() for t in meta["allowed-tools"].split(",")]
        assert all(TOOL.match(t) for t in tools), tools
        assert "$ARGUMENTS" in body
        prefixes = [t[len("Bash(") : -len(":*)")] for t in tools if t.startswith("Bash(")]
        lines = bash_lines(body)
        assert lines, f"{path.name}: no ```bash block"
        for line in lines:  # every command it asks for is pre-approved by allowed-tools
            assert any(line.startswith(prefix + " ") for prefix in prefixes), line


def test_the_slides_command_line_is_accepted_by_the_cli() -> None:
    _, body = frontmatter(PLUGIN / "commands" / "slides.md")
    [line] = bash_lines(body)
    words = shlex.split(line.replace("$ARGUMENTS", "clip.mov"))
    assert words[:2] == ["peepshow", "clip.mov"]
    help_text = subprocess.run(
        [installed_script("peepshow"), "--help"], capture_output=True, text=True, check=True
    ).stdout
    for word in words[2:]:
        if word.startswith("--"):
            assert word in help_text, f"{word} is not a peepshow option"
    # The run's default strategy (the user's config file, else the built-in one), never a fixed
    # one: camera footage gets the frames the default picks for it.
    assert "--strategy" not in words


def test_the_slides_command_line_runs_on_a_video(
    silent_talk: Path,
    tmp_path: Path,
) -> None:
    _, body = frontmatter(PLUGIN / "commands" / "slides.md")
    [line] = bash_lines(body)
    # Claude Code splices the argument text in as typed: `~` and a space, as docs/AGENTS.md shows.
    home = tmp_path / "home"
    home.mkdir()
    (home / silent_talk.name).write_bytes(silent_talk.read_bytes())
    command = line.replace("$ARGUMENTS", f"~/{silent_talk.name}")
    bin_dir = str(Path(installed_script("peepshow")).parent)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
    }
    done = subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert out.startswith("# silent talk\n")
    assert "- Strategy: auto · 4 frames in " in out
    frame_paths = re.findall(r"^!\[Frame \d+ at \d\d:\d\d\]\(<?(.+?)>?\)$", out, flags=re.M)
    assert len(frame_paths) == 4 and all(Path(p).is_file() for p in frame_paths)
    [sheet] = re.findall(r"^- Contact sheet: (.+) \(\d+×\d+\)$", out, flags=re.M)
    assert Path(sheet).is_file()
    assert "## Transcript\n\nNo transcript: " in out
    assert "{" not in out  # a digest, not JSON
