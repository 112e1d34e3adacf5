"""Kernel behaviour a conformance suite does not cover: signatures, interrupt, errors, panics,
timing. Runs the installed `indikator` kernel spec through jupyter_client."""

import os
import statistics
import tempfile
import time
import unittest
from queue import Empty

from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session


def run(kc, code, timeout=30):
    """Execute `code`; return (reply content, iopub messages of this request)."""
    msg_id = kc.execute(code)
    reply = kc.get_shell_msg(timeout=timeout)
    assert reply["parent_header"]["msg_id"] == msg_id
    outputs = []
    while True:
        m = kc.get_iopub_msg(timeout=timeout)
        if m["parent_header"].get("msg_id") != msg_id:
            continue
        if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
        outputs.append(m)
    return reply["content"], outputs


def interrupt_and_wait(km, kc, msg_id, timeout=10):
    """Interrupt the running cell `msg_id`; return (reply content, seconds to the reply)."""
    t0 = time.perf_counter()
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=timeout)
    took = time.perf_counter() - t0
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error", reply["content"]
    assert reply["content"]["ename"] == "Interrupted", reply["content"]
    return reply["content"], took


def result_text(outputs):
    for m in outputs:
        if m["msg_type"] == "execute_result":
            return m["content"]["data"]["text/plain"]
    return None


def start_logged_kernel(cls, **kwargs):
    """Start the kernel for a test class with its stderr in `cls.log`; `kwargs` go to start_kernel."""
    cls.log = tempfile.NamedTemporaryFile("w+", suffix=".log", delete=False)
    cls.km = KernelManager(kernel_name="indikator")
    cls.km.start_kernel(stderr=cls.log, **kwargs)
    cls.kc = cls.km.client()
    cls.kc.start_channels()
    cls.kc.wait_for_ready(timeout=60)


def stop_logged_kernel(cls):
    cls.kc.stop_channels()
    cls.km.shutdown_kernel(now=False)
    cls.log.close()
    if not os.environ.get("KEEP_KERNEL_LOG"):
        os.unlink(cls.log.name)
    else:
        print("kernel log:", cls.log.name)


class KernelTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        t0 = time.perf_counter()
        start_logged_kernel(cls)
        _, out = run(cls.kc, "1 + 1")
        cls.cold_start = time.perf_counter() - t0
        assert result_text(out) == "2"

    @classmethod
    def tearDownClass(cls):
        stop_logged_kernel(cls)

    def test_bad_signature_is_dropped_and_logged(self):
        bad = BlockingKernelClient()
        bad.load_connection_info(self.km.get_connection_info())
        bad.session = Session(key=b"not-the-key")
        bad.start_channels()
        try:
            bad.execute("let stolen = 1;")
            with self.assertRaises(Empty):
                bad.get_shell_msg(timeout=2)
        finally:
            bad.stop_channels()
        # The kernel keeps working and never ran the forged cell.
        content, out = run(self.kc, 'help("stolen")')
        self.assertEqual(content["status"], "error")
        content, out = run(self.kc, "stolen")
        self.assertEqual(content["status"], "error")
        self.assertIn("stolen", content["evalue"])
        self.log.flush()
        with open(self.log.name) as f:
            self.assertIn("dropped a message on shell: signature does not verify", f.read())

    def test_interrupt_stops_a_loop_and_keeps_variables(self):
        run(self.kc, "let kept = 41;")
        msg_id = self.kc.execute("let i = 0; loop { i += 1; }")
        time.sleep(1.0)
        _, took = interrupt_and_wait(self.km, self.kc, msg_id)
        self.assertLess(took, 1.0)
        print(f"\ninterrupt: loop stopped {took * 1000:.1f} ms after interrupt_request")
        content, out = run(self.kc, "kept + 1")
        self.assertEqual(result_text(out), "42")

    def test_error_keeps_the_kernel_and_variables(self):
        run(self.kc, "let a = 5;")
        content, out = run(self.kc, "let b = 1;\na.no_such_method()")
        self.assertEqual(content["status"], "error")
        errors = [m for m in out if m["msg_type"] == "error"]
        self.assertEqual(len(errors), 1)
        self.assertIn("line 2", "\n".join(errors[0]["content"]["traceback"]))
        content, out = run(self.kc, "a * 2")
        self.assertEqual(result_text(out), "10")

    def test_library_error_names_the_problem(self):
        content, _ = run(self.kc, 'jabar_panel().region("Kota Sukabumy")')
        self.assertEqual(content["status"], "error")
        self.assertIn("Kota Sukabumi", content["evalue"])
        content, _ = run(self.kc, 'fit(jabar_panel(), "poverty_rate ~ unemployment_rat")')
        self.assertEqual(content["status"], "error")
        self.assertIn("unemployment_rate", content["evalue"])

    def test_panic_in_a_cell_does_not_kill_the_kernel(self):
        run(self.kc, "let survivor = 7;")
        content, _ = run(self.kc, "%panic")
        self.assertEqual(content["status"], "error")
        self.assertEqual(content["ename"], "InternalError")
        content, out = run(self.kc, "survivor")
        self.assertEqual(result_text(out), "7")

    def test_real_values_through_the_kernel(self):
        # The FE slope of P0 on TPT (27 kab/kota, 2015–2025): pyfixest 0.60,
        # tests/fixtures/jabar_fe_region_cr1.json, 0.1853303327428026.
        content, out = run(
            self.kc,
            'fit(jabar_panel(), "poverty_rate ~ unemployment_rate | region_code", #{from: 2015, to: 2025}).coef("unemployment_rate")',
        )
        self.assertEqual(content["status"], "ok")
        self.assertLess(abs(float(result_text(out)) / 0.1853303327428026 - 1), 1e-6)

    def test_file_access_outside_the_data_folders_is_refused(self):
        content, _ = run(self.kc, 'load("/etc/passwd")')
        self.assertEqual(content["status"], "error")
        self.assertIn("outside the folders", content["evalue"])

    def test_long_work_shows_progress_updated_in_place(self):
        # A bootstrap that runs for more than a quarter second shows one progress display (a
        # display_id), then updates it in place, ending at 100%.
        run(self.kc, 'let m = fit(jabar_panel(), "poverty_rate ~ unemployment_rate | region_code", '
                     '#{vcov: "cluster:region_code"});')
        content, out = run(self.kc, 'wild_bootstrap(m, "unemployment_rate", #{reps: 999})', timeout=300)
        self.assertEqual(content["status"], "ok", content)
        shown = [m for m in out if m["msg_type"] == "display_data"
                 and m["content"].get("transient", {}).get("display_id")]
        updates = [m for m in out if m["msg_type"] == "update_display_data"]
        self.assertEqual(len(shown), 1, [m["msg_type"] for m in out])
        ids = {m["content"]["transient"]["display_id"] for m in shown + updates}
        self.assertEqual(len(ids), 1)
        self.assertGreaterEqual(len(updates), 1)
        last = updates[-1]["content"]["data"]["text/plain"]
        self.assertIn("bootstrap liar / wild bootstrap", last)
        self.assertIn("(100%)", last)
        self.assertIn("<progress", updates[-1]["content"]["data"]["text/html"])
        # A quick cell shows none.
        _, out = run(self.kc, "1 + 1")
        self.assertFalse([m for m in out if m["msg_type"] in ("display_data", "update_display_data")])

    def test_timing(self):
        times = []
        for _ in range(30):
            t0 = time.perf_counter()
            run(self.kc, "1 + 1")
            times.append(time.perf_counter() - t0)
        fit_times = []
        for _ in range(5):
            t0 = time.perf_counter()
            run(self.kc, 'fit(jabar_panel(), "poverty_rate ~ unemployment_rate | region_code + year", #{vcov: "cluster:region_code"})')
            fit_times.append(time.perf_counter() - t0)
        print(
            f"\ncold start to first result: {self.cold_start * 1000:.0f} ms; "
            f"round trip of `1 + 1`: median {statistics.median(times) * 1000:.2f} ms "
            f"(min {min(times) * 1000:.2f}, max {max(times) * 1000:.2f}, n=30); "
            f"TWFE fit + regression table cell: median {statistics.median(fit_times) * 1000:.1f} ms"
        )
        self.assertLess(statistics.median(times), 0.5)


if __name__ == "__main__":
    unittest.main()
