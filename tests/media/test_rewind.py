"""Going back to the start opens the file again; a file removed since it was opened is one
clear error, not a traceback."""

from __future__ import annotations

from pathlib import Path

import av
import numpy as np
import pytest

from peepshow_core.contract.errors import BadInputError
from peepshow_core.media.video import open_video


def _clip(path: Path) -> Path:
    with av.open(str(path), "w") as out:
        stream = out.add_stream("libx264", rate=10)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(20):
            rgb = np.full((48, 64, 3), 10 * i, np.uint8)
            out.mux(stream.encode(av.VideoFrame.from_ndarray(rgb, format="rgb24")))
        out.mux(stream.encode(None))
    return path


def test_rewind_reads_from_the_first_packet_again(tmp_path: Path) -> None:
    with open_video(_clip(tmp_path / "c.mp4")) as video:
        assert video is not None
        first = [p.pts for p in video.container.demux(video.stream) if p.size]
        video.rewind()
        again = [p.pts for p in video.container.demux(video.stream) if p.size]
    assert again == first and len(first) == 20


def test_rewind_of_a_file_removed_since_is_one_clear_error(tmp_path: Path) -> None:
    path = _clip(tmp_path / "gone.mp4")
    with open_video(path) as video:
        assert video is not None
        path.unlink()
        with pytest.raises(BadInputError) as info:
            video.rewind()
    assert "gone.mp4" in info.value.message and "\n" not in info.value.message


def test_rewind_of_a_file_replaced_by_one_without_video_is_one_clear_error(tmp_path: Path) -> None:
    path = _clip(tmp_path / "swapped.mp4")
    with open_video(path) as video:
        assert video is not None
        with av.open(str(tmp_path / "sound.m4a"), "w") as out:  # audio only, moved over it
            stream = out.add_stream("aac", rate=16000, layout="mono")
            frame = av.AudioFrame.from_ndarray(
                np.zeros((1, 1024), np.float32), format="fltp", layout="mono"
            )
            frame.sample_rate, frame.pts = 16000, 0
            for packet in [*stream.encode(frame), *stream.encode(None)]:
                out.mux(packet)
        (tmp_path / "sound.m4a").replace(path)
        with pytest.raises(BadInputError) as info:
            video.rewind()
    assert "swapped.mp4" in info.value.message and "no video" in info.value.message
