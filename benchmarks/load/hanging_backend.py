#!/usr/bin/env python3
"""A backend that never answers: the hanging mirror pool of the load run's target M (benchmarks/load/run.sh).

    hanging_backend.py PORT [WATCHED_PID]

Listens on 127.0.0.1:PORT, accepts every connection, reads and discards what it is sent and never writes a byte, so
a request sent to it waits until its sender gives up. A connection is closed when its client closes it; at most
MAX_OPEN are held (beyond that, a new one is closed at once). It ends on SIGTERM or SIGINT, and by itself within a
second of WATCHED_PID ending (run.sh gives its own; default: the process that started it), so it never outlives
the run. Python 3 standard library only.
"""

import os
import selectors
import signal
import socket
import sys

MAX_OPEN = 4096


def alive(pid):
    """Whether pid runs (a zombie, ended but not yet reaped, does not)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rpartition(")")[2].split()[0] != "Z"
    except OSError:
        return False


def main(argv):
    if len(argv) not in (2, 3) or not all(a.isdigit() for a in argv[1:]):
        print("usage: hanging_backend.py PORT [WATCHED_PID]", file=sys.stderr)
        return 2
    watched = int(argv[2]) if len(argv) == 3 else os.getppid()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(argv[1])))
    listener.listen(1024)
    listener.setblocking(False)
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    open_count = 0
    try:
        while alive(watched):
            for key, _ in selector.select(timeout=1):
                if key.fileobj is listener:
                    try:
                        conn, _ = listener.accept()
                    except BlockingIOError:
                        continue
                    if open_count >= MAX_OPEN:
                        conn.close()
                        continue
                    conn.setblocking(False)
                    selector.register(conn, selectors.EVENT_READ)
                    open_count += 1
                    continue
                try:
                    data = key.fileobj.recv(65536)
                except (BlockingIOError, InterruptedError):
                    continue
                except OSError:
                    data = b""
                if not data:   # the client gave up: let it go
                    selector.unregister(key.fileobj)
                    key.fileobj.close()
                    open_count -= 1
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
