"""A URL given to `peepshow batch` (as INPUT or as a manifest line) is refused as `peepshow URL`
is: "… is a URL; peepshow reads local files only", exit 3, before any work; and wherever a URL
is refused, a password or a signed URL's signature in it is masked. Before, the batch took
`https://user:pw@host/x.mp4` for the relative path `https:/user:pw@host/x.mp4` and failed on
it with the password in its stderr line and its JSON line, and `peepshow URL` echoed the
credential in its error."""

from __future__ import annotations

import io

import pytest

from peepshow_core.batch.inputs import collect
from peepshow_core.contract.errors import NoInputError
from peepshow_core.run.pipeline import local_path

SECRET = "s3cretpw-4411"
SIGNATURE = "abcdef0123456789"
URLS = [
    f"https://user:{SECRET}@example.com/talk.mp4",
    f"https://bucket.example.com/talk.mp4?X-Amz-Signature={SIGNATURE}",
]


@pytest.mark.parametrize("url", URLS)
def test_a_url_is_refused_with_its_credential_masked(url: str) -> None:
    with pytest.raises(NoInputError, match="is a URL") as single:
        local_path(url)
    with pytest.raises(NoInputError, match="is a URL") as batch_input:
        collect([url], None, io.StringIO(), [])
    with pytest.raises(NoInputError, match=r"line 2: .* is a URL") as manifest_line:
        collect([], "-", io.StringIO(f"/videos/a.mp4\n{url}\n"), [])
    for caught in (single, batch_input, manifest_line):
        assert SECRET not in caught.value.message and SIGNATURE not in caught.value.message
