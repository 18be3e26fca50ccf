"""A wire-level fake Kubernetes API server on 127.0.0.1, for driving the real client.

Real HTTP/1.1 (chunked watch streams), payloads shaped like the API server's: List objects
with metadata.resourceVersion, watch events as newline-delimited JSON ``{"type", "object"}``,
BOOKMARK events, an ``ERROR`` event carrying a 410 Status when a watch asks for a version that
has been compacted away, ``Status`` objects for 401/403/404, JSON merge patches on objects
and on the status subresource. It keeps one resourceVersion counter for the whole store, like
etcd, and a log of changes so a watch can resume from any version after the compaction floor.
"""

from __future__ import annotations

import copy
import json
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

_KINDS = {
    "rollouts": ("argoproj.io/v1alpha1", "Rollout"),
    "analysisruns": ("argoproj.io/v1alpha1", "AnalysisRun"),
    "pods": ("v1", "Pod"),
    "events": ("v1", "Event"),
    "configmaps": ("v1", "ConfigMap"),
    "services": ("v1", "Service"),
    "deployments": ("apps/v1", "Deployment"),
    "replicasets": ("apps/v1", "ReplicaSet"),
    "experiments": ("argoproj.io/v1alpha1", "Experiment"),
}
_ARGO = ("rollouts", "analysisruns", "experiments")
_PATH = re.compile(
    r"^/(?:api/v1|apis/apps/v1|apis/argoproj\.io/v1alpha1)/(?:namespaces/(?P<ns>[^/]+)/)?"
    r"(?P<plural>[a-z]+)(?:/(?P<name>[^/]+))?(?:/(?P<sub>status|log))?$"
)


def status_object(code: int, reason: str, message: str) -> dict[str, Any]:
    return {
        "kind": "Status",
        "apiVersion": "v1",
        "metadata": {},
        "status": "Failure",
        "message": message,
        "reason": reason,
        "code": code,
    }


def merge_patch(target: Any, patch: Any) -> Any:
    """RFC 7386."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


def json_patch(target: dict[str, Any], ops: list[dict[str, Any]]) -> dict[str, Any]:
    """RFC 6902, the operations a client sends to an object: add, replace, remove."""
    out = copy.deepcopy(target)
    for op in ops:
        *parents, last = [
            p.replace("~1", "/").replace("~0", "~") for p in op["path"].split("/")[1:]
        ]
        node: Any = out
        for part in parents:
            node = node[int(part)] if isinstance(node, list) else node[part]
        if op["op"] in ("add", "replace"):
            if op["op"] == "replace" and last not in node:
                raise KeyError(op["path"])
            node[last] = copy.deepcopy(op["value"])
        elif op["op"] == "remove":
            del node[last]
        else:
            raise ValueError(f"unsupported op {op['op']}")
    return out


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""


@dataclass
class Store:
    namespace: str
    rv: int = 100
    floor: int = 0  # watches from a version below this get 410 Gone
    objects: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    log: list[tuple[int, str, str, dict[str, Any]]] = field(default_factory=list)


class FakeKubeAPI:
    """The server. Use ``add``/``modify``/``delete`` to play the cluster's controllers."""

    def __init__(self, namespace: str = "shop", token: str = "good-token") -> None:
        self.token = token
        self.store = Store(namespace)
        self.cond = threading.Condition()
        self.requests: list[Request] = []
        self.forbidden: set[str] = set()  # plurals this user may not read
        self.patch_hook: Callable[[str, str, dict[str, Any]], None] | None = None
        self.pod_logs: dict[str, list[str]] = {}
        self.no_status_subresource = False  # like Argo Rollouts v0.9
        self._generation = 0  # bumping it ends every open watch stream
        self._bookmark = 0  # bumping it makes every open watch send a BOOKMARK
        handler = _handler(self)
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        with self.cond:
            self._generation += 1
            self.cond.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()

    # -- kubeconfig ------------------------------------------------------------------

    def kubeconfig(self, path: Path, token: str | None = None, server: str | None = None) -> Path:
        config = {
            "apiVersion": "v1",
            "kind": "Config",
            "clusters": [{"name": "fake", "cluster": {"server": server or self.url}}],
            "users": [{"name": "oncall", "user": {"token": token or self.token}}],
            "contexts": [
                {
                    "name": "fake",
                    "context": {
                        "cluster": "fake",
                        "user": "oncall",
                        "namespace": self.store.namespace,
                    },
                }
            ],
            "current-context": "fake",
        }
        path.write_text(json.dumps(config))  # JSON is YAML
        return path

    # -- the cluster side --------------------------------------------------------------

    def _record(self, plural: str, kind: str, obj: dict[str, Any]) -> dict[str, Any]:
        st = self.store
        st.rv += 1
        obj = copy.deepcopy(obj)
        api_version, k = _KINDS[plural]
        obj.setdefault("apiVersion", api_version)
        obj.setdefault("kind", k)
        meta = obj.setdefault("metadata", {})
        meta["resourceVersion"] = str(st.rv)
        meta.setdefault("namespace", st.namespace)
        meta.setdefault("uid", f"uid-{plural}-{meta['name']}")
        meta.setdefault("creationTimestamp", "2026-11-22T09:00:00Z")
        if kind == "DELETED":
            st.objects.setdefault(plural, {}).pop(meta["name"], None)
        else:
            st.objects.setdefault(plural, {})[meta["name"]] = obj
        st.log.append((st.rv, plural, kind, obj))
        self.cond.notify_all()
        return obj

    def add(self, plural: str, obj: dict[str, Any]) -> dict[str, Any]:
        with self.cond:
            return self._record(plural, "ADDED", obj)

    def modify(self, plural: str, name: str, change: Callable[[dict[str, Any]], None]) -> None:
        with self.cond:
            obj = copy.deepcopy(self.store.objects[plural][name])
            change(obj)
            self._record(plural, "MODIFIED", obj)

    def delete(self, plural: str, name: str) -> None:
        with self.cond:
            self._record(plural, "DELETED", self.store.objects[plural][name])

    def get(self, plural: str, name: str) -> dict[str, Any]:
        with self.cond:
            return copy.deepcopy(self.store.objects[plural][name])

    def expire(self, while_away: Callable[[], None] | None = None) -> None:
        """Compact the change log (after applying ``while_away`` changes, which no open watch
        sees) and end every watch: a client reconnecting from its old version gets 410 Gone
        and has to list again. One lock hold, so no stream slips in between."""
        with self.cond:
            if while_away:
                while_away()
            self.store.log.clear()
            self.store.floor = self.store.rv
            self._generation += 1
            self.cond.notify_all()

    def bookmark_then_reconnect(self) -> None:
        """Send a BOOKMARK at the current version, compact, and end every watch: a client
        that kept the bookmark's version resumes without 410 and without a new list."""
        with self.cond:
            self._bookmark += 1
            self.cond.notify_all()
        time.sleep(0.5)  # the open streams write their bookmark
        with self.cond:
            self.store.log.clear()
            self.store.floor = self.store.rv
            self._generation += 1
            self.cond.notify_all()

    def namespaces(self) -> set[str]:
        """The store's namespace and every namespace an object was added in."""
        with self.cond:
            return {self.store.namespace} | {
                o["metadata"]["namespace"]
                for objs in self.store.objects.values()
                for o in objs.values()
            }

    def requests_for(self, method: str, path_part: str) -> list[Request]:
        return [r for r in list(self.requests) if r.method == method and path_part in r.path]

    def lists(self, plural: str) -> int:
        return sum(
            1
            for r in list(self.requests)
            if r.method == "GET"
            and r.path.endswith("/" + plural)
            and r.query.get("watch") != ["true"]
        )


def _in(obj: dict[str, Any], namespace: str | None) -> bool:
    return namespace is None or obj["metadata"].get("namespace") == namespace


def _selected(obj: dict[str, Any], selector: str | None) -> bool:
    if not selector:
        return True
    for term in selector.split(","):
        key, _, want = term.partition("=")
        value: Any = obj
        for part in key.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if str(value) != want:
            return False
    return True


def _handler(api: FakeKubeAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: Any) -> None:
            pass

        def _send_json(self, code: int, payload: Any) -> None:
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def _status(self, code: int, reason: str, message: str) -> None:
            self._send_json(code, status_object(code, reason, message))

        def _begin(self) -> tuple[Request, re.Match[str] | None] | None:
            parts = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            req = Request(self.command, parts.path, parse_qs(parts.query), dict(self.headers), body)
            api.requests.append(req)
            if self.headers.get("Authorization") != f"Bearer {api.token}":
                self._status(401, "Unauthorized", "Unauthorized")
                return None
            m = _PATH.match(parts.path)
            if not m or m["plural"] not in _KINDS:
                self._status(404, "NotFound", "the server could not find the requested resource")
                return None
            if m["ns"] is None and m["name"]:  # cluster-wide: lists and watches only
                self._status(404, "NotFound", "the server could not find the requested resource")
                return None
            if m["ns"] is not None and m["ns"] not in api.namespaces():
                self._status(404, "NotFound", f'namespaces "{m["ns"]}" not found')
                return None
            if m["plural"] in api.forbidden:
                group = "argoproj.io" if m["plural"] in _ARGO else ""
                self._status(
                    403,
                    "Forbidden",
                    f"{m['plural']}{'.' + group if group else ''} is forbidden: User"
                    ' "system:serviceaccount:shop:oncall" cannot'
                    f" {'list' if not m['name'] else 'get'}"
                    f' resource "{m["plural"]}" in API group "{group}" in the namespace'
                    f' "{m["ns"]}"',
                )
                return None
            return req, m

        def do_GET(self) -> None:
            begun = self._begin()
            if not begun:
                return
            req, m = begun
            assert m is not None
            plural, name = m["plural"], m["name"]
            if m["sub"] == "log":
                self._log(name)
                return
            if name:
                with api.cond:
                    obj = api.store.objects.get(plural, {}).get(name)
                if obj is None:
                    self._status(404, "NotFound", f'{plural} "{name}" not found')
                else:
                    self._send_json(200, obj)
                return
            field_sel = (req.query.get("fieldSelector") or [None])[0]
            ns = m["ns"]
            if req.query.get("watch") == ["true"]:
                self._watch(plural, req, field_sel, ns)
                return
            with api.cond:
                items = [
                    copy.deepcopy(o)
                    for o in api.store.objects.get(plural, {}).values()
                    if _selected(o, field_sel) and _in(o, ns)
                ]
                rv = str(api.store.rv)
            api_version, kind = _KINDS[plural]
            self._send_json(
                200,
                {
                    "apiVersion": api_version,
                    "kind": kind + "List",
                    "metadata": {"resourceVersion": rv},
                    "items": items,
                },
            )

        def _chunk(self, payload: dict[str, Any] | str) -> None:
            line = payload if isinstance(payload, str) else json.dumps(payload) + "\n"
            data = line.encode()
            self.wfile.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            self.wfile.flush()

        def _end_chunks(self) -> None:
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()

        def _watch(self, plural: str, req: Request, field_sel: str | None, ns: str | None) -> None:
            since = int((req.query.get("resourceVersion") or ["0"])[0] or 0)
            timeout = float((req.query.get("timeoutSeconds") or ["300"])[0])
            bookmarks = req.query.get("allowWatchBookmarks") == ["true"]
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            deadline = time.monotonic() + timeout
            try:
                with api.cond:
                    generation, bookmark = api._generation, api._bookmark
                    if since < api.store.floor:
                        gone = status_object(
                            410, "Expired", f"too old resource version: {since} ({api.store.floor})"
                        )
                        self._chunk({"type": "ERROR", "object": gone})
                        self._end_chunks()
                        return
                    sent = since
                    while time.monotonic() < deadline and api._generation == generation:
                        for rv, p, kind, obj in api.store.log:
                            if (
                                rv > sent
                                and p == plural
                                and _selected(obj, field_sel)
                                and _in(obj, ns)
                            ):
                                self._chunk({"type": kind, "object": obj})
                        sent = api.store.rv
                        if bookmarks and api._bookmark != bookmark:
                            bookmark = api._bookmark
                            api_version, kind_name = _KINDS[plural]
                            self._chunk(
                                {
                                    "type": "BOOKMARK",
                                    "object": {
                                        "kind": kind_name,
                                        "apiVersion": api_version,
                                        "metadata": {"resourceVersion": str(api.store.rv)},
                                    },
                                }
                            )
                        api.cond.wait(0.2)
                    self._end_chunks()
            except OSError:
                pass  # the client went away

        def _log(self, pod: str | None) -> None:
            lines = api.pod_logs.get(pod or "")
            if lines is None:
                self._status(404, "NotFound", f'pods "{pod}" not found')
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            try:
                sent = 0
                while True:
                    with api.cond:
                        while sent < len(lines):
                            self._chunk(lines[sent] + "\n")
                            sent += 1
                        api.cond.wait(0.2)
            except OSError:
                pass

        def do_PATCH(self) -> None:
            begun = self._begin()
            if not begun:
                return
            req, m = begun
            assert m is not None
            plural, name, sub = m["plural"], m["name"], m["sub"]
            content_type = self.headers.get("Content-Type")
            if content_type not in ("application/merge-patch+json", "application/json-patch+json"):
                self._status(415, "UnsupportedMediaType", "unsupported patch type")
                return
            patch = json.loads(req.body)
            if content_type == "application/json-patch+json":
                with api.cond:
                    obj = api.store.objects.get(plural, {}).get(name or "")
                    if obj is None or sub:
                        self._status(404, "NotFound", f'{plural}.argoproj.io "{name}" not found')
                        return
                    try:
                        updated = json_patch(obj, patch)
                    except (KeyError, IndexError, ValueError) as exc:
                        self._status(422, "Invalid", f"the JSON patch does not apply: {exc}")
                        return
                    stored = api._record(plural, "MODIFIED", updated)
                self._send_json(200, stored)
                return
            with api.cond:
                obj = api.store.objects.get(plural, {}).get(name or "")
                if obj is None:
                    self._status(404, "NotFound", f'{plural}.argoproj.io "{name}" not found')
                    return
                if sub == "status" and api.no_status_subresource:
                    self._status(
                        404, "NotFound", "the server could not find the requested resource"
                    )
                    return
                # The status subresource only takes status; the object ignores status.
                if api.no_status_subresource:
                    pass
                elif sub == "status":
                    patch = {"status": patch.get("status")}
                else:
                    patch = {k: v for k, v in patch.items() if k != "status"}
                updated = merge_patch(obj, patch)
                stored = api._record(plural, "MODIFIED", updated)
            self._send_json(200, stored)
            if api.patch_hook:
                api.patch_hook(plural, sub or "", patch)

    return Handler
