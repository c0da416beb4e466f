"""A local stand-in for the Hugging Face hub's file API, serving one folder as a repo.

It answers the two calls a snapshot download makes: the repo's revision info, and HEAD/GET of
each file under /resolve/. Enough to test `lyra models pull` with no network.
"""

from __future__ import annotations

import hashlib
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlparse

COMMIT = "0123456789abcdef0123456789abcdef01234567"


class HubStandIn:
    def __init__(self, repo_id: str, folder: Path) -> None:
        self.repo_id = repo_id
        self.folder = folder
        self.requests: list[str] = []
        handler = self._handler()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def __enter__(self) -> HubStandIn:
        self.thread.start()
        return self

    def __exit__(self, *args: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def _file_for(self, path: str) -> Path | None:
                prefix = f"/{hub.repo_id}/resolve/"
                if not path.startswith(prefix):
                    return None
                _revision, _, name = path[len(prefix) :].partition("/")
                candidate = hub.folder / unquote(name)
                return candidate if candidate.is_file() else None

            def _send_file_headers(self, file: Path) -> None:
                data = file.read_bytes()
                etag = hashlib.sha256(data).hexdigest()
                self.send_response(200)
                self.send_header("Content-Length", str(len(data)))
                self.send_header("ETag", f'"{etag}"')
                self.send_header("X-Repo-Commit", COMMIT)
                self.send_header("Content-Type", "application/octet-stream")
                self.end_headers()

            def do_HEAD(self) -> None:
                path = urlparse(self.path).path
                hub.requests.append(f"HEAD {path}")
                file = self._file_for(path)
                if file is None:
                    self.send_error(404)
                    return
                self._send_file_headers(file)

            def do_GET(self) -> None:
                path = urlparse(self.path).path
                hub.requests.append(f"GET {path}")
                if path.startswith(f"/api/models/{hub.repo_id}"):
                    files = [p for p in sorted(hub.folder.rglob("*")) if p.is_file()]
                    if "/tree/" in path:  # the file listing
                        payload: object = [
                            {
                                "type": "file",
                                "path": p.relative_to(hub.folder).as_posix(),
                                "size": p.stat().st_size,
                                "oid": hashlib.sha1(p.read_bytes()).hexdigest(),
                            }
                            for p in files
                        ]
                    else:  # the repo's revision info
                        payload = {
                            "id": hub.repo_id,
                            "modelId": hub.repo_id,
                            "sha": COMMIT,
                            "siblings": [
                                {"rfilename": p.relative_to(hub.folder).as_posix()} for p in files
                            ],
                            "private": False,
                            "gated": False,
                        }
                    body = json.dumps(payload).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                    return
                file = self._file_for(path)
                if file is None:
                    self.send_error(404)
                    return
                self._send_file_headers(file)
                self.wfile.write(file.read_bytes())

        return Handler
