"""Tests of hanging_backend.py, target M's mirror pool: it never answers, and it never outlives the run.

    python3 -m unittest discover -s benchmarks/load -p 'test_*.py'
"""

import os
import signal
import socket
import subprocess
import sys
import time
import unittest

SCRIPT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "hanging_backend.py")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def connect(port, seconds=5.0):
    """A connection to the backend, retried while it starts."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return socket.create_connection(("127.0.0.1", port), timeout=1)
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


class HangingBackendTests(unittest.TestCase):
    def start(self):
        port = free_port()
        process = subprocess.Popen([sys.executable, SCRIPT, str(port)], stderr=subprocess.PIPE)
        self.addCleanup(process.stderr.close)
        self.addCleanup(lambda: process.poll() is None and (process.kill(), process.wait()))
        return process, port

    def test_request_IsReadAndNeverAnswered_WhileOthersConnect_AndSigtermEndsIt(self):
        process, port = self.start()
        first = connect(port)
        first.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-BlueGreen-Mirror: 1\r\n\r\n")
        second = connect(port)
        second.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
        for conn in (first, second):
            conn.settimeout(0.5)
            with self.assertRaises(socket.timeout):
                conn.recv(1)
            conn.close()
        process.send_signal(signal.SIGTERM)
        self.assertEqual(process.wait(timeout=5), 0)

    def test_watchedProcessGone_ItEndsByItself(self):
        # The watched process stands in for run.sh: when it is gone (killed, say), the backend ends within a second.
        watched = subprocess.Popen(["sleep", "60"])
        self.addCleanup(lambda: watched.poll() is None and (watched.kill(), watched.wait()))
        port = free_port()
        process = subprocess.Popen([sys.executable, SCRIPT, str(port), str(watched.pid)])
        self.addCleanup(lambda: process.poll() is None and (process.kill(), process.wait()))
        connect(port).close()
        self.assertIsNone(process.poll())
        watched.kill()
        watched.wait()
        self.assertEqual(process.wait(timeout=5), 0)

    def test_usage_NoPort_Exits2WithOneLine(self):
        done = subprocess.run([sys.executable, SCRIPT], capture_output=True, text=True, check=False)
        self.assertEqual(done.returncode, 2)
        self.assertEqual(done.stderr.strip(), "usage: hanging_backend.py PORT [WATCHED_PID]")


if __name__ == "__main__":
    unittest.main()
