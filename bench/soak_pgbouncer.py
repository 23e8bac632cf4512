"""bench/soak --pgbouncer — the soak run with every app server, db_worker and check going
through PgBouncer in transaction pooling mode.

Starts Debian's pgbouncer (installing it with apt-get if it is missing) on the loopback,
in front of the PostgreSQL that bench/soak uses, with fewer server connections than the
processes that share them, so consecutive transactions of one process really run on
different server connections. Fireside runs with DATABASE_PGBOUNCER=true (no server-side
prepared statements, no server-side cursors). The dataset is built, and the queue sampled,
straight on PostgreSQL; everything the soak checks is read through PgBouncer. The run
fails if PgBouncer logged an error or a client it had to drop. Options: those of
bench/soak, plus --pgbouncer-port and --pool-size. See bench/README.md.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scale
import soak

ROOT = Path(os.environ.get("SOAK_ROOT", "/tmp/fireside-soak")) / "pgbouncer"  # noqa: S108
# What PgBouncer logs when something went wrong for a client or a server connection.
TROUBLE = ("ERROR", "FATAL", "closing because: client unexpected eof", "server conn crashed")

INI = """[databases]
* = host={host} port={port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen}
unix_socket_dir =
auth_type = trust
auth_file = {root}/userlist.txt
admin_users = {user}
pool_mode = transaction
default_pool_size = {pool}
max_client_conn = 1000
; psycopg and libpq may send these at connection; PgBouncer need not pass them on.
ignore_startup_parameters = extra_float_digits,options
server_reset_query =
logfile = {root}/pgbouncer.log
pidfile = {root}/pgbouncer.pid
"""


def binary() -> str:
    found = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
    if not Path(found).exists():
        scale.log("installing pgbouncer (Debian's package)")
        scale.run(["apt-get", "install", "-y", "-q", "pgbouncer"], capture_output=True)
    return found


@contextlib.contextmanager
def pgbouncer(direct: str, listen: int, pool: int) -> Iterator[Path]:
    """PgBouncer on 127.0.0.1:`listen` in front of `direct`'s server, until the block ends."""
    u = urlsplit(direct)
    shutil.rmtree(ROOT, ignore_errors=True)
    ROOT.mkdir(parents=True)
    user = u.username or "postgres"
    (ROOT / "userlist.txt").write_text(f'"{user}" ""\n')
    ini = ROOT / "pgbouncer.ini"
    ini.write_text(
        INI.format(
            host=u.hostname or "127.0.0.1",
            port=u.port or 5432,
            listen=listen,
            root=ROOT,
            user=user,
            pool=pool,
        )
    )
    cmd = [binary(), str(ini)]
    if os.geteuid() == 0:  # PgBouncer will not run as root: as the postgres account
        shutil.chown(ROOT, "postgres")
        for f in ROOT.iterdir():
            shutil.chown(f, "postgres")
        cmd[1:1] = ["-u", "postgres"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)  # noqa: S603
    deadline = time.monotonic() + 10
    while not listening(listen):
        if proc.poll() is not None or time.monotonic() > deadline:
            log = (ROOT / "pgbouncer.log").read_text() if (ROOT / "pgbouncer.log").exists() else ""
            raise SystemExit(f"pgbouncer did not start: {log[-2000:]}")
        time.sleep(0.1)
    scale.log(
        f"pgbouncer {version(cmd[0])} on 127.0.0.1:{listen}, transaction pooling, {pool} a pool"
    )
    try:
        yield ROOT / "pgbouncer.log"
    finally:
        proc.send_signal(signal.SIGINT)  # shut down once clients are gone (they are)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def listening(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


def version(path: str) -> str:
    out = scale.run([path, "--version"], capture_output=True, check=False).stdout
    return out.split()[1] if len(out.split()) > 1 else "?"


def through(url: str, listen: int) -> str:
    u = urlsplit(url)
    auth = f"{u.username}@" if u.username else ""
    return urlunsplit((u.scheme, f"{auth}127.0.0.1:{listen}", u.path, u.query, u.fragment))


def main() -> None:
    parser = argparse.ArgumentParser(add_help=False)
    parser.add_argument("--pgbouncer-port", type=int, default=6432)
    parser.add_argument("--pool-size", type=int, default=4, help="server connections a pool")
    ours, rest = parser.parse_known_args()
    if "--help" in rest or "-h" in rest:
        print(__doc__)
    listen, pool = ours.pgbouncer_port, ours.pool_size
    direct_env = soak.environment
    plain_sampler = soak.Sampler
    plain_soak = soak.soak
    state: dict[str, Any] = {}

    def environment(args: argparse.Namespace) -> dict[str, str]:
        env = direct_env(args)
        state["direct"] = env["DATABASE_URL"]
        env.update(DATABASE_URL=through(env["DATABASE_URL"], listen), DATABASE_PGBOUNCER="true")
        # A worker's first request imports every URL module: on a box shared with other
        # work that once took over gunicorn's default 30 s (the first attempt, load 14).
        env.setdefault("GUNICORN_CMD_ARGS", "--timeout 120")
        return env

    class Sampler(plain_sampler):  # type: ignore[misc,valid-type]
        """Reads the queue straight from PostgreSQL: an observer, not part of the run."""

        def __init__(self, database_url: str, *rest: Any) -> None:
            super().__init__(state["direct"], *rest)

    def soak_through(args: argparse.Namespace) -> dict[str, Any]:
        direct = scale.environment(args, "postgresql", args.factor)["DATABASE_URL"]
        with pgbouncer(direct, listen, pool) as log:
            result = plain_soak(args)
        lines = log.read_text().splitlines()
        trouble = [ln for ln in lines if any(t in ln for t in TROUBLE)]
        result["command"] = " ".join(["bench/soak --pgbouncer", *sys.argv[1:]])
        result["pgbouncer"] = {"port": listen, "pool_size": pool, "log_lines": len(lines)}
        result["checks"]["pgbouncer"] = {
            "ok": not trouble,
            "pool_mode": "transaction",
            "pool_size": pool,
            "trouble_logged": trouble[:20],
        }
        return result

    class Fleet(soak.Fleet):  # type: ignore[misc,valid-type]
        """Warms every worker (its first request imports the URL modules) before the load,
        so the run measures serving, not start-up on a busy box."""

        def start(self) -> None:
            super().start()
            warm = [
                threading.Thread(
                    target=scale.status_of, args=(f"http://127.0.0.1:{p}/accounts/login/", {})
                )
                for p in self.args.ports
                for _ in range(self.args.workers * 2)
            ]
            for t in warm:
                t.start()
            for t in warm:
                t.join()

    soak.Fleet = Fleet
    soak.environment = environment
    soak.Sampler = Sampler
    soak.soak = soak_through
    sys.argv = [sys.argv[0], *rest]
    soak.main()


if __name__ == "__main__":
    main()
