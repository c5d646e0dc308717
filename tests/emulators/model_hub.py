"""A local HTTP server playing the Hugging Face Hub for model downloads, as the real client uses it.

`huggingface_hub.snapshot_download` (what faster-whisper's `download_model` calls, pointed here by
`HF_ENDPOINT`) asks, in order:
- `GET /api/models/{repo}/revision/{rev}`: the repo's commit `sha` and `siblings` (file names);
  an unknown repo answers 401 with `X-Error-Code: RepoNotFound`, as the Hub does without a token;
- `GET /api/models/{repo}/tree/{commit}?recursive=...`: one entry per file (`type`, `path`,
  `size`, git blob `oid`, and `lfs: {oid, size, pointerSize}` for large files);
- `HEAD` then `GET /{repo}/resolve/{commit}/{file}`: `X-Repo-Commit`, an `ETag` (the git blob id,
  or for LFS files `X-Linked-Etag`, the sha256, and `X-Linked-Size`) and the bytes.
Faults (delivery/faultserver.py: `inject`, `fail_next`, `drop_next`) apply to GET requests only,
so a fault on a file's path hits its download rather than the HEAD before it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from peepshow_core.delivery.faultserver import Answer, Fault, FaultServer, Request

LFS_FROM_BYTES = 1_000_000  # files this big are stored in LFS, as model.bin is on the Hub


@dataclass
class Repo:
    files: dict[str, bytes]

    @property
    def commit(self) -> str:
        digest = hashlib.sha1()
        for name in sorted(self.files):
            digest.update(name.encode() + b"\0" + self.files[name])
        return digest.hexdigest()


def git_blob_id(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


class ModelHub(FaultServer):
    def __init__(self) -> None:
        super().__init__()
        self.repos: dict[str, Repo] = {}

    def add_folder(self, repo_id: str, folder: Path) -> None:
        self.repos[repo_id] = Repo(
            {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
        )

    def file_path(self, repo_id: str, name: str) -> str:
        return f"/{repo_id}/resolve/{self.repos[repo_id].commit}/{name}"

    def downloads(self) -> list[str]:
        return [r.path for r in self.requests if r.method == "GET" and "/resolve/" in r.path]

    def error_body(self, status: int) -> str:
        return f'{{"error": "injected {status}"}}'

    def _record(self, request: Request) -> Fault | None:
        if request.method == "HEAD":
            with self.lock:
                self.requests.append(request)
            return None
        return super()._record(request)

    def _serve(self, request: Request, fault: Fault | None) -> tuple[bytes, Fault | None]:
        data, fault = super()._serve(request, fault)
        if request.method == "HEAD":  # the headers of the GET answer, no body
            data = data.partition(b"\r\n\r\n")[0] + b"\r\n\r\n"
        return data, fault

    def answer(self, request: Request) -> Answer:
        parts = request.path.strip("/").split("/")
        if parts[:2] == ["api", "models"] and len(parts) >= 6:
            repo_id = "/".join(parts[2:4])
            repo = self.repos.get(repo_id)
            if repo is None:
                return _not_found("RepoNotFound")
            if parts[4] == "revision":
                siblings = [{"rfilename": name} for name in sorted(repo.files)]
                info = {"id": repo_id, "sha": repo.commit, "private": False, "siblings": siblings}
                return Answer.of(200, info)
            if parts[4] == "tree":
                return Answer.of(200, [_tree_entry(n, d) for n, d in sorted(repo.files.items())])
        if len(parts) >= 5 and parts[2] == "resolve":
            repo = self.repos.get("/".join(parts[:2]))
            if repo is None:
                return _not_found("RepoNotFound")
            data = repo.files.get("/".join(parts[4:]))
            if data is None:
                return _not_found("EntryNotFound")
            headers = {"X-Repo-Commit": repo.commit, "ETag": f'"{git_blob_id(data)}"'}
            if len(data) >= LFS_FROM_BYTES:
                headers["X-Linked-Etag"] = f'"{hashlib.sha256(data).hexdigest()}"'
                headers["X-Linked-Size"] = str(len(data))
            return Answer(200, data, "application/octet-stream", headers)
        return _not_found("RepoNotFound")


def _not_found(code: str) -> Answer:
    status = 401 if code == "RepoNotFound" else 404
    return Answer.of(status, {"error": code}, {"X-Error-Code": code})


def _tree_entry(name: str, data: bytes) -> dict[str, object]:
    entry: dict[str, object] = {"type": "file", "path": name, "size": len(data)}
    entry["oid"] = git_blob_id(data)
    if len(data) >= LFS_FROM_BYTES:
        entry["lfs"] = {
            "oid": hashlib.sha256(data).hexdigest(),
            "size": len(data),
            "pointerSize": 134,
        }
    return entry
