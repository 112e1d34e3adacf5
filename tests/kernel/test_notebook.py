"""Execute the example notebook headless with nbclient and check its outputs."""

import os
import unittest

import nbformat
from nbclient import NotebookClient

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
NB = os.path.join(ROOT, "examples", "notebooks", "kota_sukabumi.ipynb")


class NotebookTests(unittest.TestCase):
    def test_sukabumi_notebook(self):
        nb = nbformat.read(NB, as_version=4)
        client = NotebookClient(
            nb,
            timeout=120,
            kernel_name="indikator",
            resources={"metadata": {"path": os.path.dirname(NB)}},
        )
        client.execute()
        outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
        self.assertFalse([o for o in outputs if o.output_type == "error"])
        data = [o.get("data", {}) for o in outputs]
        tables = [d["text/html"] for d in data if '<table border="1" class="dataframe">' in d.get("text/html", "")]
        self.assertGreaterEqual(len(tables), 3)
        # One image format per chart: SVG (scales to the output width), never both.
        svgs = [d["image/svg+xml"] for d in data if "image/svg+xml" in d]
        self.assertGreaterEqual(len(svgs), 3)
        self.assertFalse([d for d in data if "image/svg+xml" in d and "image/png" in d])
        for s in svgs:
            self.assertIn("<svg", s)
            self.assertIn('width="100%"', s)
        # The regression table of the three models, with the TPT row.
        reg = [d for d in data if "text/markdown" in d and "FEM + tahun/year" in d["text/markdown"]]
        self.assertEqual(len(reg), 1)
        self.assertIn("unemployment_rate", reg[0]["text/html"])
        # Model choice and the target answer, as text.
        texts = "\n".join(d.get("text/plain", "") for d in data)
        self.assertIn("Hausman", texts)
        self.assertIn("2026", texts)
        out = os.environ.get("NOTEBOOK_OUT")
        if out:
            nbformat.write(nb, out)


if __name__ == "__main__":
    unittest.main()
