"""`clerk-assistant sandbox serve`: the sandbox on 127.0.0.1 until Ctrl-C."""

from __future__ import annotations

import argparse
import errno
import signal
import threading

from ..environment import Environment
from ..errors import ConfigError
from ..sandbox import SANDBOX_KEY, RunningServer, Sandbox, serve
from .common import catalog_from_args

DEFAULT_RATE_LIMIT = 100


def run_sandbox(args: argparse.Namespace, env: Environment) -> int:
    sandbox = Sandbox(
        catalog_from_args(args, env),
        seed=not args.empty,
        rate_limit=_rate_limit(args),
        state_file=args.state,
        latency=_latency(args),
    )
    server = _start(sandbox, args.port)
    _announce(server, sandbox, env)
    stop = threading.Event()
    previous = signal.signal(signal.SIGTERM, lambda *_: stop.set())  # `kill` stops it cleanly too
    try:
        stop.wait()  # the server runs in its own thread until Ctrl-C or SIGTERM
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
        signal.signal(signal.SIGTERM, previous)
    env.print("sandbox stopped")
    return 0


def _rate_limit(args: argparse.Namespace) -> int | None:
    if args.no_rate_limit:
        return None
    limit = getattr(args, "rate_limit", None)
    if limit is not None and limit < 1:
        raise ConfigError(f"--rate-limit must be at least 1, got {limit}")
    return limit or DEFAULT_RATE_LIMIT


def _latency(args: argparse.Namespace) -> float:
    milliseconds = getattr(args, "latency", 0.0) or 0.0
    if not 0 <= milliseconds <= 10_000:
        raise ConfigError(f"--latency must be 0 to 10000 ms, got {milliseconds:g}")
    return milliseconds / 1000


def _start(sandbox: Sandbox, port: int) -> RunningServer:
    try:
        return serve(sandbox, port=port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ConfigError(f"port {port} is already in use; pick another with --port") from None
        raise ConfigError(f"cannot listen on 127.0.0.1:{port}: {exc.strerror}") from None


def _announce(server: RunningServer, sandbox: Sandbox, env: Environment) -> None:
    users = len(sandbox.world.table("users"))
    orgs = len(sandbox.world.table("organizations"))
    limit = "off" if sandbox.limiter is None else f"{sandbox.limiter.limit} requests / 10 s"
    kept = f"; state in {sandbox.state_file}" if sandbox.state_file else ""
    kept += f"; {sandbox.latency * 1000:g} ms latency" if sandbox.latency else ""
    env.print(f"Clerk sandbox (spec {sandbox.catalog.version}) listening on {server.url}")
    env.print(f"  {users} users, {orgs} organizations; rate limit {limit}{kept}")
    env.print("  any sk_test_ key is accepted. Paste into another shell:")
    env.print(f"export CLERK_REST_API_URL={server.url}")
    env.print(f"export CLERK_SECRET_KEY={SANDBOX_KEY}")
    env.print("Press Ctrl-C to stop.")
    env.stdout.flush()
