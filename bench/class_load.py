"""A class on one server: N students open the Cell page and press Play, then all press Train on the default preset.

Starts `streamlit run app.py` under Community Cloud's forced settings (devtools.devserver), pinned to `--cores`
cores with taskset (1: the smaller Cloud tier), and connects N websocket clients that speak Streamlit's protocol
as its frontend does (protobuf BackMsg/ForwardMsg over /_stcore/stream): each is its own session; it sends the
widget values a click sets. Playing the Cell page sends nothing: the stepper component (lstmviz/ui/stepper.py)
steps in the browser, and tells the server the step only when the student pauses (one rerun). No browser:
thirty Chromium tabs need several cores of their own to paint (tried on this 2-core machine: the tabs, not the
server, set every figure), so these clients measure the server's side. Where the server has fewer cores than
the machine, the clients run on the others.

    python bench/class_load.py                          # 30 students, server on one core
    python bench/class_load.py --cores 2                # the server on two cores (the clients share them)
    python bench/class_load.py --sessions 3 --play-seconds 3 --rounds 1 --max-mb 690   # CI's small version

Prints, for the Play phase: the server's CPU (utime + stime from /proc/PID/stat) and the script runs it finished
while the N sessions stayed open, each as a browser playing the stepper is, which sends the server nothing (so the
count shows the server runs nothing on its own; bench/bench_stepper.py measures real browsers playing), then all
pausing at once, each stepper committing its step: the time from a commit to the rerun it causes finishing
(percentiles; the browser painted the step long before, this is when the server has it). For the Train phase, after
a first training that warms the process up: one student alone training the default preset in Portuguese (what one
training costs: the same numbers under another column name, so a shared run of its own and the same work; another
seed would not do, as early stopping ends this preset after 15 to 30 epochs by seed), then N students pressing Train
at once on the default preset in English: the time from the clicks to each student's result figure arriving, the
last one's over the one student's being the goal's ratio. Clicks go as a browser sends them: a widget inside a
fragment reruns that fragment alone (Train itself is outside the page's fragment, lstmviz.ui.train_section: its
callback reruns the fragment). Then a new session (a reloaded tab) pressing Train again. The Train phase runs on
`--rounds` fresh servers (3: the machine is shared and noisy), the Play phase on the first; the ratio's median is
the goal's figure. At the end the servers' peak RSS (VmHWM from /proc/PID/status). Exit status 1 on an exception
shown in a page, a student without a result, a script run during Play, or a peak above --max-mb. The times are the
server's: a browser paints after them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import time

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

from devtools.devserver import cpu_seconds, status_mb, streamlit_server

RESULT = "-predictions"  # the end of the id of the Train page's first result figure (its key), in any language
STEPPER = "lstmviz.stepper"  # the Cell page's stepper component (its json_value holds the committed step)


def percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return f"{len(values)} values"
    q = statistics.quantiles(values, n=100, method="inclusive")
    return f"p50 {q[49]:.2f} s, p90 {q[89]:.2f} s, p99 {q[98]:.2f} s, max {max(values):.2f} s ({len(values)} values)"


class Student:
    """One Streamlit session over a websocket, driven as the frontend drives it."""

    def __init__(self, url: str, page: str, query: str = "") -> None:
        self.ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
        self.page, self.query = page, query
        self.widgets: dict[str, str] = {}  # label -> widget id, as the server last sent them
        self.fragments: dict[str, str] = {}  # widget id -> the fragment it is drawn in (none: the page's)
        self.values: dict[str, WidgetState] = {}  # widget id -> the value this student set
        self.stepper: tuple[str, int] | None = None  # the stepper's widget id and the step the server sent it
        self.T: int | None = None  # the stepper's timesteps, from its payload
        self.result: float | None = None  # when the result figure arrived
        self.finished = 0  # script runs the server finished for this session
        self.exceptions = 0
        self.received = 0  # bytes of ForwardMsgs received (after the websocket's own decompression)
        self.done = asyncio.Event()  # set at each finished script run
        self.ws = None
        self.reader: asyncio.Task | None = None  # _read, from open() on

    async def open(self) -> None:
        import websockets

        self.ws = await websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None)
        self.reader = asyncio.create_task(self._read())
        await self.rerun()
        await self.wait_done()

    async def rerun(self, fragment: str = "") -> None:
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string, cs.page_name = self.query, self.page
        cs.widget_states.widgets.extend(self.values.values())
        cs.fragment_id = fragment
        self.done.clear()
        await self.ws.send(msg.SerializeToString())

    async def wait_done(self, timeout: float = 600) -> None:
        await asyncio.wait_for(self.done.wait(), timeout)

    async def set(self, label: str, **value) -> None:
        """Set a widget (bool_value=True for a toggle, trigger_value=True for a button click) and rerun."""
        wid = self.widgets[label]
        self.values[wid] = WidgetState(id=wid, **value)
        await self.rerun(self.fragments.get(wid, ""))  # a widget in a fragment reruns that fragment, as in a browser
        if "trigger_value" in value:  # a click is a one-time trigger, as in the frontend
            del self.values[wid]

    async def commit_step(self, step: int) -> None:
        """What the stepper does when a student pauses: its state {"step": n} goes to the server, one rerun."""
        wid = self.stepper[0]
        self.values[wid] = WidgetState(id=wid, json_value=json.dumps({"step": step}))
        await self.rerun()

    async def _read(self) -> None:
        async for data in self.ws:
            self.received += len(data)
            msg = ForwardMsg()
            msg.ParseFromString(data)
            kind = msg.WhichOneof("type")
            if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                self._element(msg.delta.new_element, msg.delta.fragment_id)
            elif kind == "script_finished":
                self.finished += 1
                self.done.set()

    def _element(self, el, fragment: str) -> None:
        kind = el.WhichOneof("type")
        widget = getattr(el, kind, None)
        if hasattr(widget, "id") and hasattr(widget, "label") and widget.id:
            self.widgets[widget.label] = widget.id
            self.fragments[widget.id] = fragment
        if kind == "bidi_component" and el.bidi_component.component_name == STEPPER:
            message = json.loads(el.bidi_component.json)
            self.stepper, self.T = (el.bidi_component.id, message["step"]), json.loads(message["payload"])["T"]
        elif kind == "plotly_chart" and el.plotly_chart.id.endswith(RESULT) and self.result is None:
            self.result = time.perf_counter()
        elif kind == "exception":
            self.exceptions += 1

    async def close(self) -> None:
        await self.ws.close()
        self.reader.cancel()


async def result_after(student: Student, clicked: float, timeout: float = 1800) -> float:
    deadline = time.perf_counter() + timeout
    while student.result is None:
        if time.perf_counter() > deadline:
            raise TimeoutError("no result")
        await asyncio.sleep(0.05)
    return student.result - clicked


async def train_alone(url: str, query: str, label: str = "Train") -> float:
    """Seconds from a Train click to the result for one student alone (a new session); `label`: the button's, in
    the page's language."""
    solo = Student(url, "Train", query)
    await solo.open()
    clicked = time.perf_counter()
    await solo.set(label, trigger_value=True)
    seconds = await result_after(solo, clicked)
    await solo.close()
    return seconds


async def play(url: str, pid: int, n: int, play_seconds: float) -> tuple[int, int]:
    """N students open the Cell page, play (in their browsers: nothing sent), then pause at once; prints the figures,
    returns (exceptions shown, script runs the server finished meanwhile)."""
    start = time.perf_counter()
    students = [Student(url, "Cell") for _ in range(n)]
    await asyncio.gather(*(s.open() for s in students))
    print(f"{n} students opened the Cell page at once: {time.perf_counter() - start:.1f} s "
          f"(server RSS {status_mb(pid, 'VmRSS'):.0f} MB)")  # fmt: skip

    finished0 = sum(s.finished for s in students)
    cpu0, wall0 = cpu_seconds(pid), time.perf_counter()
    await asyncio.sleep(play_seconds)  # a stepper playing in its browser sends the server nothing: so do these
    wall = time.perf_counter() - wall0
    cores = (cpu_seconds(pid) - cpu0) / wall
    play_runs = sum(s.finished for s in students) - finished0
    print(f"Play: {n} sessions open for {wall:.1f} s, each stepper playing in its browser (a step every 0.7 s), "
          "which sends the server nothing:")  # fmt: skip
    print(f"  server CPU {cores:.3f} cores; script runs meanwhile: {play_runs} (goal 0; bench_stepper.py measures "
          "real browsers playing)")  # fmt: skip

    # Pause: each stepper commits the step it reached, one rerun each
    played = round(play_seconds / 0.7)
    cpu0, sent = cpu_seconds(pid), time.perf_counter()

    async def commit(s: Student) -> float:
        step = played % s.T
        await s.commit_step(step)
        await s.wait_done()
        if s.stepper[1] != step:
            raise AssertionError(f"the server sent step {s.stepper[1]} after a commit of {step}")
        return time.perf_counter() - sent

    latencies = await asyncio.gather(*(commit(s) for s in students))
    print(f"  all {n} pausing at once, each committing its step (one rerun each): {percentiles(latencies)}; "
          f"server CPU {cpu_seconds(pid) - cpu0:.2f} s in all")  # fmt: skip
    errors = sum(s.exceptions for s in students)
    await asyncio.gather(*(s.close() for s in students))
    return errors, play_runs


async def train(url: str, pid: int, n: int) -> tuple[int, int, float | None]:
    """After a warm-up training, one student alone trains the default preset in Portuguese (the same numbers under
    another column name: a shared run of its own, the same work), then N students press Train at once on the
    default preset in English, then a reloaded tab presses it again; prints the figures, returns (exceptions
    shown, students without a result, the last result over the one student's time)."""
    cold = await train_alone(url, "seed=999")  # the process's first training (lazy imports, oneDNN's set-up)
    students = [Student(url, "Train") for _ in range(n)]
    await asyncio.gather(*(s.open() for s in students))
    one = await train_alone(url, "lang=pt", label="Treinar")
    received = sum(s.received for s in students)
    cpu0, clicked, main0, mine = cpu_seconds(pid), time.perf_counter(), cpu_seconds(pid, pid), time.process_time()
    await asyncio.gather(*(s.set("Train", trigger_value=True) for s in students))
    done = await asyncio.gather(*(result_after(s, clicked) for s in students), return_exceptions=True)
    missing = sum(isinstance(d, BaseException) for d in done)
    done = [d for d in done if not isinstance(d, BaseException)]
    cpu, wall, main = cpu_seconds(pid) - cpu0, time.perf_counter() - clicked, cpu_seconds(pid, pid) - main0
    mine = time.process_time() - mine
    received = (sum(s.received for s in students) - received) / n / 2**20
    errors = sum(s.exceptions for s in students)
    await asyncio.gather(*(s.close() for s in students))
    again = await train_alone(url, "")  # a reloaded tab (a new session) presses Train on the same settings
    print(f"Train, the default preset: one student alone {one:.2f} s from the click to the result (the server's "
          f"first training, another seed: {cold:.2f} s)")  # fmt: skip
    ratio = max(done) / one if done else None
    if done:
        last, median, first = max(done), statistics.median(done), min(done)
        print(f"  {n} students at once: last result after {last:.2f} s ({ratio:.2f}x one training; goal <= 1.5x), "
              f"median {median:.2f} s, first {first:.2f} s")  # fmt: skip
    print(f"  server CPU while they trained: {cpu / wall:.2f} cores, {cpu:.2f} s in all ({cpu / n:.3f} s per "
          f"student, the one training included), {main:.2f} s of it in the main thread (the event loop that sends "
          f"every session's messages); each student received {received:.2f} MB; the clients' CPU "
          f"{mine / wall:.2f} cores")  # fmt: skip
    print(f"  a reloaded tab pressing Train again: {again:.3f} s ({again / one:.3f}x one training; goal <= 0.25x)")
    return errors, missing, ratio


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=30, help="students (websocket sessions)")
    parser.add_argument("--cores", type=int, default=1, help="cores for the server (taskset); 0: no pinning")
    parser.add_argument("--play-seconds", type=float, default=20.0)
    parser.add_argument("--rounds", type=int, default=3, help="fresh servers the class trains on (the first plays)")
    parser.add_argument("--max-mb", type=float, default=None, help="exit 1 if the server's peak RSS is above this")
    args = parser.parse_args()

    machine = sorted(os.sched_getaffinity(0))
    prefix = ("taskset", "-c", ",".join(map(str, machine[: args.cores]))) if args.cores else ()
    errors = missing = play_runs = 0
    ratios, peaks = [], []
    for r in range(args.rounds):
        with streamlit_server(prefix=prefix, timeout=120) as url:
            pid = url.pid
            server_cpus = sorted(os.sched_getaffinity(pid))
            if rest := set(machine) - set(server_cpus):  # the clients off the server's cores
                os.sched_setaffinity(0, rest)
            print(f"round {r + 1}: server pid {pid} on CPU(s) {server_cpus}; clients on CPU(s) "
                  f"{sorted(os.sched_getaffinity(0))}")  # fmt: skip
            if r == 0:
                errors, play_runs = asyncio.run(play(url, pid, args.sessions, args.play_seconds))
            shown, lost, ratio = asyncio.run(train(url, pid, args.sessions))
            errors, missing = errors + shown, missing + lost
            ratios += [ratio] if ratio is not None else []
            peaks.append(status_mb(pid, "VmHWM"))
    if ratios:
        print(f"last result / one training, median of {len(ratios)} fresh servers: {statistics.median(ratios):.2f}x "
              f"({', '.join(f'{x:.2f}x' for x in ratios)}; goal <= 1.5x)")  # fmt: skip
    peak = max(peaks)
    print(f"server peak RSS (VmHWM): {peak:.0f} MB; exceptions shown: {errors}; students without a result: {missing}")
    if errors or missing or play_runs or (args.max_mb is not None and peak > args.max_mb):
        print(f"FAIL: exceptions {errors}, without a result {missing}, script runs during Play {play_runs}, "
              f"peak {peak:.0f} MB (limit {args.max_mb})")  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
