#!/usr/bin/env python3
"""Replays issue 22's attacks against a running aii-server on loopback (scripts/attack.sh
starts it, on SQLite and on PostgreSQL). Python's standard library only.

Each attack prints one line: its name, the backend, the requests or connections it made, how
many were answered 5xx, the server's peak RSS during the attack (VmHWM, reset before each
attack through /proc/PID/clear_refs), the slowest /api/v1/healthz answer while it ran (a probe
from a trusted address, every 250 ms), and whether the finding holds, with its figures.

Loopback only, bounded: every attack has a fixed count and a deadline; the whole run stops by
itself. Client addresses are taken from 127.0.0.0/8 (each attack its own), which Linux lets a
socket bind without configuration; the server trusts 127.0.0.1 as a proxy (`--trusted-proxies`)
for the X-Forwarded-For attack, and the probe's connections come from it too.

  scripts/attack.py --url http://127.0.0.1:PORT --pid PID --backend sqlite --bin target/release/aii-server \\
      --settings '["--database-url", "sqlite://…", …]' --base-id BASE --user secretary.attack --password '…'
"""

import argparse
import asyncio
import json
import subprocess
import sys
import time

HOST = "127.0.0.1"
PORT = 0
ARGS = None


# --- a minimal HTTP/1.1 client (one request a connection) ---


class Answer:
    def __init__(self, status=0, headers=None, body=b""):
        self.status, self.headers, self.body = status, headers or {}, body

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError:
            return None


def parse(raw):
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    try:
        status = int(lines[0].split()[1])
    except (IndexError, ValueError):
        return Answer()
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers.setdefault(k.strip().lower(), []).append(v.strip())
    if "chunked" in ",".join(headers.get("transfer-encoding", [])):
        out, rest = b"", body
        while rest:
            size, _, rest = rest.partition(b"\r\n")
            n = int(size.split(b";")[0] or b"0", 16)
            if n == 0:
                break
            out, rest = out + rest[:n], rest[n + 2 :]
        body = out
    return Answer(status, headers, body)


async def connect(src):
    return await asyncio.open_connection(HOST, PORT, local_addr=(src, 0))


async def http(method, path, body=None, headers=(), src="127.0.0.1", timeout=60.0):
    """One request on a new connection: its Answer (status 0: no answer)."""
    try:
        r, w = await asyncio.wait_for(connect(src), timeout)
    except (OSError, asyncio.TimeoutError):
        return Answer()
    try:
        data = b"" if body is None else body if isinstance(body, bytes) else json.dumps(body).encode()
        lines = [f"{method} {path} HTTP/1.1", f"Host: {HOST}:{PORT}", "Connection: close"]
        if body is not None:
            lines += ["Content-Type: application/json", f"Content-Length: {len(data)}"]
        lines += [f"{k}: {v}" for k, v in headers]
        w.write(("\r\n".join(lines) + "\r\n\r\n").encode() + data)
        await w.drain()
        raw = await asyncio.wait_for(r.read(), timeout)
        return parse(raw)
    except (OSError, asyncio.TimeoutError, asyncio.IncompleteReadError):
        return Answer()
    finally:
        w.close()


# --- the server's memory and health while an attack runs ---


def reset_peak():
    try:
        with open(f"/proc/{ARGS.pid}/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


def peak_mib():
    try:
        with open(f"/proc/{ARGS.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class Probe:
    """GET /api/v1/healthz every 250 ms; the slowest answer (a failure counts its wait)."""

    def __init__(self):
        self.slowest, self.failed, self.done = 0.0, 0, asyncio.Event()

    async def run(self):
        while not self.done.is_set():
            t = time.monotonic()
            a = await http("GET", "/api/v1/healthz", timeout=60)
            self.slowest = max(self.slowest, time.monotonic() - t)
            self.failed += a.status != 200
            try:
                await asyncio.wait_for(self.done.wait(), 0.25)
            except asyncio.TimeoutError:
                pass


RESULTS = []


async def attack(name, run):
    """Runs one attack with the probe; prints its line. `run` returns (count, n5xx, holds, outcome)."""
    reset_peak()
    probe = Probe()
    probing = asyncio.create_task(probe.run())
    started = time.monotonic()
    count, n5xx, holds, outcome = await run()
    probe.done.set()
    await probing
    line = {
        "attack": name,
        "backend": ARGS.backend,
        "count": count,
        "5xx": n5xx,
        "peak_rss_mib": round(peak_mib(), 1),
        "health_max_ms": round(probe.slowest * 1000),
        "health_failed": probe.failed,
        "seconds": round(time.monotonic() - started, 1),
        "holds": holds and n5xx == 0 and probe.failed == 0,
        "outcome": outcome,
    }
    RESULTS.append(line)
    print(
        f"{name:<16} {ARGS.backend:<9} {count:>6} {n5xx:>4} {line['peak_rss_mib']:>8.1f} {line['health_max_ms']:>8} "
        f"{'holds' if line['holds'] else 'FAILS':<6} {outcome}",
        flush=True,
    )


def count5xx(answers):
    """5xx answers, but for the documented 503 of a busy password check (with Retry-After)."""
    return sum(1 for a in answers if a.status >= 500 and not (a.status == 503 and "retry-after" in a.headers))


def statuses(answers):
    out = {}
    for a in answers:
        out[a.status] = out.get(a.status, 0) + 1
    return " ".join(f"{k}×{v}" for k, v in sorted(out.items()))


def example(name):
    with open(f"shared/spec/examples/{name}.valid.json") as f:
        return json.load(f)


def for_base(name, base_id):
    doc = example(name)
    doc["base_id"] = base_id
    return doc


def login_body(user, password):
    return {"username": user, "password": password}


# --- the attacks ---


async def nul():
    """1. U+0000 in bodies, paths and queries, four attackers for ten seconds beside a
    legitimate client's validates (on PostgreSQL their look-ups share batches)."""
    bad = []
    for slug, name in [
        ("director-appointment", "director_appointment"),
        ("direction-change", "direction_change"),
        ("annual-assessment", "annual_assessment"),
        ("evaluation", "evaluation"),
    ]:
        bad.append(("POST", f"/api/v1/forms/{slug}/validate", for_base(name, ARGS.base_id + "\u0000")))
    app = example("application")
    app["unit"]["name"] = "示例\u0000大学"
    bad += [
        ("POST", "/api/v1/forms/application/validate", app),
        ("POST", "/api/v1/forms/application/submissions", app),
        ("POST", "/api/v1/admin/login", login_body("secretary\u0000attack", "x" * 12)),
        ("GET", "/api/v1/submissions/%00?receipt=x", None),
        ("GET", "/api/v1/submissions/abc?receipt=%00", None),
        ("GET", "/api/v1/admin/submissions?q=%00", None),
        ("GET", "/api/v1/admin/registry/%00", None),
        ("GET", "/%00", None),
    ]
    good = for_base("director_appointment", ARGS.base_id)
    deadline = time.monotonic() + 10
    attacked, legit = [], []

    async def attacker(i):
        n = 0
        while time.monotonic() < deadline:
            method, path, body = bad[n % len(bad)]
            attacked.append(await http(method, path, body, src=f"127.0.2.{i + 1}"))
            n += 1

    async def legitimate():
        while time.monotonic() < deadline:
            legit.append(await http("POST", "/api/v1/forms/director-appointment/validate", good, src="127.0.2.100"))

    await asyncio.gather(*(attacker(i) for i in range(4)), legitimate())
    answers = attacked + legit
    valid = sum(1 for a in legit if a.status == 200 and (a.json() or {}).get("valid"))
    holds = valid == len(legit) and all(400 <= a.status < 500 or a.status == 200 for a in attacked)
    return len(answers), count5xx(answers), holds, f"attackers {statuses(attacked)}; legitimate validates {valid}/{len(legit)} × 200 valid"


async def login_race():
    """2. Sixty wrong passwords for one username at once, the right one at position 59."""
    tasks = [
        http("POST", "/api/v1/admin/login", login_body(ARGS.user, ARGS.password if i == 58 else "wrong password, wrong"), src="127.0.3.1")
        for i in range(60)
    ]
    answers = await asyncio.gather(*tasks)
    checked = sum(1 for a in answers if a.status in (200, 401))
    right = answers[58].status
    holds = checked <= 5 and right != 200
    return 60, count5xx(answers), holds, f"{statuses(answers)}: {checked} checked (limit 5); the right password at 59 → {right}"


async def login_memory():
    """3. A thousand failed logins at once, from forty addresses (25 each, under the limits)."""
    tasks = [
        http("POST", "/api/v1/admin/login", login_body(f"nobody.{i}", "wrong password, wrong"), src=f"127.0.4.{i % 40 + 1}")
        for i in range(1000)
    ]
    answers = await asyncio.gather(*tasks)
    retry = all("retry-after" in a.headers for a in answers if a.status == 503)
    peak = peak_mib()
    holds = retry and peak < 300
    return 1000, count5xx(answers), holds, f"{statuses(answers)}; 503s with Retry-After: {retry}; peak RSS {peak:.0f} MiB (bound 300)"


async def lockout():
    """7. Five wrong passwords from one address lock the username out there, not elsewhere."""
    answers = [await http("POST", "/api/v1/admin/login", login_body(ARGS.user, "wrong password, wrong"), src="127.0.5.1") for _ in range(5)]
    there = await http("POST", "/api/v1/admin/login", login_body(ARGS.user, ARGS.password), src="127.0.5.1")
    elsewhere = await http("POST", "/api/v1/admin/login", login_body(ARGS.user, ARGS.password), src="127.0.5.2")
    answers += [there, elsewhere]
    holds = there.status == 429 and elsewhere.status == 200
    return len(answers), count5xx(answers), holds, f"the guesser's address → {there.status}; the secretary's → {elsewhere.status}"


async def forwarded():
    """8. Behind a trusted proxy, the last X-Forwarded-For line counts, not a forged first one."""
    answers = []
    for i in range(6):
        hdrs = [("X-Forwarded-For", f"198.51.100.{i + 1}"), ("X-Forwarded-For", "203.0.113.5")]
        answers.append(await http("POST", "/api/v1/admin/login", login_body("xff.probe", "wrong password, wrong"), headers=hdrs))
    other = await http(
        "POST", "/api/v1/admin/login", login_body("xff.probe", "wrong password, wrong"),
        headers=[("X-Forwarded-For", "198.51.100.1"), ("X-Forwarded-For", "203.0.113.6")],
    )
    holds = [a.status for a in answers] == [401] * 5 + [429] and other.status == 401
    return 7, count5xx(answers + [other]), holds, f"203.0.113.5 behind forged lines: {statuses(answers)}; 203.0.113.6 → {other.status}"


def cli(*args, stdin=""):
    return subprocess.run([ARGS.bin, *ARGS.settings_list, *args], input=stdin, capture_output=True, text=True, timeout=60)


async def disabled():
    """6. `user disable` ends the account's sessions; its login answers as a wrong password."""
    user, password = "secretary.off", "the disabled secretary's password"
    cli("user", "add", "--username", user, "--password-stdin", stdin=password + "\n")
    a = await http("POST", "/api/v1/admin/login", login_body(user, password), src="127.0.6.1")
    cookie = next((c.split(";")[0] for c in a.headers.get("set-cookie", [])), "")
    wrong = await http("POST", "/api/v1/admin/login", login_body(user, "wrong password, wrong"), src="127.0.6.1")
    cli("user", "disable", "--username", user)
    during = await http("GET", "/api/v1/admin/session", headers=[("Cookie", cookie)], src="127.0.6.1")
    as_disabled = await http("POST", "/api/v1/admin/login", login_body(user, password), src="127.0.6.1")
    cli("user", "enable", "--username", user)
    after = await http("GET", "/api/v1/admin/session", headers=[("Cookie", cookie)], src="127.0.6.1")
    answers = [a, wrong, during, as_disabled, after]
    same = (as_disabled.status, as_disabled.body) == (wrong.status, wrong.body)
    holds = a.status == 200 and during.status == 401 and after.status == 401 and same
    return 5, count5xx(answers), holds, f"old cookie while disabled → {during.status}, after enable → {after.status}; disabled login = wrong password: {same}"


async def passwords():
    """9. Weak passwords refused by `user add`, saying why."""
    weak = ["short", "aaaaaaaaaaaaaaaa", "                "]
    refused = []
    for i, p in enumerate(weak):
        r = cli("user", "add", "--username", f"weak.{i}", "--password-stdin", stdin=p + "\n")
        refused.append(r.returncode != 0 and "password" in r.stderr)
    return len(weak), 0, all(refused), f"{sum(refused)} of {len(weak)} refused with the reason"


async def submissions():
    """Submissions per client address: 70 in a minute from one address."""
    answers = [await http("POST", "/api/v1/forms/application/submissions", {}, src="127.0.7.1") for _ in range(70)]
    limited = [a for a in answers if a.status == 429]
    retry = all("retry-after" in a.headers for a in limited)
    holds = len(limited) == 10 and retry
    return 70, count5xx(answers), holds, f"{statuses(answers)}; Retry-After on every 429: {retry}"


async def slow_bodies():
    """4. 600 connections sending a body a byte every 3 s, for 30 s (10 addresses)."""

    async def trickle(i):
        try:
            r, w = await connect(f"127.0.8.{i % 10 + 1}")
        except OSError:
            return 0
        head = (
            f"POST /api/v1/forms/application/submissions HTTP/1.1\r\nHost: {HOST}\r\n"
            "Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
        )
        w.write(head.encode())
        deadline = time.monotonic() + 30
        status = 0
        try:
            while time.monotonic() < deadline:
                try:
                    data = await asyncio.wait_for(r.read(65536), 3)
                except asyncio.TimeoutError:
                    w.write(b" ")
                    await w.drain()
                    continue
                if data:
                    status = parse(data).status
                break
        except OSError:
            pass
        finally:
            w.close()
        return status

    got = await asyncio.gather(*(trickle(i) for i in range(600)))
    answers = [Answer(s) for s in got]
    timed_out = sum(1 for s in got if s == 408)
    return 600, count5xx(answers), timed_out == 600, f"{timed_out} of 600 answered 408 (body timeout 10 s), the rest {statuses([a for a in answers if a.status != 408]) or '-'}"


async def silent():
    """5. 1,000 connections that send nothing, 100 idle h2c, 100 h2c with unfinished headers;
    how many the server closes within 45 s (header timeout 10 s; idle 30 s)."""
    preface = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + bytes([0, 0, 0, 4, 0, 0, 0, 0, 0])
    unfinished = preface + bytes([0, 0, 1, 1, 0, 0, 0, 0, 1, 0x82])

    async def hold(src, payload):
        try:
            r, w = await connect(src)
        except OSError:
            return None
        if payload:
            w.write(payload)
        t = time.monotonic()
        try:
            while True:
                if not await asyncio.wait_for(r.read(65536), 45 - (time.monotonic() - t)):
                    return time.monotonic() - t
        except (asyncio.TimeoutError, ValueError):
            return None
        except OSError:
            return time.monotonic() - t
        finally:
            w.close()

    kinds = [("silent", b"", 1000), ("idle h2c", preface, 100), ("h2c headers", unfinished, 100)]
    tasks, names = [], []
    for name, payload, n in kinds:
        for i in range(n):
            tasks.append(hold(f"127.0.9.{len(tasks) % 40 + 1}", payload))
            names.append(name)
    got = await asyncio.gather(*tasks)
    parts, holds = [], True
    for name, _, n in kinds:
        closed = [t for k, t in zip(names, got) if k == name and t is not None]
        holds &= len(closed) == n
        parts.append(f"{name} {len(closed)}/{n} closed (slowest {max(closed, default=0):.0f} s)")
    return len(tasks), 0, holds, "; ".join(parts)


async def per_client():
    """5. One address opens 100 connections: those over the cap (64) are closed at once."""

    async def one():
        try:
            r, w = await connect("127.0.10.1")
        except OSError:
            return True
        try:
            return not await asyncio.wait_for(r.read(1), 1.0)
        except asyncio.TimeoutError:
            return False
        except OSError:
            return True
        finally:
            w.close()

    refused = sum(await asyncio.gather(*(one() for _ in range(100))))
    return 100, 0, refused == 36, f"{refused} of 100 closed at once (cap 64)"


async def headers():
    """Also: the security headers of an HTML page and of the API."""
    page = await http("GET", "/")
    api = await http("GET", "/api/v1/healthz")
    csp = page.headers.get("content-security-policy", [""])[0]
    holds = "script-src 'self' 'wasm-unsafe-eval'" in csp and "frame-ancestors 'none'" in csp
    holds &= page.headers.get("x-content-type-options") == ["nosniff"] and api.headers.get("x-content-type-options") == ["nosniff"]
    return 2, count5xx([page, api]), holds, f"CSP: {csp}"


ATTACKS = [
    ("nul", nul),
    ("login-race", login_race),
    ("login-memory", login_memory),
    ("lockout", lockout),
    ("forwarded-for", forwarded),
    ("disabled", disabled),
    ("passwords", passwords),
    ("submissions", submissions),
    ("slow-bodies", slow_bodies),
    ("silent-conns", silent),
    ("conns-per-client", per_client),
    ("headers", headers),
]


async def main():
    global HOST, PORT, ARGS
    p = argparse.ArgumentParser()
    for a in ["--url", "--pid", "--backend", "--bin", "--settings", "--base-id", "--user", "--password"]:
        p.add_argument(a, required=True)
    p.add_argument("--only", default="", help="comma-separated attack names")
    p.add_argument("--json", default="", help="append the results as JSON lines to this file")
    ARGS = p.parse_args()
    ARGS.settings_list = json.loads(ARGS.settings)
    hostport = ARGS.url.split("://", 1)[1].rstrip("/")
    HOST, PORT = hostport.rsplit(":", 1)[0], int(hostport.rsplit(":", 1)[1])
    only = {x for x in ARGS.only.split(",") if x}
    for name, run in ATTACKS:
        if not only or name in only:
            await attack(name, run)
    if ARGS.json:
        with open(ARGS.json, "a") as f:
            for r in RESULTS:
                f.write(json.dumps(r, ensure_ascii=False) + "\n")
    return 0 if all(r["holds"] for r in RESULTS) else 1


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
