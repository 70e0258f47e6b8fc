"""The web benchmark's tools: a gunicorn server with the deploy configuration on a free
loopback port, stopped by its own process id, and wrk with its figures parsed (bench.web and
bench.chaos drive them)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "deploy" / "gunicorn.conf.py"


READ_LUA = """
wrk.headers["Authorization"] = "Bearer %(token)s"
"""

POST_LUA = r"""
local threads = {}
local cells = {%(cells)s}
local counter = 0
created, other = 0, 0

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(tid * 7919)
  ids = io.open("%(dir)s/ids-" .. tid, "w")
end

function request()
  counter = counter + 1
  local nid = string.format("099%%d%%08d", tid, counter)
  local cell = cells[math.random(#cells)]
  local body = '{"type": "admitted", "effective_on": "%(effective)s", "decision_no": "1-QĐ/HU", '
    .. '"decision_on": "%(decided)s", "decided_by": "%(decided_by)s", "member": {'
    .. '"national_id": "' .. nid .. '", "full_name": "Nguyễn Văn Tải", "sex": "male", '
    .. '"birth_date": "1990-05-01", "ethnicity": "Kinh", "religion": null, '
    .. '"education": "university", "political_theory": "basic", "youth_union": true, '
    .. '"sector": "state_agency"}}'
  return wrk.format("POST", "/api/v1/orgs/" .. cell .. "/events", {
    ["Authorization"] = "Bearer %(token)s",
    ["Content-Type"] = "application/json",
  }, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    local id = string.match(body, '"member_id"%%s*:%%s*"([^"]+)"')
    ids:write((id or "?") .. "\n")
    ids:flush()
  else
    other = other + 1
    if other <= 3 then io.stderr:write("status " .. status .. ": " .. body:sub(1, 300) .. "\n") end
  end
end

function done(summary, latency, requests)
  local c, o = 0, 0
  for _, t in ipairs(threads) do
    c = c + t:get("created")
    o = o + t:get("other")
  end
  io.write(string.format("CREATED %%d OTHER %%d\n", c, o))
end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    """One gunicorn master with the deploy configuration; stopped by its own pid."""

    def __init__(self, app: str, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.log = log
        full = {
            **os.environ,
            **env,
            "SODANG_BIND": f"127.0.0.1:{self.port}",
            "SODANG_ACCESS_LOG": "/dev/null",
            "SODANG_ERROR_LOG": str(log),
            "SODANG_LOG_LEVEL": "warning",
        }
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "-c", str(CONFIG), app],
            cwd=ROOT,
            env=full,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def wait(self, path: str, headers: dict[str, str], timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited: see {self.log}:\n{self.log.read_text()[-2000:]}"
                )
            try:
                with urllib.request.urlopen(
                    urllib.request.Request(self.url(path), headers=headers), timeout=5
                ) as answer:
                    if answer.status == 200:
                        return
            except Exception:
                time.sleep(0.3)
        raise RuntimeError(f"gunicorn did not answer {path} in {timeout} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


_UNIT = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNIT[unit]


def wrk(url: str, script: Path, duration: int, connections: int, workdir: Path) -> dict[str, Any]:
    args = [
        "wrk",
        "-t2",
        f"-c{connections}",
        f"-d{duration}s",
        "--timeout",
        "10s",
        "--latency",
        "-s",
        str(script),
        url,
    ]
    run = subprocess.run(args, capture_output=True, text=True, timeout=duration + 60, cwd=workdir)
    out = run.stdout
    figures: dict[str, Any] = {"raw": out, "stderr": run.stderr}
    figures["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    figures["requests"] = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    for q in ("50", "99"):
        found = re.search(rf"^\s+{q}(?:\.000)?%\s+([\d.]+\w+)", out, re.M)
        figures[f"p{q}"] = _ms(found.group(1)) if found else float("nan")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    figures["non2xx"] = int(bad.group(1)) if bad else 0
    errors = re.search(r"Socket errors: (.*)", out)
    figures["socket_errors"] = errors.group(1) if errors else ""
    created = re.search(r"CREATED (\d+) OTHER (\d+)", out)
    if created:
        figures["created"], figures["other"] = int(created.group(1)), int(created.group(2))
    return figures
