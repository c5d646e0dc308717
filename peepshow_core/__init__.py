"""peepshow: turn a video into representative frames, a transcript and one JSON run payload."""

__version__ = "0.1.0"
