"""Tests of report.py: its statistics, tables and charts on results directories written here as run.sh writes them.

    python3 -m unittest discover -s benchmarks/load -p 'test_*.py'

The main rounds' requests per second are those of the load run of 2026-11-25 (run 1 in RESULTS.md, per round), so
the paired ratios must come out as the bash statistics printed them then; the other figures are made up to have
known medians.
"""

import io
import math
import os
import subprocess
import sys
import tempfile
import unittest
import xml.etree.ElementTree as ElementTree
from contextlib import redirect_stdout

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import report  # noqa: E402  (the module under test, beside this file)

# Run 1 of 2026-11-25, req/s per round (RESULTS.md).
RUN1_RPS = {
    "A": [48015, 54596, 55592, 76411, 64563],
    "B": [12860, 13498, 16654, 12385, 13812],
    "C": [12197, 13611, 18840, 15752, 13338],
    "D": [37564, 32736, 23514, 36830, 20227],
    "E": [19071, 30014, 31934, 37106, 25080],
}
NAMES = {"A": "direct to backend (floor)", "B": "plain YARP", "C": "BlueGreen 95/5", "D": "nginx 95/5 (1 worker)",
         "E": "HAProxy 95/5 (nbthread 1)"}
# p99 per round, µs: medians 13.49, 12.88, 14.38, 6.18 and 10.08 ms.
P99 = {"A": [13490, 9000, 20000, 13000, 14000], "B": [12880, 11000, 15000, 12000, 13000],
       "C": [14380, 13000, 16000, 14000, 15000], "D": [6180, 5000, 7000, 6000, 6500], "E": [10080, 9000, 11000, 10000, 10500]}


def run_row(label, rnd, rps, p99=10000, blue=0, green=0, cpu_ticks=0, bytes_=0, sock=0, non2xx=0, connections=64):
    """One measured run as run.sh's measure() writes it (10 s, requests = rps × 10)."""
    return "\t".join(str(v) for v in (label, rnd, rps * 10, 10_000_000, rps, 1000, 2000, p99, sock, non2xx, blue, green,
                                      cpu_ticks, bytes_, connections))


def write(directory, files):
    for name, text in files.items():
        with open(os.path.join(directory, name), "w", encoding="utf-8") as f:
            f.write(text if text.endswith("\n") or not text else text + "\n")


def meta(**extra):
    values = {"date": "2026-11-25 12:08 UTC", "machine": "2 cores, test", "threads": "2", "connections": "64",
              "rounds": "5", "duration": "10", "warmup": "1", "first_warmup": "5", "main": "1", "clk_tck": "100",
              "tools": "wrk", "backends": "2 × nginx", "runtime_env": "defaults", "total_seconds": "442"}
    values.update({k: str(v) for k, v in extra.items()})
    return "\n".join(f"{k}\t{v}" for k, v in values.items())


def main_run_files():
    rows = []
    for t, values in RUN1_RPS.items():
        for i, rps in enumerate(values):
            green = {"A": 0, "B": rps * 5}.get(t, rps // 2)   # 5 % of 10 s of requests, 50 % for B
            rows.append(run_row(t, i + 1, rps, P99[t][i], blue=rps * 10 - green, green=green,
                                cpu_ticks=rps * 10 * 76 // 10_000))   # about 76 µs per request at 100 ticks/s
    return {
        "meta.tsv": meta(),
        "targets.tsv": "\n".join(f"{t}\t{n}" for t, n in NAMES.items()),
        "results.tsv": "\n".join(rows),
        "rss.tsv": "A\t12288\nB\t108544\nC\t128000\nD\t13312\nE\t15360",
        "pool-sample.txt": "\n".join(["blue"] * 967 + ["green"] * 33),
        "switch-samples.tsv": "idle\t0.5\t0\t10\nidle\t0.7\t0\t12\nidle\tnone-in-50\t50\t11\nunder load\t8\t1\t40",
        "switch-codes.txt": "\n".join(["200"] * 300),
    }


class TempRun:
    """A results directory in a temporary folder, removed afterwards."""

    def __init__(self, files):
        self._temp = tempfile.TemporaryDirectory()
        self.dir = self._temp.name
        write(self.dir, files)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self._temp.cleanup()

    def report(self):
        built = report.Report(report.Run(self.dir))
        return built, built.build()


def table_row(text, start):
    return next(line for line in text.splitlines() if line.startswith(start))


class StatisticsTests(unittest.TestCase):
    def test_median_OddEvenEmptyAndNaN_AsAwkDid(self):
        self.assertEqual(report.median([3, 1, 2]), 2)
        self.assertEqual(report.median([4, 1, 3, 2]), 2.5)
        self.assertTrue(math.isnan(report.median([])))
        self.assertEqual(report.median([1, float("nan"), 3]), 2)

    def test_percentile_NearestRank(self):
        values = list(range(1, 101))
        self.assertEqual(report.percentile(values, 99), 99)
        self.assertEqual(report.percentile(values, 50), 50)
        self.assertEqual(report.percentile([7], 99), 7)
        self.assertTrue(math.isnan(report.percentile([], 50)))

    def test_pairedRatio_OnRun1_GivesThePublishedRatios(self):
        with TempRun(main_run_files()) as run:
            rows = report.Run(run.dir).results
        against_b = {t: f"{report.paired_ratio(rows, t, 'B'):.2f}" for t in RUN1_RPS}
        against_d = {t: f"{report.paired_ratio(rows, t, 'D'):.2f}" for t in RUN1_RPS}
        self.assertEqual(against_b, {"A": "4.04", "B": "1.00", "C": "1.01", "D": "2.43", "E": "1.92"})
        self.assertEqual(against_d, {"A": "2.07", "B": "0.41", "C": "0.43", "D": "1.00", "E": "1.01"})

    def test_pairedRatio_RoundMissingOrZero_IsLeftOut(self):
        rows = [{"label": "C", "round": 1, "rps": 10.0}, {"label": "B", "round": 1, "rps": 5.0},
                {"label": "C", "round": 2, "rps": 10.0}, {"label": "B", "round": 2, "rps": 0.0},
                {"label": "C", "round": 3, "rps": 10.0}]
        self.assertEqual(report.paired_ratio(rows, "C", "B"), 2.0)
        self.assertTrue(math.isnan(report.paired_ratio(rows, "C", "D")))

    def test_medianInterval_OrderStatisticsOfTheBinomialTables(self):
        # The ranks of the tables for 95 %: n = 6 -> 1 and 6, n = 10 -> 2 and 9, n = 21 -> 6 and 16; for 90 %, n = 21 -> 7 and 15.
        self.assertEqual(report.median_interval(range(1, 7)), (1, 6))
        self.assertEqual(report.median_interval(range(1, 11)), (2, 9))
        self.assertEqual(report.median_interval(range(21, 0, -1)), (6, 16))
        self.assertEqual(report.median_interval(range(1, 22), confidence=0.90), (7, 15))

    def test_medianInterval_TooFewValues_HasNone(self):
        for values in ([], [1.0], [1.0, 2.0, 3.0, 4.0, 5.0], [1.0, 2.0, 3.0, 4.0, 5.0, float("nan")]):
            low, high = report.median_interval(values)
            self.assertTrue(math.isnan(low) and math.isnan(high), values)

    def test_pairedRatios_InRoundOrder_OnlyRoundsBothRan(self):
        rows = [{"label": "C", "round": 2, "rps": 30.0}, {"label": "B", "round": 2, "rps": 10.0},
                {"label": "C", "round": 1, "rps": 10.0}, {"label": "B", "round": 1, "rps": 5.0},
                {"label": "C", "round": 3, "rps": 10.0}]
        self.assertEqual(report.paired_ratios(rows, "C", "B"), [2.0, 3.0])

    def test_cpuPerRequest_TicksOverRequests(self):
        rows = [{"label": "B", "requests": 1000.0, "cpu_ticks": 8.0}, {"label": "B", "requests": 2000.0, "cpu_ticks": 10.0},
                {"label": "B", "requests": 0.0, "cpu_ticks": 3.0}]
        # 8 ticks at 100/s = 80 ms over 1,000 requests = 80 µs; 50 µs; the run without requests is left out.
        self.assertEqual(report.cpu_per_request(rows, "B", 100), 65.0)

    def test_greenShare_NoneCounted_IsNaN(self):
        rows = [{"label": "C", "blue": 95.0, "green": 5.0}, {"label": "C", "blue": 190.0, "green": 10.0}]
        self.assertAlmostEqual(report.green_share(rows, "C"), 5.0)
        self.assertTrue(math.isnan(report.green_share(rows, "D")))

    def test_growth_FlatAfterTheFirstMinute_IsZero_AndALeakShows(self):
        flat = [{"seconds": s, "mb": 50 + (30 if s < 60 else 0)} for s in range(0, 601, 5)]
        first, last, change, warm, window = report.growth(flat, "mb", 600)
        self.assertEqual((first, last, change, warm, window), (50, 50, 0.0, 60, 60))
        leaking = [{"seconds": s, "mb": 100 + s / 10} for s in range(0, 601, 5)]
        _, _, change, _, _ = report.growth(leaking, "mb", 600)
        # Medians 100 + 87.5/10 over 60-115 s and 100 + 570/10 over 540-600 s.
        self.assertAlmostEqual(change, 100 * (157.0 / 108.75 - 1))

    def test_growth_ShortSoak_ShrinksTheWindows(self):
        samples = [{"seconds": s, "mb": 10.0} for s in range(0, 31, 2)]
        self.assertEqual(report.growth(samples, "mb", 30)[3:], (10.0, 10.0))

    def test_writeRate_WritesOverTheWindow_ZeroWithoutWrites(self):
        writes = [(2, 1, 2000, "200", 5.0)] * 30 + [(2, 2, 4000, "200", 5.0)] * 10
        self.assertEqual(report.write_rate(writes, 1, 10_000), 15.0)
        self.assertEqual(report.write_rate(writes, 2, 10_000), 2.5)
        self.assertEqual(report.write_rate(writes, 3, 10_000), 0.0)

    def test_niceTicks_CoverTheRangeInRoundSteps(self):
        self.assertEqual(report.nice_ticks(0, 97), [0, 20, 40, 60, 80, 100])
        self.assertEqual(report.nice_ticks(0, 0.9), [0, 0.2, 0.4, 0.6, 0.8, 1.0])
        self.assertEqual(report.nice_ticks(0, 0), [0, 0.2, 0.4, 0.6, 0.8, 1.0])


class MainReportTests(unittest.TestCase):
    def test_mainTable_Run1_HasTheExistingColumnsAndFigures(self):
        with TempRun(main_run_files()) as run:
            _, text = run.report()
        self.assertIn("| target | req/s | × plain YARP | × nginx | p50 ms | p90 ms | p99 ms | CPU µs/req | RSS after load | "
                      "green share (expected) | errors |", text)
        self.assertEqual(table_row(text, "| B plain YARP"),
                         "| B plain YARP | 13498 | 1.00 | 0.41 | 1.00 | 2.00 | 12.88 | 76.0 | 106 MB | 50.00 % (~50 %) | 0 |")
        self.assertEqual(table_row(text, "| C BlueGreen"),
                         "| C BlueGreen 95/5 | 13611 | 1.01 | 0.43 | 1.00 | 2.00 | 14.38 | 76.0 | 125 MB | 5.00 % (5 %) | 0 |")
        self.assertTrue(table_row(text, "| A direct").startswith("| A direct to backend (floor) | 55592 | 4.04 | 2.07 |"))
        self.assertIn("| A direct to backend (floor) | 55592 | 4.04 | 2.07 | 1.00 | 2.00 | 13.49 | (backend) 76.0 |", text)
        self.assertIn("    3     55592     16654     18840     23514     31934", text)
        self.assertIn("X-BlueGreen-Pool over 1,000 sequential requests to C at 95/5: blue=967, green=33", text)
        self.assertIn("- nothing odd:", text)
        self.assertIn("Total run time: 442 s", text)

    def test_ratioIntervals_FiveRounds_MedianAndRangeButNoInterval(self):
        with TempRun(main_run_files()) as run:
            _, text = run.report()
        self.assertIn("## How sure the ratios to plain YARP are", text)
        self.assertIn("| C BlueGreen 95/5 | 5 | 1.01 | — | 0.95-1.27 | 1.15 | — |", text)
        self.assertNotIn("| B plain YARP | 5 |", text)

    def test_ratioIntervals_TwentyOneRounds_IntervalFromTheSixthAndSixteenth(self):
        # C ÷ B = 1.00, 1.01, ..., 1.20 over 21 rounds, given in a shuffled round order.
        order = [7, 3, 19, 0, 12, 5, 20, 9, 1, 15, 11, 4, 17, 8, 13, 2, 18, 6, 14, 10, 16]
        rows = []
        for rnd, k in enumerate(order, start=1):
            rows.append(run_row("B", rnd, 10000, p99=10000))
            rows.append(run_row("C", rnd, 10000 + 100 * k, p99=9000))
        files = main_run_files()
        files["results.tsv"] = "\n".join(rows)
        files["meta.tsv"] = meta(rounds=21)
        files["targets.tsv"] = "B\tplain YARP\nC\tBlueGreen 95/5"
        with TempRun(files) as run:
            _, text = run.report()
        self.assertIn("| C BlueGreen 95/5 | 21 | 1.10 | 1.05-1.15 | 1.00-1.20 | 0.90 | 0.90-0.90 |", text)

    def test_profile_AssemblySharesTimesCpuPerRequest_SmallRowsLeftOut(self):
        files = main_run_files()
        files.update({"profile.B.us": "80.0", "profile.C.us": "82.0",
                      "profile.B.tsv": "kernel: network stack, syscalls\t35.0\nYarp.ReverseProxy\t7.0\ntiny\t0.1",
                      "profile.C.tsv": "kernel: network stack, syscalls\t32.0\nYarp.ReverseProxy\t7.0\nBlueGreen.Proxy\t0.6",
                      "profile.C.top": "     3.76%  [k] _raw_spin_unlock_irqrestore"})
        with TempRun(files) as run:
            _, text = run.report()
        rows = [line for line in text.splitlines() if line.startswith("| ") and " µs/req" not in line][-9:]
        self.assertIn("| kernel: network stack, syscalls | 28.00 | 26.24 | -1.76 |", rows)
        self.assertIn("| Yarp.ReverseProxy | 5.60 | 5.74 | +0.14 |", rows)
        self.assertIn("| BlueGreen.Proxy | 0.00 | 0.49 | +0.49 |", rows)
        self.assertIn("| **total** | **80.0** | **82.0** | **+2.0** |", rows)
        self.assertNotIn("| tiny |", text)
        self.assertIn("     3.76%  [k] _raw_spin_unlock_irqrestore", text)

    def test_switchCost_FailedSampleIsCountedApart(self):
        with TempRun(main_run_files()) as run:
            _, text = run.report()
        self.assertIn("| idle | 3 (1 without a new-pool answer) | 0.6 | 0.7 | 11 | 50 |", text)
        self.assertIn("| under load | 1 | 8 | 8 | 40 | 1 |", text)

    def test_checks_WrongSplitAndErrors_AreNamed(self):
        files = main_run_files()
        rows = files["results.tsv"].splitlines()
        rows.append(run_row("C", 6, 1000, blue=800, green=200, non2xx=3))
        files["results.tsv"] = "\n".join(rows)
        with TempRun(files) as run:
            _, text = run.report()
        self.assertIn("- C BlueGreen 95/5: 3 socket errors or non-2xx answers", text)
        self.assertNotIn("nothing odd", text)

    def test_checks_BlueGreenBelowPlainYarp_IsNamed(self):
        files = main_run_files()
        files["results.tsv"] = "\n".join(run_row(t, r, rps, blue=95, green=5)
                                         for t, rps in (("B", 1000), ("C", 900)) for r in (1, 2, 3))
        files["targets.tsv"] = "B\tplain YARP\nC\tBlueGreen 95/5"
        with TempRun(files) as run:
            _, text = run.report()
        self.assertIn("- BlueGreen ÷ plain YARP = 0.900, below 0.97", text)
        self.assertIn("| B plain YARP | 1000 | 1.00 | nan |", text)


FINGERPRINT = "3D:7F:F7:7A"


def tls_run_files():
    """B C D E and their TLS counterparts U T V X over 3 rounds: T at 0.9 × C's req/s, V 200 below D, U at B's, X at E's."""
    rps = {"B": [1000, 1100, 1200], "C": [1000, 1000, 1000], "D": [2000, 2200, 2400], "E": [1500, 1500, 1500],
           "T": [900, 900, 900], "U": [1000, 1100, 1200], "V": [1800, 2000, 2200], "X": [1500, 1500, 1500]}
    p99 = {"C": 4000, "T": 5000}
    rows = [run_row(t, r + 1, v, p99=p99.get(t, 3000), blue=v * 10 * 95 // 100, green=v * 10 * 5 // 100,
                    cpu_ticks=v * 10 * 50 // 10_000, non2xx=2 if t == "X" else 0)
            for t, values in rps.items() for r, v in enumerate(values)]
    names = dict(NAMES, T="BlueGreen 95/5, TLS", U="plain YARP, TLS", V="nginx 95/5 (1 worker), TLS", X="HAProxy 95/5 (nbthread 1), TLS")
    return {
        "meta.tsv": meta(rounds=3, tls=1, tls_certificate="one self-signed EC P-256 certificate for 127.0.0.1",
                         tls_fingerprint=FINGERPRINT),
        "targets.tsv": "\n".join(f"{t}\t{names[t]}" for t in rps),
        "results.tsv": "\n".join(rows),
        "tls-handshakes.tsv": f"T\tTLSv1.3\tTLS_AES_256_GCM_SHA384\t{FINGERPRINT}\nU\tTLSv1.3\tTLS_AES_256_GCM_SHA384\t{FINGERPRINT}\n"
                              f"V\tTLSv1.3\tTLS_AES_256_GCM_SHA384\t{FINGERPRINT}\nX\tTLSv1.3\tTLS_AES_256_GCM_SHA384\t{FINGERPRINT}",
    }


def mirror_run_files(m_p99, metrics=True):
    """N and M over 3 rounds: M at 0.95 × N's req/s; N's p99 10, 12 and 8 ms, M's the given ones (µs)."""
    n_rps, n_p99 = [10000, 12000, 8000], [10000, 12000, 8000]
    m_rps = [9500, 11400, 7600]
    rows = [run_row("N", r + 1, n_rps[r], p99=n_p99[r], blue=n_rps[r] * 10) for r in range(3)]
    rows += [run_row("M", r + 1, m_rps[r], p99=m_p99[r], blue=m_rps[r] * 10) for r in range(3)]
    files = {
        "meta.tsv": meta(rounds=3, mirror=1),
        "targets.tsv": "M\tBlueGreen 100/0, 10 % mirrored to a hanging green\nN\tBlueGreen 100/0, no mirroring (green hanging)",
        "results.tsv": "\n".join(rows),
    }
    if metrics:
        files["mirror-metrics.txt"] = "\n".join([
            'bluegreen_mirrored_requests_total{pool="blue"} 0',
            'bluegreen_mirrored_requests_total{pool="green"} 600',
            'bluegreen_mirrored_request_duration_seconds_sum{pool="green"} 6003',
            'bluegreen_mirrored_request_duration_seconds_count{pool="green"} 600',
            'bluegreen_mirrored_request_errors_total{pool="green",kind="timeout"} 598',
            'bluegreen_mirrored_request_errors_total{pool="green",kind="transport"} 2',
            'bluegreen_mirrored_requests_dropped_total{pool="green"} 29400',
            'bluegreen_mirrored_requests_skipped_total{pool="green",reason="body"} 0'])
    return files


class TlsAndMirrorTests(unittest.TestCase):
    def test_tlsTable_PairedRatiosToNginxTlsBlueGreenPlainAndItselfPlain(self):
        with TempRun(tls_run_files()) as run:
            _, text = run.report()
        self.assertIn("## TLS termination (same certificate)", text)
        self.assertIn("Every target serves the same certificate: one self-signed EC P-256 certificate for 127.0.0.1.\n", text)
        self.assertIn("| target | req/s | × nginx TLS | × BlueGreen plain | × itself plain | p50 ms | p99 ms | p99 × itself plain | "
                      "CPU µs/req | errors |", text)
        # T: 900 req/s; ÷ V per round 0.5, 0.45, 0.41 (median 0.45); ÷ C 0.9; ÷ C again as itself plain; p99 5 ÷ 4 ms.
        self.assertIn("| T BlueGreen 95/5, TLS | 900 | 0.45 | 0.90 | 0.90 | 1.00 | 5.00 | 1.25 | 50.0 | 0 |", text)
        self.assertIn("| U plain YARP, TLS | 1100 | 0.55 | 1.10 | 1.00 | 1.00 | 3.00 | 1.00 | 50.0 | 0 |", text)
        self.assertIn("| V nginx 95/5 (1 worker), TLS | 2000 | 1.00 | 2.00 | 0.91 |", text)
        self.assertIn("| X HAProxy 95/5 (nbthread 1), TLS | 1500 | 0.75 | 1.50 | 1.00 | 1.00 | 3.00 | 1.00 | 50.0 | 6 |", text)
        self.assertIn("| T BlueGreen 95/5, TLS | TLSv1.3 | TLS_AES_256_GCM_SHA384 | the run's |", text)
        self.assertNotIn("Not every target negotiated", text)
        # In the main table, U expects plain YARP's split and T BlueGreen's.
        self.assertIn("% (~50 %) | 0 |", table_row(text, "| U plain YARP, TLS | 1100 | 1.00 |"))
        self.assertIn("- X HAProxy 95/5 (nbthread 1), TLS: 6 socket errors or non-2xx answers", text)

    def test_tlsTable_OnlySomeMeasured_MissingRatiosAreNaN(self):
        files = tls_run_files()
        files["targets.tsv"] = "T\tBlueGreen 95/5, TLS\nX\tHAProxy 95/5 (nbthread 1), TLS"
        files["results.tsv"] = "\n".join(line for line in files["results.tsv"].splitlines() if line[0] in "TX")
        with TempRun(files) as run:
            _, text = run.report()
        self.assertIn("| T BlueGreen 95/5, TLS | 900 | nan | nan | nan | 1.00 | 5.00 | nan |", text)
        self.assertNotIn("| V nginx", text)

    def test_tlsHandshakes_OtherCertificateOrCipher_AreNamed(self):
        files = tls_run_files()
        files["tls-handshakes.tsv"] = (f"T\tTLSv1.3\tTLS_AES_256_GCM_SHA384\t{FINGERPRINT}\n"
                                       "V\tTLSv1.2\tECDHE-ECDSA-AES256-GCM-SHA384\tAA:BB\nX\t\t\t")
        with TempRun(files) as run:
            _, text = run.report()
        self.assertIn("| V nginx 95/5 (1 worker), TLS | TLSv1.2 | ECDHE-ECDSA-AES256-GCM-SHA384 | another: AA:BB |", text)
        self.assertIn("| X HAProxy 95/5 (nbthread 1), TLS | ? | ? | none (no handshake) |", text)
        self.assertIn("Not every target negotiated the same protocol and cipher", text)
        self.assertIn("- V nginx 95/5 (1 worker), TLS: did not serve the run's certificate", text)
        self.assertIn("- X HAProxy 95/5 (nbthread 1), TLS: did not serve the run's certificate", text)
        self.assertNotIn("- T BlueGreen 95/5, TLS: did not serve", text)

    def test_noTlsTargets_NoTlsSection(self):
        with TempRun(main_run_files()) as run:
            _, text = run.report()
        self.assertNotIn("## TLS termination", text)
        self.assertNotIn("## Mirroring", text)

    def test_mirrorTable_PerRoundPairsMedianAndAcceptanceMet(self):
        # M's p99 ÷ N's per round: 1.05, 1.00, 1.20: median 1.05, within 1.10 though one round is above it.
        with TempRun(mirror_run_files([10500, 12000, 9600])) as run:
            _, text = run.report()
        self.assertIn("| round | N req/s | M req/s | M ÷ N req/s | N p99 ms | M p99 ms | M ÷ N p99 |", text)
        self.assertIn("| 1 | 10000 | 9500 | 0.95 | 10.00 | 10.50 | 1.05 |", text)
        self.assertIn("| 3 | 8000 | 7600 | 0.95 | 8.00 | 9.60 | 1.20 |", text)
        self.assertIn("| median | 10000 | 9500 | 0.95 | 10.00 | 10.50 | 1.05 |", text)
        self.assertIn("- p99 M ÷ N = 1.050 (paired median over 3 rounds; acceptance: a mirror pool that hangs adds no client latency, "
                      "p99 within 1.10× of mirroring off): within 1.10: met", text)
        self.assertIn("- req/s M ÷ N = 0.950 (paired)", text)
        self.assertIn("- M's copies to green over the whole run (its /metrics, warm-ups included): 600 ended (errors: 598 timeout, "
                      "2 transport), 10.0 s each on average; 29,400 dropped at the cap (32 in flight, 32 queued); skipped: none", text)
        self.assertIn("| M BlueGreen 100/0, 10 % mirrored to a hanging green | 9500 |", text)
        self.assertIn("| 0.00 % (0 %) | 0 |", table_row(text, "| N BlueGreen 100/0"))
        self.assertIn("- nothing odd:", text)

    def test_mirrorTable_P99AboveTheLimit_NotMetAndInTheChecks(self):
        with TempRun(mirror_run_files([12000, 13000, 9000])) as run:
            _, text = run.report()
        # 1.20, 1.083, 1.125: median 1.125.
        self.assertIn("within 1.10× of mirroring off): above 1.10: not met", text)
        self.assertIn("- mirroring into a hanging pool: p99 M ÷ N = 1.125, above 1.10", text)
        self.assertNotIn("nothing odd", text)

    def test_mirrorTable_NoCopies_SaysTheRunDidNotTestIt(self):
        files = mirror_run_files([10000, 12000, 8000], metrics=False)
        files["mirror-metrics.txt"] = 'bluegreen_mirrored_requests_total{pool="blue"} 0'
        with TempRun(files) as run:
            _, text = run.report()
        self.assertIn("0 ended (errors: none); 0 dropped", text)
        self.assertIn("- M copied nothing to green: the run did not test a hanging mirror", text)

    def test_prometheusSamples_LabelsValuesAndComments(self):
        samples = report.prometheus_samples(["# HELP x y", 'a_total{pool="green",kind="timeout"} 12', "b 1.5E+03", ""])
        self.assertEqual(samples, [("a_total", {"pool": "green", "kind": "timeout"}, 12.0), ("b", {}, 1500.0)])
        summary = report.mirror_summary(samples)
        self.assertEqual((summary["ended"], summary["dropped"], summary["errors"], summary["skipped"]), (0.0, 0.0, {}, {}))
        self.assertTrue(math.isnan(summary["mean_seconds"]))


class CurveAndSoakTests(unittest.TestCase):
    def curve_files(self):
        connections = []
        for c, scale in ((16, 1.0), (64, 2.0), (256, 2.5), (1024, 2.0)):
            for r in (1, 2, 3):
                for t, base in (("A", 40000), ("B", 10000), ("C", 11000), ("D", 25000), ("E", 22000)):
                    connections.append(f"{c}\t" + run_row(t, r, int(base * scale), p99=c * 100, connections=c))
        sizes = []
        for size in (1024, 1 << 20):
            for t in ("A", "C"):
                # 10 s moving 5e8 bytes = 50 MB/s.
                sizes.append(f"{size}\t" + run_row(t, 1, 100, bytes_=500_000_000))
        destinations = []
        for n, ticks in ((1, 760), (16, 770), (256, 790)):
            for t in ("B", "C"):
                destinations.append(f"{n}\t" + run_row(t, 1, 10000, cpu_ticks=ticks, blue=95000, green=5000))
        return {
            "meta.tsv": meta(main=0, curves="connections size destinations admin", soak_seconds=600, soak_sample_seconds=5,
                             history_events=1000),
            "targets.tsv": "",
            "results.tsv": "",
            "curve-connections.tsv": "\n".join(connections),
            "curve-size.tsv": "\n".join(sizes),
            "curve-destinations.tsv": "\n".join(destinations),
            "admin-latency.tsv": "1\tidle\t200\t4.0\n1\tidle\t200\t6.0\n1000\tidle\t200\t30.0\n1000\tidle\t503\t50.0",
            "admin-writes.tsv": "\n".join(["1\t1\t10000\t200\t20.0"] * 100 + ["1\t2\t10000\t200\t30.0"] * 120),
            "curve-admin.tsv": "\n".join(f"{w}\t" + run_row("W", r, rps) for w, rps in ((0, 10000), (1, 9000)) for r in (1, 2)),
            "soak-samples.tsv": "seconds\trss_kb\tmanaged_bytes\tworking_set_bytes\tgen0_collections\tgen1_collections\tgen2_collections\n" +
                                "\n".join(f"{s}\t{102400 if s >= 60 else 51200}\t20000000\t0\t1\t1\t{s // 100}" for s in range(0, 601, 5)),
            "soak-wrk.txt": "RESULT 12000000 600000000 2000 3000 9000 0 0 100",
            "soak-admin.txt": "\n".join(["weights 200"] * 600 + ["drain 200"] * 30 + ["enable 200"] * 30),
        }

    def test_curves_TablesMediansAndPairedRatios(self):
        with TempRun(self.curve_files()) as run:
            built, text = run.report()
        self.assertIn("- load: wrk -t2 -c64; the main targets were not measured (MAIN=0)", text)
        self.assertNotIn("## Throughput and latency", text)
        self.assertIn("| target | 16 | 64 | 256 | 1,024 |", text)
        self.assertIn("| C C | 11000 | 22000 | 27500 | 22000 |", text)
        self.assertIn("BlueGreen ÷ plain YARP (req/s, paired per round): 16: 1.10, 64: 1.10, 256: 1.10, 1,024: 1.10", text)
        self.assertIn("| target | 1 KB | 1 MB |", text)
        self.assertIn("| A A | 50.0 | 50.0 |", text)
        # 760 ticks at 100/s over 100,000 requests = 76 µs per request.
        self.assertIn("| C C | 76.0 | 77.0 | 79.0 |", text)
        self.assertIn("| 1,000 | idle | 2 | 40.00 | 50.00 | 50.00 | 1 |", text)
        self.assertIn("| 1 | 11.0 | 30.00 | 30.00 | 0 | 9000 | 0.90 |", text)
        self.assertIn("Socket errors and non-2xx answers over the curve: 0", text)
        self.assertEqual(sorted(built.charts), ["admin-write-latency.svg", "admin-writes.svg", "connections-p99.svg",
                                                "connections-rps.svg", "destinations-cpu.svg", "destinations-rps.svg",
                                                "size-throughput.svg", "soak-memory.svg"])

    def test_soak_FailedRequestsAndGrowthAfterTheFirstMinute(self):
        with TempRun(self.curve_files()) as run:
            _, text = run.report()
        self.assertIn("- failed requests: **0** (0 socket errors, 0 non-2xx answers)", text)
        self.assertIn("- admin calls: 30 × drain 200, 30 × enable 200, 600 × weights 200", text)
        # RSS doubled in the first minute (warm-up, not counted) and stayed flat after it.
        self.assertIn("- RSS: 100.0 MB (median, 60-120 s), 100.0 MB (median, last 60 s): growth +0.0 % (target < 5 %)", text)
        self.assertIn("- gen2 collections during the soak: 6", text)

    def test_charts_AreSvgWithAxesLegendAndLogTicks(self):
        with TempRun(self.curve_files()) as run:
            built, _ = run.report()
        svg = built.charts["connections-rps.svg"]
        root = ElementTree.fromstring(svg)
        texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]
        self.assertIn("wrk connections (log scale)", texts)
        self.assertIn("requests per second", texts)
        self.assertIn("C C", texts)
        self.assertTrue({"16", "64", "256", "1,024"} <= set(texts))
        polylines = list(root.iter("{http://www.w3.org/2000/svg}polyline"))
        self.assertEqual(len(polylines), 5)
        # Log scale: 16 -> 64 -> 256 -> 1024 are equally far apart.
        xs = [float(p.split(",")[0]) for p in polylines[0].get("points").split()]
        self.assertAlmostEqual(xs[1] - xs[0], xs[2] - xs[1], places=1)
        self.assertAlmostEqual(xs[3] - xs[2], xs[2] - xs[1], places=1)
        size = ElementTree.fromstring(built.charts["size-throughput.svg"])
        self.assertIn("1 MB", [t.text for t in size.iter("{http://www.w3.org/2000/svg}text")])

    def test_chart_NaNBreaksTheLine(self):
        svg = report.line_chart("t", "x", "y", [("s", None, [(1, 1.0), (2, float("nan")), (3, 3.0), (4, 4.0)])])
        root = ElementTree.fromstring(svg)
        self.assertEqual([len(p.get("points").split()) for p in root.iter("{http://www.w3.org/2000/svg}polyline")], [2])
        self.assertEqual(len(list(root.iter("{http://www.w3.org/2000/svg}circle"))), 3)


class CommandLineTests(unittest.TestCase):
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "report.py")

    def test_main_WritesTheReportAndTheChartsWhereAsked(self):
        with TempRun(CurveAndSoakTests().curve_files()) as run, tempfile.TemporaryDirectory() as charts:
            out = io.StringIO()
            with redirect_stdout(out):
                code = report.main([run.dir, "--charts", charts])
            self.assertEqual(code, 0)
            self.assertIn("## Soak: 600 s under load", out.getvalue())
            self.assertIn("soak-memory.svg", os.listdir(charts))

    def test_script_NotAResultsDirectory_Exits2WithOneLine(self):
        with tempfile.TemporaryDirectory() as empty:
            done = subprocess.run([sys.executable, self.script, empty], capture_output=True, text=True, check=False)
        self.assertEqual(done.returncode, 2)
        self.assertEqual(len(done.stderr.strip().splitlines()), 1)
        self.assertIn("no meta.tsv", done.stderr)


if __name__ == "__main__":
    unittest.main()
