"""The Jupyter kernel conformance suite (jupyter_kernel_test) against `indikator kernel`.

Every attribute that applies to indikator is filled in; the suite validates every message
against the v5 schemas.
"""

import unittest

import jupyter_kernel_test as jkt


class IndikatorKernelTests(jkt.KernelTests):
    kernel_name = "indikator"
    language_name = "rhai"
    file_extension = ".rhai"

    code_hello_world = 'print("hello, world")'
    code_stderr = 'eprint("peringatan / warning")'

    completion_samples = [
        {"text": "jabar_pa", "matches": {"jabar_panel"}},
        {"text": "model_ch", "matches": {"model_choice"}},
        {"text": 'jabar_panel().region("Kota Sukab', "matches": {"Kota Sukabumi"}},
    ]

    complete_code_samples = ["1 + 1", "let x = 2;", "fn twice(a) { a * 2 }", "%help"]
    incomplete_code_samples = ["fn twice(a) {", "let m = fit(p,", '"an open string']
    invalid_code_samples = ["let = 5;", "1 + )", "let x = 1 +;"]

    code_page_something = "?fit"
    code_generate_error = 'throw "sengaja / on purpose"'

    code_execute_result = [
        {"code": "1 + 1", "result": "2"},
        {"code": 'dataset("jabar").head(3)', "mime": "text/html"},
        {"code": 'compare([fit(jabar_panel(), "poverty_rate ~ unemployment_rate | region_code")])', "mime": "text/markdown"},
        {"code": 'hausman(jabar_panel(), "poverty_rate ~ unemployment_rate", #{from: 2015})', "mime": "text/markdown"},
    ]
    code_display_data = [
        {"code": 'display(dataset("jabar").head(2))', "mime": "text/html"},
        {"code": 'display(small_multiples(jabar_panel(), "poverty_rate", "Kota Sukabumi").png())', "mime": "image/png"},
        {"code": 'display(small_multiples(jabar_panel(), "poverty_rate", "Kota Sukabumi"))', "mime": "image/svg+xml"},
    ]
    code_clear_output = 'print("a"); clear_output();'

    code_inspect_sample = "fit"

    code_history_pattern = "1 + 1"
    supported_history_operations = ("tail", "range", "search")


if __name__ == "__main__":
    unittest.main()
