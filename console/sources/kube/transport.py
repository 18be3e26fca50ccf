"""The watch transport: list once, then watch from the list's resourceVersion with bookmarks;
410 Gone → list again. The kubernetes client is synchronous, so every watch runs in its own
daemon thread and hands raw objects to the event loop through ``put``; nothing is translated
here. A 401 ends the watch (``("fatal", message)``): a refused credential stays refused.
"""

from __future__ import annotations

import contextlib
import json
import os
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from console.errors import KubeConfigError
from console.sources.kube.api_errors import describe_api_error
from console.sources.kube.objects import dig, rv_of
from console.sources.kube.trackers import Tracker


def load_api_client(kubeconfig: str | None = None, context: str | None = None) -> Any:
    """An ApiClient from a kubeconfig (given, $KUBECONFIG, ~/.kube/config) or in-cluster."""
    from kubernetes import client, config  # heavy: load on use

    path = kubeconfig or os.environ.get("KUBECONFIG", "").split(os.pathsep)[0] or None
    default = os.path.expanduser("~/.kube/config")
    try:
        if path or os.path.exists(default) or context:
            return config.new_client_from_config(
                config_file=path or default, context=context, persist_config=False
            )
        if os.environ.get("KUBERNETES_SERVICE_HOST"):
            cfg = client.Configuration()
            config.load_incluster_config(client_configuration=cfg)
            return client.ApiClient(cfg)
    except Exception as exc:  # yaml, ConfigException, OSError...: a bad file or flag
        where = f" (context {context})" if context else ""
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise KubeConfigError(f"cannot use the kubeconfig{where}: {first}") from None
    raise KubeConfigError(
        "no kubeconfig (--kubeconfig, $KUBECONFIG or ~/.kube/config) and not running in a cluster"
    )


@dataclass
class Watch:
    what: str
    list_fn: Callable[..., Any]
    kwargs: dict[str, Any]
    tracker: Tracker


class WatchTransport:
    """Connection and watch threads, shared by the one-rollout source and the fleet."""

    def __init__(
        self,
        namespace: str,
        *,
        context: str | None = None,
        kubeconfig: str | None = None,
        watch_timeout: int = 300,
        max_backoff: float = 30.0,
    ) -> None:
        self.namespace = namespace  # "" = all namespaces
        self.context = context
        self.kubeconfig = kubeconfig
        self.watch_timeout = watch_timeout
        self.max_backoff = max_backoff
        self.api_client: Any = None
        self.host = "?"
        self.fatal: KubeConfigError | None = None  # set when the source gave up (401)
        self._halt = threading.Event()
        self._active: set[Any] = set()
        self._lock = threading.Lock()

    @property
    def where(self) -> str:
        return f"namespace {self.namespace}" if self.namespace else "all namespaces"

    def connect(self) -> Any:
        """Load kubeconfig (or in-cluster config) and make the API client. Blocking."""
        if self.api_client is None:
            self.api_client = load_api_client(self.kubeconfig, self.context)
            self.host = str(self.api_client.configuration.host)
        return self.api_client

    def check_credentials(self) -> None:
        """One cheap request (GET /version) so a rejected credential stops the command before
        the screen opens. Only 401 is an answer here; anything else is reported while
        watching. Blocking."""
        from kubernetes import client
        from kubernetes.client.exceptions import ApiException

        api = self.connect()
        try:
            client.VersionApi(api).get_code(_request_timeout=(5, 10))
        except ApiException as exc:
            if exc.status == 401:
                self.fatal = KubeConfigError(
                    describe_api_error(exc, "version", self.namespace, self.host)
                )
                raise self.fatal from None
        except Exception:  # unreachable and the like: said on screen, retried while watching
            return

    def _sleep(self, seconds: float) -> bool:
        return self._halt.wait(seconds)

    def _run_watch(self, w: Watch, put: Callable[[tuple[Any, ...]], None]) -> None:
        from kubernetes import watch
        from kubernetes.client.exceptions import ApiException

        rv: str | None = None
        backoff = 1.0
        while not self._halt.is_set():
            try:
                if rv is None:
                    resp = w.list_fn(**w.kwargs, _preload_content=False, _request_timeout=(10, 60))
                    listing = json.loads(resp.data)
                    rv = str(dig(listing, "metadata", "resourceVersion") or "") or None
                    put(("sync", w, listing.get("items") or []))
                    put(("ok", w.what))
                stream = watch.Watch(return_type=object)
                with self._lock:
                    self._active.add(stream)
                try:
                    if self._halt.is_set():
                        break
                    for item in stream.stream(
                        w.list_fn,
                        **w.kwargs,
                        resource_version=rv,
                        allow_watch_bookmarks=True,
                        timeout_seconds=self.watch_timeout,
                        _request_timeout=(10, self.watch_timeout + 30),
                    ):
                        obj = item.get("raw_object") or {}
                        rv = rv_of(obj) or rv
                        if item.get("type") != "BOOKMARK":
                            put(("event", w, item.get("type"), obj))
                        backoff = 1.0
                finally:
                    with self._lock:
                        self._active.discard(stream)
                put(("ok", w.what))
            except ApiException as exc:
                if self._halt.is_set():
                    break
                if exc.status == 410:  # our resourceVersion is too old: list again
                    rv = None
                    continue
                if exc.status == 401:  # a rejected credential stays rejected: give up
                    put(("fatal", describe_api_error(exc, w.what, self.namespace, self.host)))
                    return
                put(("error", w.what, describe_api_error(exc, w.what, self.namespace, self.host)))
                backoff = self._backoff(backoff)
            except Exception as exc:  # network trouble of every kind (urllib3, OSError)
                if self._halt.is_set():
                    break
                put(("error", w.what, describe_api_error(exc, w.what, self.namespace, self.host)))
                backoff = self._backoff(backoff)

    def _backoff(self, current: float) -> float:
        self._sleep(current)
        return min(self.max_backoff, current * 2)

    def _stop_threads(self) -> None:
        self._halt.set()
        with self._lock:
            active = list(self._active)
        for stream in active:
            with contextlib.suppress(Exception):
                stream.stop()
