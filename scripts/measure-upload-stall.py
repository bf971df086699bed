#!/usr/bin/env python3
# usage: scripts/measure-upload-stall.py target/release/outdial sqlite:///tmp/s.db FILE.csv
#    or: … postgres://root@127.0.0.1:5432/DB FILE.csv (an empty database)
# Measures whether a 500,000-row upload on one campaign stalls another
# campaign's dialling: starts the release server (SQLite or PostgreSQL),
# runs campaign A at 20 CPS, uploads the big file to campaign B, then reads
# A's dial starts from the database and reports the largest gap during the
# upload and before it, and the API read latency during the upload.
# FILE: the benchmark's limit file, kept by
#   OUTDIAL_BENCH_KEEP=/tmp/bench OUTDIAL_BENCH_ROUNDS=1 scripts/bench-ingest.sh
# (then /tmp/bench/limit.csv).
import json, os, random, sqlite3, subprocess, sys, threading, time, urllib.request
os.makedirs('/tmp/stall', exist_ok=True)
BIN, DBURL, FILE = sys.argv[1], sys.argv[2], sys.argv[3]
PORT = 18000 + random.randrange(1000)
env = dict(os.environ, OUTDIAL_ADMIN_PASSWORD="pw-for-stall-test-123", RUST_LOG="warn")
srv = subprocess.Popen([BIN, "serve", "--bind", f"127.0.0.1:{PORT}", "--database-url", DBURL, "--no-demo"], env=env, stdout=subprocess.PIPE, stderr=open('/tmp/stall/server.log','w'), text=True)
for line in srv.stdout:
    if line.startswith("Outdial is running"): break
base = f"http://127.0.0.1:{PORT}"
def req(method, path, body=None, ctype="application/json", cookie=None, raw=None):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    r = urllib.request.Request(base + path, data=data, method=method)
    if data is not None: r.add_header("content-type", ctype)
    if cookie: r.add_header("cookie", cookie)
    with urllib.request.urlopen(r, timeout=120) as resp:
        return resp.status, resp.headers, resp.read()
_, h, _ = req("POST", "/api/auth/login", {"username": "admin", "password": "pw-for-stall-test-123"})
ck = h["set-cookie"].split(";")[0]
J = lambda m, p, b=None: json.loads(req(m, p, b, cookie=ck)[2] or b"null")
bot = J("POST", "/api/bots", {"name": "Bot", "ready": True})["id"]
car = J("POST", "/api/carriers", {"name": "Carrier", "cps_limit": 20})["id"]
nums = [J("POST", f"/api/carriers/{car}/numbers", {"number": f"+1415555{n:04}"})["id"] for n in range(3)]
def campaign(name):
    return J("POST", "/api/campaigns", {"name": name, "bot_id": bot, "number_ids": nums, "concurrency_limit": 1000,
        "mode": "multi_day", "always_on": True,
        "window": {"start": "00:00", "end": "23:59", "timezone": "UTC"},
        "working_days": ["mon","tue","wed","thu","fri","sat","sun"], "max_attempts": 1, "retry_delay_minutes": 30,
        "retry_on_system_dispositions": [], "custom_retry_dispositions": [],
        "stop_redials_after_meaningful_connect": {"enabled": False, "seconds": 30},
        "redial_after_short_connect": {"enabled": False, "seconds": 15},
        "callback_detection": False, "sticky_exclusion": False})["id"]
a, b = campaign("Dialling"), campaign("Uploading")
csv = "phone_number\n" + "".join(f"+1415{5600000+n:07}\n" for n in range(20000))
req("PUT", f"/api/campaigns/{a}/contacts", raw=csv.encode(), ctype="text/csv", cookie=ck)
J("POST", f"/api/campaigns/{a}/start")
time.sleep(15)  # dialling reaches its 20 CPS pace
reads, stop = [], threading.Event()
def poll():
    while not stop.is_set():
        t = time.time(); req("GET", f"/api/campaigns/{a}", cookie=ck); reads.append(time.time() - t); time.sleep(0.1)
th = threading.Thread(target=poll); th.start()
body = open(FILE, "rb").read()
t0 = time.time()
st, _, rep = req("PUT", f"/api/campaigns/{b}/contacts", raw=body, ctype="text/csv", cookie=ck)
t1 = time.time()
stop.set(); th.join()
time.sleep(2)
print(f"upload: {st} in {t1-t0:.2f} s, valid {json.loads(rep)['valid']}")
print(f"API reads during it: {len(reads)}, max {max(reads)*1000:.0f} ms, median {sorted(reads)[len(reads)//2]*1000:.0f} ms")
srv.terminate(); srv.wait()
# dial starts of campaign A
sql = "select dialed_at from attempts where campaign_id = %d and dialed_at is not null order by dialed_at" % a
if DBURL.startswith("sqlite"):
    rows = [r[0] for r in sqlite3.connect(DBURL[len("sqlite://"):]).execute(sql)]
    from datetime import datetime
    ts = [datetime.fromisoformat(r.replace("Z", "+00:00")).timestamp() for r in rows]
else:
    out = subprocess.run(["psql", DBURL, "-Atc", sql.replace("select dialed_at", "select extract(epoch from dialed_at)")], capture_output=True, text=True).stdout
    ts = [float(x) for x in out.split()]
def maxgap(lo, hi):
    xs = [t for t in ts if lo <= t <= hi]
    return max((y - x for x, y in zip(xs, xs[1:])), default=None), len(xs)
g, n = maxgap(t0, t1); gb, nb = maxgap(t0 - (t1 - t0), t0)
print(f"dial starts of the other campaign during the upload: {n} ({n/(t1-t0):.1f}/s), largest gap {g:.3f} s")
print(f"  the same length of time before it: {nb} ({nb/(t1-t0):.1f}/s), largest gap {gb:.3f} s")
