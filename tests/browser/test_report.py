"""The report in a real browser (Debian's Chromium, headless, through chromedriver).

Renders report.html at 1280 px and 390 px (a phone) width, takes full-page screenshots, prints it
to PDF (A4, the report's print CSS), and fails on: a broken image, a page wider than the window
(horizontal overflow), a chart whose area is blank (an inline SVG without drawn shapes or with no
size), or a PDF that is empty. Screenshots and PDFs are written to $BROWSER_OUT (default
target/browser/) for a developer to look at.

Usage: python test_report.py REPORT_DIR [REPORT_DIR …]
"""
import base64
import os
import sys
import unittest

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

OUT = os.environ.get("BROWSER_OUT", os.path.join(os.path.dirname(__file__), "../../target/browser"))
REPORTS = []

CHECKS = r"""
const out = {broken: [], blank: [], charts: 0, overflow: 0, width: window.innerWidth};
for (const img of document.images) {
  if (!img.complete || img.naturalWidth === 0) out.broken.push(img.src.slice(0, 80));
}
for (const div of document.querySelectorAll('div[id] > svg')) {
  out.charts += 1;
  const r = div.getBoundingClientRect();
  const shapes = div.querySelectorAll('path, polygon, polyline, rect, circle, line').length;
  const texts = div.querySelectorAll('text').length;
  if (r.width < 50 || r.height < 50 || shapes < 5 || texts < 2)
    out.blank.push(div.parentElement.id + ' ' + Math.round(r.width) + 'x' + Math.round(r.height) + ' shapes=' + shapes);
}
out.overflow = document.documentElement.scrollWidth - window.innerWidth;
return out;
"""


def driver(width):
    opts = webdriver.ChromeOptions()
    opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--hide-scrollbars", "--force-device-scale-factor=1", f"--window-size={width},900"):
        opts.add_argument(a)
    service = Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver"))
    d = webdriver.Chrome(options=opts, service=service)
    d.set_window_size(width, 900)
    return d


def full_page_png(d):
    """A screenshot of the whole page (Chrome DevTools), not only the viewport."""
    m = d.execute_cdp_cmd("Page.getLayoutMetrics", {})
    size = m["cssContentSize"]
    shot = d.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1},
    })
    return base64.b64decode(shot["data"])


class ReportInBrowser(unittest.TestCase):
    def check(self, report_dir, width):
        name = os.path.basename(os.path.normpath(report_dir))
        page = "file://" + os.path.abspath(os.path.join(report_dir, "report.html"))
        d = driver(width)
        try:
            d.get(page)
            # The window's inner width is the layout width the page must fit in.
            r = d.execute_script(CHECKS)
            self.assertEqual(r["broken"], [], f"{name} @{width}: broken images")
            self.assertGreaterEqual(r["charts"], 8, f"{name} @{width}: charts missing")
            self.assertEqual(r["blank"], [], f"{name} @{width}: blank charts")
            self.assertLessEqual(r["overflow"], 0,
                                 f"{name} @{width}: page {r['overflow']} px wider than the window")
            os.makedirs(OUT, exist_ok=True)
            png = full_page_png(d)
            self.assertGreater(len(png), 20_000, "screenshot is nearly empty")
            with open(os.path.join(OUT, f"{name}_{width}.png"), "wb") as f:
                f.write(png)
            if width == 1280:
                pdf = d.execute_cdp_cmd("Page.printToPDF", {
                    "preferCSSPageSize": True, "printBackground": True})
                data = base64.b64decode(pdf["data"])
                self.assertTrue(data.startswith(b"%PDF"))
                pages = data.count(b"/Type /Page") - data.count(b"/Type /Pages")
                self.assertGreaterEqual(pages, 3, f"{name}: {pages} PDF pages")
                with open(os.path.join(OUT, f"{name}.pdf"), "wb") as f:
                    f.write(data)
        finally:
            d.quit()

    def test_reports_at_desktop_and_phone_width(self):
        self.assertTrue(REPORTS, "no report folders given")
        for rep in REPORTS:
            for width in (1280, 390):
                with self.subTest(report=rep, width=width):
                    self.check(rep, width)


if __name__ == "__main__":
    REPORTS.extend(sys.argv[1:])
    unittest.main(argv=[sys.argv[0], "-v"])
