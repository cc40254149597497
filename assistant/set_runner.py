"""Send the requests of a set step concurrently, paced at the instance's rate limit.

Workers take units from one queue and share the executor's thread-safe `RateLimiter`, so
together they never go faster than the limit (100 requests / 10 s on development keys,
1000 on production) while keeping enough requests in flight to hide Clerk's latency.

- A 429 puts its unit back at the front of the queue and holds every worker for the
  `Retry-After` seconds: Clerk did not process it, so it is sent again, once, later.
  Nothing is lost and nothing is repeated.
- Any other answer is final for its unit: ok, or failed with Clerk's error. A transport
  error on a POST is not retried (it may have been applied) and is reported as failed.
- Ctrl-C (KeyboardInterrupt in the calling thread) stops handing out units, waits for the
  requests in flight, and reports the rest as not sent.

The runner never prints; `on_sent`, `on_done` and `progress` are called as things happen
(`on_sent` and `on_done` from worker threads, under one lock, so a transcript is written
by one thread at a time; `progress` from the calling thread). `on_done` also sees each
absorbed 429 as a Result with status "retry", so the audit has every wire attempt.
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import httpx

from .errors import AssistantError
from .executor import Executor
from .models import Result
from .sets import Unit

RETRY_AFTER_DEFAULT = 1.0  # a 429 without Retry-After: wait this long
MAX_RATE_LIMITED = 20  # 429s one unit may absorb before it is reported as failed
LATENCY_GUESS = 0.3  # seconds: Clerk answers in 100-300 ms
BURST_SECONDS = 1.0  # a window's whole allowance should be on its way within this
MIN_WORKERS, MAX_WORKERS = 4, 32
POLL = 0.05  # how often waiting threads look at the stop flag


def workers_for(limit: int, window: float) -> int:
    """Enough requests in flight that a window's allowance goes out within BURST_SECONDS
    at Clerk's latency (the limiter, not the worker count, keeps the pace under the limit;
    a slow burst is time the window cannot give back). Never fewer than the steady state
    needs: limit / window requests a second, each LATENCY_GUESS long."""
    burst = limit * LATENCY_GUESS / min(BURST_SECONDS, window)
    steady = limit / window * LATENCY_GUESS
    return max(MIN_WORKERS, min(MAX_WORKERS, math.ceil(max(burst, steady))))


@dataclass(frozen=True, slots=True)
class Job:
    unit: Unit
    request: httpx.Request


@dataclass(slots=True)
class SetReport:
    """What became of every unit of a set."""

    results: dict[int, Result] = field(default_factory=dict)  # unit index -> ok / error
    not_sent: list[int] = field(default_factory=list)
    interrupted: bool = False
    rate_limited: int = 0  # 429s absorbed
    seconds: float = 0.0

    @property
    def done(self) -> list[int]:
        return sorted(i for i, r in self.results.items() if r.status == "ok")

    @property
    def failed(self) -> list[int]:
        return sorted(i for i, r in self.results.items() if r.status != "ok")


Sent = Callable[[Unit, httpx.Request], None]
Done = Callable[[Unit, Result], None]
Tick = Callable[[int, int], None]  # (units finished, units in the set)


class SetRunner:
    def __init__(
        self,
        executor: Executor,
        step: int,
        *,
        on_sent: Sent = lambda _u, _r: None,
        on_done: Done = lambda _u, _r: None,
        progress: Tick = lambda _d, _t: None,
        workers: int | None = None,
    ) -> None:
        self.executor, self.step = executor, step
        self.on_sent, self.on_done, self.progress = on_sent, on_done, progress
        limiter = executor.limiter
        self.workers = workers or workers_for(limiter.limit, limiter.window)
        self._stop = threading.Event()
        self._record_lock = threading.Lock()
        self._queue_lock = threading.Lock()
        self._pending: deque[Job] = deque()
        self._finished: queue.Queue[tuple[Job, Result]] = queue.Queue()
        self._report = SetReport()
        self._tries: dict[int, int] = {}  # 429s per unit

    # ----------------------------------------------------------------- calling thread

    def run(self, jobs: Sequence[Job]) -> SetReport:
        started = time.perf_counter()
        self._pending.extend(jobs)
        threads = [
            threading.Thread(target=self._work, name=f"set-worker-{n}", daemon=True)
            for n in range(min(self.workers, len(jobs)))
        ]
        for thread in threads:
            thread.start()
        try:
            self._collect(threads, len(jobs))
        except KeyboardInterrupt:
            self._stop_and_wait(threads)
        self._drain(len(jobs))
        self._report.not_sent = sorted(job.unit.index for job in self._pending)
        self._report.seconds = time.perf_counter() - started
        return self._report

    def _collect(self, threads: list[threading.Thread], total: int) -> None:
        while any(t.is_alive() for t in threads) or not self._finished.empty():
            try:
                job, result = self._finished.get(timeout=POLL)
            except queue.Empty:
                continue
            self._report.results[job.unit.index] = result
            self.progress(len(self._report.results), total)

    def _stop_and_wait(self, threads: list[threading.Thread]) -> None:
        """Ctrl-C: hand out nothing more; requests already on the wire finish."""
        self._report.interrupted = True
        self._stop.set()
        for thread in threads:
            while thread.is_alive():
                try:
                    thread.join()
                except KeyboardInterrupt:  # a second Ctrl-C: still wait, or we lose answers
                    continue

    def _drain(self, total: int) -> None:
        while not self._finished.empty():
            job, result = self._finished.get_nowait()
            self._report.results[job.unit.index] = result
        if not self._report.interrupted:  # after Ctrl-C the bar has stopped listening
            self.progress(len(self._report.results), total)

    # ----------------------------------------------------------------- workers

    def _work(self) -> None:
        while not self._stop.is_set() and (job := self._take()) is not None:
            stamp = self._slot()
            if stamp is None:  # stopped while waiting: the job goes back unsent
                self._put_back(job)
                return
            self._send(job, stamp)

    def _take(self) -> Job | None:
        with self._queue_lock:
            return self._pending.popleft() if self._pending else None

    def _put_back(self, job: Job) -> None:
        with self._queue_lock:
            self._pending.appendleft(job)

    def _slot(self) -> float | None:
        """Wait for the rate limiter; the slot's stamp, or None when told to stop."""
        while True:
            delay, stamp = self.executor.limiter.try_acquire()
            if stamp is not None:
                return stamp
            if self._stop.wait(min(delay, POLL * 4)):
                return None

    def _send(self, job: Job, stamp: float) -> None:
        started = time.perf_counter()
        with self._record_lock:
            self.on_sent(job.unit, job.request)
        try:
            response = self.executor.attempt(job.request)
        except AssistantError as exc:
            self.executor.limiter.settle(stamp)
            self._finish(job, self._transport_failure(exc, started))
            return
        self.executor.limiter.settle(stamp)
        if response.status_code == 429 and self._absorb(job, response):
            return
        self._finish(job, self.executor.outcome(response, self.step, started))

    def _absorb(self, job: Job, response: httpx.Response) -> bool:
        """A 429: wait as asked and send the same job again later (Clerk did not apply
        it). False once the unit has been refused too often: then it is reported."""
        with self._queue_lock:
            self._report.rate_limited += 1
            tries = self._tries.get(job.unit.index, 0) + 1
            self._tries[job.unit.index] = tries
        if tries > MAX_RATE_LIMITED:
            return False
        wait = self.executor.rate_window(response)
        self.executor.limiter.hold(RETRY_AFTER_DEFAULT if wait is None else wait)
        with self._record_lock:
            self.on_done(job.unit, self._rate_limited(response))
        self._put_back(job)
        return True

    def _rate_limited(self, response: httpx.Response) -> Result:
        note = f"429 rate limited; Retry-After {response.headers.get('Retry-After', '-')}"
        return Result(self.step, "retry", http_status=429, error=note)

    def _transport_failure(self, exc: AssistantError, started: float) -> Result:
        error = self.executor.scrub(str(exc))
        elapsed = round((time.perf_counter() - started) * 1000, 1)
        return Result(self.step, "error", error=error, duration_ms=elapsed)

    def _finish(self, job: Job, result: Result) -> None:
        with self._record_lock:
            self.on_done(job.unit, result)
        self._finished.put((job, result))
