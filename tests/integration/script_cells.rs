//! The notebook's cell language through `Session::eval`, without a kernel.

use indikator::script::{Completeness, Output, Session};

fn session() -> Session {
    Session::new(&[std::env::current_dir().unwrap()])
}

fn value(s: &mut Session, code: &str) -> String {
    let ev = s.eval(code);
    assert!(ev.error.is_none(), "{code}: {:?}", ev.error);
    ev.result
        .and_then(|b| b.get("text/plain").map(str::to_string))
        .unwrap_or_default()
}

#[test]
fn twfe_through_cells_matches_pyfixest() {
    // tests/fixtures/jabar_twfe_cr1.json (pyfixest 0.60): −0.06611671218931212 (0.04366062356317504).
    let mut s = session();
    s.eval("let p = jabar_panel();");
    s.eval(
        r#"let m = fit(p, "poverty_rate ~ unemployment_rate | region_code + year", #{vcov: "cluster:region_code", from: 2015, to: 2025});"#,
    );
    let b: f64 = value(&mut s, r#"m.coef("unemployment_rate")"#)
        .parse()
        .unwrap();
    let se: f64 = value(&mut s, r#"m.se("unemployment_rate")"#)
        .parse()
        .unwrap();
    assert!((b / -0.06611671218931212 - 1.0).abs() < 1e-6, "{b}");
    assert!((se / 0.04366062356317504 - 1.0).abs() < 1e-6, "{se}");
    assert_eq!(value(&mut s, "m.nobs"), "270");
    // The model shows as a regression table in Markdown and HTML.
    let ev = s.eval("m");
    let bundle = ev.result.unwrap();
    assert!(
        bundle
            .get("text/markdown")
            .unwrap()
            .contains("unemployment_rate")
    );
    assert!(bundle.get("text/html").unwrap().contains("<table"));
}

#[test]
fn variables_and_functions_persist_between_cells() {
    let mut s = session();
    s.eval("let a = 20;");
    s.eval("fn twice(x) { x * 2 }");
    assert_eq!(value(&mut s, "twice(a) + 2"), "42");
}

#[test]
fn errors_carry_line_and_column_and_keep_state() {
    let mut s = session();
    s.eval("let kept = 1;");
    let ev = s.eval("let x = 1;\nlet y = x +;");
    let e = ev.error.unwrap();
    assert_eq!(e.ename, "SyntaxError");
    assert_eq!(e.line, Some(2));
    let ev = s.eval("let z = 2;\n  jabar_panel().region(\"Kota Sukabumy\")");
    let e = ev.error.unwrap();
    assert_eq!(e.line, Some(2));
    assert!(e.evalue.contains("Kota Sukabumi"), "{}", e.evalue);
    assert_eq!(value(&mut s, "kept"), "1");
}

#[test]
fn unknown_options_are_named_with_a_hint() {
    let mut s = session();
    let ev = s.eval(r#"fit(jabar_panel(), "poverty_rate ~ unemployment_rate", #{vcv: "iid"})"#);
    let e = ev.error.unwrap();
    assert!(e.evalue.contains("did you mean \"vcov\""), "{}", e.evalue);
}

#[test]
fn sql_sees_cell_variables_and_bundled_data() {
    let mut s = session();
    let ev = s.eval(
        "let d = jabar_panel().frame();\nsql(\"SELECT COUNT(*) AS n FROM d WHERE year = 2025\")",
    );
    assert!(ev.error.is_none(), "{:?}", ev.error);
    let html = ev.result.unwrap().get("text/html").unwrap().to_string();
    assert!(html.contains("<td>27</td>"), "{html}");
    // %%sql cell, stored in a variable.
    let ev = s.eval("%%sql counts\nSELECT year, COUNT(*) AS n FROM jabar GROUP BY year");
    assert!(ev.error.is_none(), "{:?}", ev.error);
    assert_eq!(value(&mut s, "counts.width"), "2");
    let ev = s.eval(r#"sql("SELECT regio FROM d")"#);
    assert!(ev.error.unwrap().evalue.contains("regio"));
}

#[test]
fn outputs_stream_in_order() {
    let mut s = session();
    let ev = s.eval(r#"print("a"); display(dataset("jabar").head(1)); eprint("b"); 3"#);
    assert!(matches!(&ev.outputs[0], Output::Stdout(t) if t == "a\n"));
    assert!(matches!(&ev.outputs[1], Output::Display(b) if b.get("text/html").is_some()));
    assert!(matches!(&ev.outputs[2], Output::Stderr(t) if t == "b\n"));
    assert_eq!(
        ev.result.unwrap().get("text/plain"),
        Some("3"),
        "the cell's value"
    );
}

#[test]
fn charts_come_as_svg_and_png() {
    // One format per chart: SVG by default, PNG when asked (issue 12: a saved notebook holds
    // each chart once).
    let mut s = session();
    let ev = s.eval(r#"small_multiples(jabar_panel(), "poverty_rate", "Kota Sukabumi")"#);
    let b = ev.result.unwrap();
    assert!(b.get("image/svg+xml").unwrap().starts_with("<svg"));
    assert!(b.get("image/png").is_none());
    let ev = s.eval(r#"small_multiples(jabar_panel(), "poverty_rate", "Kota Sukabumi").png()"#);
    let b = ev.result.unwrap();
    assert!(
        b.get("image/png").unwrap().starts_with("iVBOR"),
        "base64 PNG"
    );
    assert!(b.get("image/svg+xml").is_none());
}

#[test]
fn interrupt_stops_a_runaway_loop() {
    let mut s = session();
    let flag = s.interrupter();
    std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(200));
        flag.store(true, std::sync::atomic::Ordering::Relaxed);
    });
    let t = std::time::Instant::now();
    let ev = s.eval("let i = 0; loop { i += 1; }");
    assert_eq!(ev.error.unwrap().ename, "Interrupted");
    assert!(t.elapsed().as_secs_f64() < 1.2);
    // The next cell runs normally.
    assert_eq!(value(&mut s, "1 + 1"), "2");
}

#[test]
fn completion_inspection_and_completeness() {
    let mut s = session();
    s.eval("let panel_jabar = jabar_panel();");
    let c = s.complete("model_ch", 8);
    assert_eq!(c.matches, vec!["model_choice"]);
    assert_eq!((c.start, c.end), (0, 8));
    let c = s.complete("panel_j", 7);
    assert_eq!(c.matches, vec!["panel_jabar"]);
    let code = r#"panel_jabar.frame().select(["poverty_r"#;
    let n = code.chars().count();
    let c = s.complete(code, n);
    assert_eq!(c.matches, vec!["poverty_rate"]);
    let i = s.inspect("fit(", 4).unwrap();
    assert!(
        i.get("text/plain")
            .unwrap()
            .starts_with("fit(panel_or_frame, formula)")
    );
    assert_eq!(
        s.is_complete("fit(p,"),
        Completeness::Incomplete("    ".into())
    );
    assert_eq!(s.is_complete("1 + )"), Completeness::Invalid);
    assert_eq!(s.is_complete("let x = 1;"), Completeness::Complete);
}

#[test]
fn files_outside_the_session_folders_are_refused() {
    let dir = std::env::temp_dir().join(format!("indikator-script-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut s = Session::new(std::slice::from_ref(&dir));
    let ev = s.eval(r#"read("/etc/hostname")"#);
    assert!(ev.error.unwrap().evalue.contains("outside the folders"));
    let ev = s.eval(r#"read("../escape.csv")"#);
    assert!(ev.error.is_some());
    // Inside: write then read back.
    let ev = s.eval(r#"dataset("jabar").head(3).to_csv("three.csv"); read("three.csv").height"#);
    assert!(ev.error.is_none(), "{:?}", ev.error);
    assert_eq!(ev.result.unwrap().get("text/plain"), Some("3"));
    std::fs::remove_dir_all(&dir).ok();
}

/// A cell's `load` reports what it did with every row on the stderr stream, in both languages.
#[test]
fn load_in_a_cell_reports_its_row_account() {
    let dir = std::env::temp_dir().join(format!("indikator-account-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("p0.csv"),
        "region,year,indicator,value\nKota Sukabumi,2024,poverty_rate,7.2\nKota Sukabumi,2024,poverty_rate,7.2\n",
    )
    .unwrap();
    let mut s = Session::new(std::slice::from_ref(&dir));
    let ev = s.eval(r#"load("p0.csv").height"#);
    assert!(ev.error.is_none(), "{:?}", ev.error);
    assert_eq!(ev.result.unwrap().get("text/plain"), Some("1"));
    let err: String = ev
        .outputs
        .iter()
        .filter_map(|o| match o {
            Output::Stderr(t) => Some(t.as_str()),
            _ => None,
        })
        .collect();
    assert!(
        err.contains("2 values read = 1 kept + 1 repeats merged"),
        "{err}"
    );
    assert!(
        err.contains("2 nilai dibaca = 1 dipakai + 1 ulangan digabung"),
        "{err}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn standing_quadrant_and_ranking_in_cells() {
    let mut s = session();
    // Kabupaten Sampang: the highest P0 of Jawa Timur's 38 kab/kota.
    assert_eq!(
        value(
            &mut s,
            r#"standing("Kabupaten Sampang").col("rank_province")[0]"#
        ),
        "1"
    );
    let ev = s.eval(r#"set_lang("en"); quadrant("Kota Sukabumi")"#);
    let b = ev.result.unwrap();
    let svg = b.get("image/svg+xml").unwrap();
    assert!(
        svg.contains("P0–TPT quadrant, Jawa Barat 2024"),
        "{svg:.300}"
    );
    let ev = s.eval(r#"rank_chart("Kota Sukabumi", "unemployment_rate")"#);
    assert!(
        ev.result
            .unwrap()
            .get("image/svg+xml")
            .unwrap()
            .contains("Kota Sukabumi")
    );
    let ev = s.eval(r#"rank_chart("Kota Sukabumi", "hdi")"#);
    let e = ev.error.unwrap();
    assert!(
        e.evalue.contains("poverty_rate or unemployment_rate"),
        "{}",
        e.evalue
    );
}

#[test]
fn maps_and_workbooks_in_cells() {
    let dir = std::env::temp_dir().join(format!("indikator_cell_maps_{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut s = Session::new(std::slice::from_ref(&dir));
    let ev = s.eval(
        r#"set_lang("en"); map(#{indicator: "poverty_rate", year: 2024, province: "Jawa Barat", region: "Kota Sukabumi"})"#,
    );
    assert!(ev.error.is_none(), "{:?}", ev.error);
    let svg = ev.result.unwrap().get("image/svg+xml").unwrap().to_string();
    assert_eq!(svg.matches("<g class=\"region\"").count(), 27);
    assert!(svg.contains("<title>Kota Sukabumi: 7.20</title>"));
    // Any per-region column of a frame: here the standing's P0 of 2024 by kab/kota.
    let ev = s.eval(
        r#"let f = sql("SELECT region_code, value FROM jabar WHERE indicator = 'poverty_rate' AND year = 2024");
           map(f, "value", #{province: "32", classes: "equal:3"})"#,
    );
    assert!(ev.error.is_none(), "{:?}", ev.error);
    let svg = ev.result.unwrap().get("image/svg+xml").unwrap().to_string();
    assert!(svg.contains("data-class=\"2\""));
    let ev = s.eval(r#"map(#{year: 2024, classes: "breaks:5,10"})"#);
    assert!(ev.error.unwrap().evalue.contains("do not cover the values"));
    let path = dir.join("panel.xlsx");
    let ev = s.eval(&format!(
        r#"jabar_panel().frame().to_xlsx("{}")"#,
        path.display()
    ));
    assert!(ev.error.is_none(), "{:?}", ev.error);
    assert!(std::fs::read(&path).unwrap().starts_with(b"PK"));
}

#[test]
fn spatial_models_and_maps_in_cells() {
    // tests/fixtures/spatial/jabar_spatial.json, panel_fe_2017_2025.fe_lag (spreg 1.9.0):
    // rho 0.7577410796712301, log-likelihood as spreg's plus (N/2)·ln N.
    let mut s = session();
    s.eval("let p = jabar_panel();");
    let ev = s.eval(
        r#"let f = spatial(p, "poverty_rate ~ unemployment_rate", #{model: "sar", fe: true, from: 2017, to: 2025}); f"#,
    );
    assert!(ev.error.is_none(), "{:?}", ev.error);
    let text = ev.result.unwrap().get("text/plain").unwrap().to_string();
    assert!(
        text.contains("spatial lag (SAR)") && text.contains("rho"),
        "{text}"
    );
    let rho: f64 = value(&mut s, r#"f.coef("rho")"#)
        .parse()
        .unwrap_or(f64::NAN);
    assert!((rho / 0.7577410796712301 - 1.0).abs() < 1e-5, "{rho}");
    assert_eq!(value(&mut s, "f.nobs"), "243");
    let ll: f64 = value(&mut s, "f.log_likelihood").parse().unwrap();
    let spreg = -784.9811220036594 + 243.0 / 2.0 * 243f64.ln();
    assert!((ll / spreg - 1.0).abs() < 1e-5, "{ll} vs {spreg}");
    assert!(value(&mut s, "f.impacts").contains("indirect"));
    // Moran's I of P0 2024: esda's 0.4843024260763857 (jabar_spatial.json moran_poverty_rate).
    let m: f64 = value(&mut s, r#"moran(p, "poverty_rate", 2024).col("I")[0]"#)
        .parse()
        .unwrap();
    assert!((m / 0.4843024260763857 - 1.0).abs() < 1e-9, "{m}");
    for chart in ["lisa_map", "moran_scatter"] {
        let ev = s.eval(&format!(r#"{chart}(p, "poverty_rate", 2024)"#));
        assert!(ev.error.is_none(), "{chart}: {:?}", ev.error);
        assert!(ev.result.unwrap().get("image/svg+xml").is_some(), "{chart}");
    }
    let ev = s.eval(r#"spatial(p, "poverty_rate ~ unemployment_rate", #{model: "sar", fe: true, weights: "kings"})"#);
    assert!(ev.error.unwrap().evalue.contains("invalid weights"));
}

/// Every option of every cell function (the library's one list, `script::OPTIONS`) given a path
/// outside the notebook's folders — directly and through a symbolic link inside them — reads
/// nothing there: no cell's output or error carries a line of the outside file.
#[cfg(unix)]
#[test]
fn no_option_of_any_cell_function_reads_outside_the_notebook_folders() {
    let root = std::env::temp_dir().join(format!("indikator_sandbox_{}", std::process::id()));
    let outside = std::env::temp_dir().join(format!("indikator_outside_{}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    let secret = outside.join("neighbours.csv");
    std::fs::write(&secret, "SECRET-LINE-3272,3201\n3201,3272\n").unwrap();
    let link = root.join("link.csv");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    let f = "poverty_rate ~ unemployment_rate";
    let call = |function: &str, opts: &str| -> Option<String> {
        Some(match function {
            "load" => format!(r#"load("data.csv", {opts})"#),
            "fit" => format!(r#"fit(jabar_panel(), "{f}", {opts})"#),
            "wild_bootstrap" => format!(
                r#"wild_bootstrap(fit(jabar_panel(), "{f} | region_code"), "unemployment_rate", {opts})"#
            ),
            "spatial" => format!(r#"spatial(jabar_panel(), "{f}", {opts})"#),
            "project" => {
                format!(r#"project(jabar_panel(), "{f} | region_code", "Kota Sukabumi", {opts})"#)
            }
            "map" => format!("map({opts})"),
            "map(frame)" => format!(r#"map(dataset("jabar"), "value", {opts})"#),
            "plot" => format!("plot(jabar_panel(), {opts})"),
            tests => format!(r#"{tests}(jabar_panel(), "{f}", {opts})"#),
        })
    };
    let mut tried = 0;
    for (function, keys) in indikator::script::OPTIONS {
        for key in *keys {
            for path in [
                secret.display().to_string(),
                format!("{}", link.display()),
                "link.csv".to_string(),
            ] {
                let code = call(function, &format!(r#"#{{{key}: "{path}"}}"#)).unwrap();
                let mut s = Session::new(std::slice::from_ref(&root));
                let ev = s.eval(&code);
                let shown = format!("{:?} {:?}", ev.error, ev.result);
                assert!(!shown.contains("SECRET-LINE"), "{code}: {shown}");
                tried += 1;
            }
        }
    }
    // The weights file inside the folder (not a link out) is still read.
    std::fs::write(
        root.join("inside.csv"),
        "region_code,neighbor_code\n3272,3202\n",
    )
    .unwrap();
    let mut s = Session::new(std::slice::from_ref(&root));
    let ev = s.eval(&format!(
        r#"spatial(jabar_panel(), "{f}", #{{weights: "inside.csv", year: 2024}})"#
    ));
    let shown = format!("{:?}", ev.error);
    assert!(!shown.contains("outside"), "{shown}");
    let keys: usize = indikator::script::OPTIONS
        .iter()
        .map(|(_, k)| k.len())
        .sum();
    assert_eq!(tried, 3 * keys);
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_dir_all(&outside);
}

/// A cell that grows without bound is stopped by the memory guard; what it created is dropped,
/// and later cells take no longer than in a fresh session (issue 25: 371 ms a statement after a
/// refused allocation, from Rhai's size check walking the left-over array).
#[test]
fn a_refused_allocation_leaves_nothing_behind_and_later_cells_stay_fast() {
    let mut s = session();
    s.set_memory_budget_mb(256);
    let time = |s: &mut Session| {
        let t = std::time::Instant::now();
        assert_eq!(value(s, "let z = [1, 2, 3]; z.len()"), "3");
        t.elapsed()
    };
    let fresh = (0..5).map(|_| time(&mut s)).min().unwrap();
    let ev = s.eval("let a = [0]; loop { a += a; }");
    let e = ev.error.expect("stopped");
    assert_eq!(e.ename, "MemoryError", "{e:?}");
    assert!(e.evalue.contains("256 MiB"), "{e:?}");
    let gone = s.eval("a.len()").error.expect("a was dropped");
    assert!(gone.evalue.contains("a"), "{gone:?}");
    let after = (0..5).map(|_| time(&mut s)).min().unwrap();
    assert!(
        after <= fresh * 2 + std::time::Duration::from_millis(20),
        "{after:?} after vs {fresh:?} fresh"
    );
    // A map grown in a loop is stopped the same way.
    let ev = s.eval(r#"let m = #{}; let i = 0; loop { m["k" + i] = i; i += 1; }"#);
    assert_eq!(ev.error.expect("stopped").ename, "MemoryError");
}

/// `push` is linear: twice the elements take about twice as long (was quadratic: 300,000 pushes
/// 24.6 s).
#[test]
fn pushing_onto_an_array_is_linear() {
    let mut s = session();
    let run = |s: &mut Session, n: usize| {
        let t = std::time::Instant::now();
        let code = format!("let a = []; for i in 0..{n} {{ a.push(i); }} a.len()");
        assert_eq!(value(s, &code), n.to_string());
        t.elapsed().as_secs_f64()
    };
    // The fastest of three runs each, so that a busy machine does not decide (linear: about 4x,
    // quadratic: about 16x).
    let small = (0..3)
        .map(|_| run(&mut s, 50_000))
        .fold(f64::INFINITY, f64::min);
    let large = (0..3)
        .map(|_| run(&mut s, 200_000))
        .fold(f64::INFINITY, f64::min);
    assert!(
        large / small < 9.0,
        "4x the elements took {:.1}x as long",
        large / small
    );
}

/// Every interface bounds the bootstrap's replications.
#[test]
fn a_notebook_bootstrap_is_bounded() {
    let mut s = session();
    s.eval(r#"let m = fit(jabar_panel(), "poverty_rate ~ unemployment_rate | region_code");"#);
    let ev = s.eval(r#"wild_bootstrap(m, "unemployment_rate", #{reps: 1000000000})"#);
    let e = ev.error.expect("refused");
    assert!(e.evalue.contains("use 99 to 100000"), "{e:?}");
}

/// What issue 25 found unreachable or unclear from a cell.
#[test]
fn projections_models_and_magics_answer_in_cells() {
    let mut s = session();
    s.eval(r#"let f = "poverty_rate ~ unemployment_rate | region_code";"#);
    s.eval(r#"let pr = project(jabar_panel(), f, "Kota Sukabumi");"#);
    let method = value(&mut s, "pr.method");
    assert!(
        indikator::projection::Method::candidates()
            .iter()
            .any(|m| format!("\"{}\"", m.name()) == method || m.name() == method),
        "{method}"
    );
    assert!(!value(&mut s, "pr.why").is_empty());
    let ev = s.eval("pr.backtest");
    assert!(ev.error.is_none(), "{:?}", ev.error);
    // A kab/kota the registry knows, not in this panel.
    let e = s
        .eval(r#"project(jabar_panel(), f, "Kota Surabaya")"#)
        .error
        .unwrap();
    assert!(
        e.evalue
            .contains("Kota Surabaya (BPS code 3578) is not in this panel"),
        "{e:?}"
    );
    // A known function with the wrong arguments shows its forms.
    let e = s.eval("fit(jabar_panel(), 5)").error.unwrap();
    assert!(
        e.evalue.starts_with("fit does not take") && !e.evalue.contains("did you mean"),
        "{e:?}"
    );
    // print(m) shows the fit.
    s.eval(r#"let m = fit(jabar_panel(), f);"#);
    let ev = s.eval("print(m)");
    let printed: String = ev.outputs.iter().map(|o| format!("{o:?}")).collect();
    assert!(
        printed.contains("unemployment_rate") && printed.contains("within"),
        "{printed}"
    );
    // %time runs the cell and says how long; %who lists the variables.
    let ev = s.eval("%time 1 + 1");
    assert!(ev.result.is_some());
    assert!(
        format!("{:?}", ev.outputs).contains("Wall time"),
        "{:?}",
        ev.outputs
    );
    let who = value(&mut s, "%who");
    assert!(
        who.contains("m: Model") && who.contains("pr: Projection"),
        "{who}"
    );
}

/// `plot(frame, #{x, y, kind})`: a quick chart of any frame, SVG and PNG; bad columns named.
#[test]
fn quick_charts_of_any_frame() {
    let mut s = session();
    for kind in ["line", "scatter"] {
        let ev = s.eval(&format!(
            r#"plot(jabar_panel(), #{{x: "year", y: "poverty_rate", kind: "{kind}", group: "region_code"}})"#
        ));
        let b = ev
            .result
            .unwrap_or_else(|| panic!("{kind}: {:?}", ev.error));
        assert!(
            b.get("image/svg+xml").unwrap().contains("poverty_rate"),
            "{kind}"
        );
    }
    let ev = s.eval(r#"plot(dataset("jabar"), #{x: "value", kind: "histogram"})"#);
    assert!(ev.result.is_some(), "{:?}", ev.error);
    let e = s
        .eval(r#"plot(jabar_panel(), #{x: "year", y: "povrty_rate"})"#)
        .error
        .unwrap();
    assert!(
        e.evalue.contains("povrty_rate") && e.evalue.contains("poverty_rate"),
        "{e:?}"
    );
}

/// Issue 25: a tooltip (inspect) or an error never shows a Rust path such as
/// `indikator::script::values::Model`: every value a cell can hold has a cell name.
#[test]
fn tooltips_and_errors_name_cell_types_not_rust_paths() {
    let mut s = Session::new(&[]);
    let cells = [
        "let p = jabar_panel();",
        r#"let m = fit(p, "poverty_rate ~ unemployment_rate | region_code");"#,
        r#"let pr = project(p, "poverty_rate ~ unemployment_rate | region_code", "Kota Sukabumi");"#,
        "let b = pr.backtest;",
        "let w = pr.why;",
        r#"let c = model_choice(p, "poverty_rate ~ unemployment_rate", #{});"#,
        "let t = compare([m]);",
        r#"let ch = fan_chart(pr); let png_chart = ch.png(); let tb = wald(m, ["unemployment_rate"]);"#,
        "let f = p.frame();",
        "let tx = help(\"fit\");",
    ];
    for c in cells {
        let ev = s.eval(c);
        assert!(ev.error.is_none(), "{c}: {:?}", ev.error);
    }
    for v in s.variables() {
        let code = v.to_string();
        let shown = s.inspect(&code, code.len()).expect(&v);
        let text = shown.get("text/plain").unwrap();
        let first = text.lines().next().unwrap();
        assert!(!first.contains("::"), "{v}: {first}");
    }
    // Errors name the values' cell types.
    for bad in [
        "pr.no_such_method()",
        "m + 1",
        "m[0]",
        "m.nobs = 3",
        "for x in m {}",
        "let a = [m, 1]; a.sort()",
        "let q = m; q == 3",
        "if m {}",
        "m.nobs.foo",
        "switch m { 1 => 2 }",
        "let z = `${m}`; z",
        "[pr, m].map(|x| x + 1)",
        "tb + tb",
        "ch < 1",
        "png_chart.size()",
        "f > 1",
    ] {
        let ev = s.eval(bad);
        let shown = match &ev.error {
            Some(e) => e.evalue.clone(),
            None => ev
                .result
                .as_ref()
                .and_then(|b| b.get("text/plain").map(str::to_string))
                .unwrap_or_default(),
        };
        assert!(!shown.contains("::"), "{bad}: {shown}");
    }
}

/// Issue 25: `model_choice` in a notebook shows its tests as a table and its reasons as prose
/// that wraps between words (a fixed-width block broke sentences mid-word in JupyterLab).
#[test]
fn model_choice_shows_a_table_and_prose_not_a_code_block() {
    let mut s = Session::new(&[]);
    let ev = s.eval(r#"model_choice(jabar_panel(), "poverty_rate ~ unemployment_rate", #{})"#);
    let md = ev.result.unwrap().get("text/markdown").unwrap().to_string();
    assert!(!md.contains("```"), "{md}");
    assert!(
        md.starts_with("| uji / test | statistik / statistic | df | p |"),
        "{md}"
    );
    assert!(md.contains("| Hausman (FEM vs REM) | "), "{md}");
    assert!(
        md.contains("**Model terpilih / chosen model: FEM**"),
        "{md}"
    );
    // Each reason in Indonesian, its English below in italics.
    assert!(
        md.lines().filter(|l| l.starts_with("- ")).count() >= 2,
        "{md}"
    );
    assert!(md.lines().any(|l| l.starts_with("  *")), "{md}");
}
/// Issue 25: a national map adds a few hundred kB to a notebook, not 1.5 MB: outlines are
/// simplified to half a pixel, islands below a pixel are left out, repeated points dropped; every
/// kab/kota still has its titled group.
#[test]
fn a_national_map_is_small_and_keeps_every_region() {
    let mut s = Session::new(&[]);
    for c in [
        r#"lisa_map(indonesia_panel(), "poverty_rate", 2024)"#,
        r#"map(#{year: 2024, indicator: "poverty_rate", level: "kabkota"})"#,
    ] {
        let ev = s.eval(c);
        assert!(ev.error.is_none(), "{c}: {:?}", ev.error);
        let b = ev.result.unwrap();
        let total: usize = b.mimes().map(|m| b.get(m).unwrap().len()).sum();
        let svg = b.get("image/svg+xml").unwrap();
        println!("{c}: {total} bytes in the notebook");
        assert!(total < 450_000, "{c}: {total} bytes");
        assert_eq!(svg.matches("<g class=\"region\"").count(), 514, "{c}");
    }
}
