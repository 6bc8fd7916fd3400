"""Reaching the cluster the user named, and refusing one whose workers run other versions.

`tcp://host:8786` (any address Dask's client takes) joins a running scheduler;
`local:N` starts N worker processes on this machine for the run and stops them
after. Every failure to reach or trust a cluster is one line and exit 2: it is
the user's setting, not a fault of the tool.
"""

from __future__ import annotations

import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

import polars as pl

from underreport import __version__
from underreport.model.errors import ClusterError, UsageError

LOCAL = re.compile(r"local(?::(\d+))?")
REMOTE = re.compile(r"(tcp|tls|ws|wss|ucx)://[^\s/]+")
CONNECT_SECONDS = 10
"""How long a scheduler has to answer before the run gives up."""
WAIT_SECONDS = 60
"""How long a scheduler that answered has to show a worker (workers may still be starting)."""


def parse(address: str) -> tuple[str, int | None]:
    """`("local", N)` or `("remote", None)`; anything else is a usage error, said once."""
    text = address.strip()
    if m := LOCAL.fullmatch(text):
        n = int(m.group(1)) if m.group(1) else (os.cpu_count() or 1)
        if n < 1:
            raise UsageError(f"--cluster {address}: local:N needs at least one worker")
        return "local", n
    if REMOTE.fullmatch(text):
        return "remote", None
    raise UsageError(
        f"--cluster {address!r}: give a scheduler address (tcp://host:8786) "
        "or local:N for N worker processes on this machine"
    )


def usable(address: str) -> None:
    """The address is one `client_for` takes, and Dask is installed: checked before any work."""
    parse(address)
    _dask()


def _dask() -> Any:
    try:
        import distributed
    except ImportError:
        raise UsageError(
            "--cluster needs the cluster extra: pip install 'underreport[cluster]'"
        ) from None
    # The scheduler's and workers' chatter (shuffle started, worker joined) is not the user's.
    for name in ("distributed", "distributed.shuffle", "tornado"):
        logging.getLogger(name).setLevel(logging.ERROR)
    return distributed


@contextmanager
def client_for(address: str) -> Iterator[Any]:
    """A `distributed.Client` on the named cluster, its versions checked; closed after."""
    kind, n = parse(address)
    distributed = _dask()
    with ExitStack() as stack:
        if kind == "local":
            assert n is not None
            cores = max(1, (os.cpu_count() or 1) // n)
            # Polars reads POLARS_MAX_THREADS once, at import: the worker's environment must
            # carry it before the worker process starts, which the nanny's `env` does.
            cluster = stack.enter_context(
                distributed.LocalCluster(
                    n_workers=n, threads_per_worker=1, processes=True, host="127.0.0.1",
                    dashboard_address=":0", env={"POLARS_MAX_THREADS": str(cores)},
                    silence_logs=logging.CRITICAL,  # a task's error reaches the user once
                )
            )  # fmt: skip
            client = stack.enter_context(distributed.Client(cluster))
        else:
            try:
                client = stack.enter_context(distributed.Client(address, timeout=CONNECT_SECONDS))
            except (OSError, TimeoutError) as exc:
                raise ClusterError(
                    f"--cluster {address}: no scheduler answers there ({exc})"
                ) from None
        try:
            client.wait_for_workers(1, timeout=WAIT_SECONDS)
        except TimeoutError:
            raise ClusterError(
                f"--cluster {address}: the scheduler has no worker after {WAIT_SECONDS} s"
            ) from None
        check_versions(client, address)
        yield client


def versions() -> dict[str, str]:
    """What must agree between the client and every worker for results to be the same."""
    return {
        "underreport": __version__,
        "polars": pl.__version__,
        "python": ".".join(map(str, sys.version_info[:2])),
    }


def worker_versions() -> dict[str, str]:
    """`versions` as a worker reports them: sent by name, so the worker's own code answers."""
    return versions()


def check_versions(client: Any, address: str) -> None:
    """Every worker runs the client's underreport, Polars and Python, or the run stops."""
    mine = versions()
    try:
        theirs: dict[str, dict[str, str]] = client.run(worker_versions)
    except Exception as exc:  # a worker without underreport cannot even unpickle the call
        raise ClusterError(
            f"--cluster {address}: a worker could not report its versions "
            f"({type(exc).__name__}: {exc}); install underreport {__version__} on every worker"
        ) from None
    for worker, got in sorted(theirs.items()):
        differ = [f"{k} {got.get(k)} (here {v})" for k, v in mine.items() if got.get(k) != v]
        if differ:
            raise ClusterError(
                f"--cluster {address}: worker {worker} runs {', '.join(differ)}; "
                "install the same versions on every worker"
            )


def worker_threads(client: Any) -> dict[str, int]:
    """Polars' thread pool on each worker (set by POLARS_MAX_THREADS in its environment)."""
    return dict(client.run(pl.thread_pool_size))
