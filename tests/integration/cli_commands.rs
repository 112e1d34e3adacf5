//! The `indikator` binary as planners and scripts call it.

use crate::common::{curated, key, raw_files};
use std::path::PathBuf;
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_indikator"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("indikator-cli-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d.join(name)
}

#[test]
fn load_every_raw_file_prints_the_curated_values() {
    let curated = curated();
    let opts = indikator::load::LoadOptions {
        format: Some(indikator::load::Format::Tidy),
        ..Default::default()
    };
    for f in raw_files() {
        let out = bin().arg("load").arg(&f).output().unwrap();
        assert!(
            out.status.success(),
            "{}: {}",
            f.display(),
            String::from_utf8_lossy(&out.stderr)
        );
        let csv = String::from_utf8(out.stdout).unwrap();
        assert!(csv.starts_with(
            "region_code,region,region_type,province,year,semester,indicator,value,unit,source_id\n"
        ));
        let back = indikator::load::load_bytes(csv.as_bytes(), "stdout.csv", &opts).unwrap();
        let mut n = 0;
        for r in back.records.iter().filter(|r| r.value.is_some()) {
            let k = key(r);
            assert_eq!(
                curated.get(&k).copied().flatten(),
                r.value,
                "{}: {k:?}",
                f.display()
            );
            n += 1;
        }
        assert!(n >= 3, "{}", f.display());
    }
}

#[test]
fn load_writes_csv_and_parquet_that_load_back() {
    let f = root().join("tests/data/raw/zirachw__IF4061-SundaLife__transcribed/data/raw/Tingkat Pengangguran Terbuka Kabupaten_Kota, 2025.csv");
    for ext in ["csv", "parquet"] {
        let out = tmp(&format!("tpt.{ext}"));
        let st = bin()
            .arg("load")
            .arg(&f)
            .arg("--out")
            .arg(&out)
            .status()
            .unwrap();
        assert!(st.success());
        let back = indikator::load::load_path(&out, &Default::default()).unwrap();
        assert_eq!(back.records.len(), 28, "{ext}");
        let v = back
            .records
            .iter()
            .find(|r| r.region == "Kota Sukabumi")
            .and_then(|r| r.value);
        assert_eq!(v, Some(8.19), "{ext}");
    }
}

#[test]
fn load_error_exits_nonzero_with_the_message() {
    let p = tmp("bad.csv");
    std::fs::write(
        &p,
        "Kabupaten/Kota,\n,Persentase Penduduk Miskin (Persen)\n,2024\nKota Sukabumy,7.2\n",
    )
    .unwrap();
    let out = bin().arg("load").arg(&p).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "line 4, column 1: unknown region \"Kota Sukabumy\" (did you mean Kota Sukabumi?)"
        ),
        "{err}"
    );
}

#[test]
fn data_show_region_prints_the_kota_sukabumi_panel() {
    let out = bin()
        .args(["data", "show", "--region", "Kota Sukabumi", "--csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let s = String::from_utf8(out.stdout).unwrap();
    assert!(
        s.lines()
            .any(|l| l.starts_with("3272,Kota Sukabumi,2025,") && l.contains(",8.19")),
        "{s}"
    );
    let out = bin().args(["data", "list"]).output().unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("unemployment_rate"));
}

#[test]
fn fit_json_matches_the_twfe_fixture() {
    let out = bin()
        .args([
            "fit",
            "--data",
            "jabar",
            "--formula",
            "poverty_rate ~ unemployment_rate | region_code + year",
        ])
        .args([
            "--vcov",
            "cluster:region_code",
            "--from",
            "2015",
            "--to",
            "2025",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    for k in [
        "coefficients",
        "nobs",
        "n_groups",
        "n_clusters",
        "df_t",
        "r2",
        "r2_within",
        "r2_between",
        "adj_r2",
        "dropped",
    ] {
        assert!(j.get(k).is_some(), "missing {k}");
    }
    let c = &j["coefficients"][0];
    assert_eq!(c["term"], "unemployment_rate");
    assert!((c["estimate"].as_f64().unwrap() - -0.06611671218931212).abs() < 1e-12);
    assert!((c["std_error"].as_f64().unwrap() - 0.04366062356317504).abs() < 1e-12);
    assert_eq!(j["nobs"], 270);
    assert_eq!(j["n_clusters"], 27);
}

#[test]
fn fit_a_cross_section_with_no_panel_columns() {
    let p = tmp("xs.csv");
    std::fs::write(
        &p,
        "kab,p0,tpt\na,7.1,5.0\nb,9.3,6.5\nc,11.0,7.9\nd,8.2,6.1\ne,10.1,8.8\n",
    )
    .unwrap();
    let out = bin()
        .args(["fit", "--data"])
        .arg(&p)
        .args(["--formula", "p0 ~ tpt", "--vcov", "hc1", "--json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(j["coefficients"][0]["term"], "(Intercept)");
    assert_eq!(j["nobs"], 5);
    assert!(j["n_groups"].is_null());
}

#[test]
fn project_json_has_the_projection_target_and_backtest() {
    let out = bin()
        .args([
            "project",
            "--region",
            "Kota Sukabumi",
            "--target",
            "6.0",
            "--backtest",
            "2019",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let j: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = j["projection"].as_array().unwrap();
    assert_eq!(rows.len(), 10, "baseline and shock, 2026–2030");
    for k in [
        "region", "year", "scenario", "estimate", "ci_low", "ci_high", "pi_low", "pi_high",
    ] {
        assert!(rows[0].get(k).is_some(), "missing {k}");
    }
    assert_eq!(rows[0]["region"], "Kota Sukabumi");
    assert!(j["target"]["required"].is_number());
    assert_eq!(j["backtest"]["n"], 162);
    let bad = bin()
        .args(["project", "--region", "Kota Sukabumy"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("did you mean Kota Sukabumi?"));
}

#[test]
fn report_writes_html_and_charts_for_any_kabkota() {
    let dir = tmp("garut_report");
    let out = bin()
        .args(["report", "--region", "Garut", "--lang", "en", "--out"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
    assert!(
        html.contains("<title>RPJMD Kabupaten Garut</title>")
            && html.contains("<svg")
            && html.contains("Backtest"),
        "report"
    );
    // The claim nationally beside Jawa Barat's (estimates as pyfixest's, fixtures indonesia_*).
    assert!(
        html.contains("Within a region, all 514 kab/kota of Indonesia (clustered by province)")
            && html.contains("+0.17 pp of P0 per 1 pp of TPT (95% CI +0.11 to +0.22")
            && html.contains("+0.02 pp of P0 per 1 pp of TPT (95% CI -0.02 to +0.06; p = 0.261, 38 clusters): not distinguishable from zero"),
        "national claim section"
    );
    for stem in [
        "fan",
        "p0_multiples",
        "tpt_multiples",
        "within_scatter",
        "coefficients",
        "backtest",
    ] {
        assert!(
            std::fs::metadata(dir.join(format!("{stem}.png")))
                .unwrap()
                .len()
                > 1000,
            "{stem}.png"
        );
        assert!(
            std::fs::read_to_string(dir.join(format!("{stem}.svg")))
                .unwrap()
                .contains("<svg"),
            "{stem}.svg"
        );
    }
    let bad = bin().args(["report", "--region", "Bali"]).output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

/// `data show --region` for kab/kota anywhere in Indonesia picks the national panel by itself.
#[test]
fn data_show_region_anywhere_in_indonesia() {
    for (region, code, first) in [
        ("Kota Surabaya", "3578", "2004"),
        ("Kabupaten Sampang", "3527", "2004"),
        ("Nduga", "9701", "2009"),
        ("Kota Sukabumi", "3272", "2002"),
        ("Kabupaten Pangandaran", "3218", "2013"),
    ] {
        let out = bin()
            .args(["data", "show", "--region", region, "--csv"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{region}");
        let out = String::from_utf8(out.stdout).unwrap();
        let second = out.lines().nth(1).unwrap_or_default();
        assert!(
            second.starts_with(&format!("{code},")) && second.contains(&format!(",{first},")),
            "{region}: {second}"
        );
    }
}

/// `report --region` for kab/kota across Indonesia: estimated on the province's kab/kota where it
/// has at least 20, else on all 514, said in the report; a bare name of a kabupaten and a kota is
/// refused with both; a BPS code of either vintage works.
#[test]
fn report_for_kabkota_across_indonesia() {
    let cases = [
        (
            "Kota Surabaya",
            "Kota Surabaya",
            "the 38 kab/kota of Jawa Timur",
        ),
        (
            "Kabupaten Sampang",
            "Kabupaten Sampang",
            "the 38 kab/kota of Jawa Timur",
        ),
        ("9429", "Kabupaten Nduga", "all 514 kab/kota of Indonesia"),
        (
            "Kabupaten Pangandaran",
            "Kabupaten Pangandaran",
            "the 27 kab/kota of Jawa Barat",
        ),
        (
            "Kota Medan",
            "Kota Medan",
            "the 33 kab/kota of Sumatera Utara",
        ),
        (
            "Kota Makassar",
            "Kota Makassar",
            "the 24 kab/kota of Sulawesi Selatan",
        ),
        (
            "Kabupaten Badung",
            "Kabupaten Badung",
            "all 514 kab/kota of Indonesia",
        ),
        (
            "Kota Kupang",
            "Kota Kupang",
            "the 22 kab/kota of Nusa Tenggara Timur",
        ),
        (
            "Kota Pontianak",
            "Kota Pontianak",
            "all 514 kab/kota of Indonesia",
        ),
    ];
    // Two at a time (the CI machine's cores): each report fits and backtests its panel (the
    // national one, 514 kab/kota, takes ~25 s in a debug build).
    for pair in cases.chunks(2) {
        std::thread::scope(|s| {
            for &(region, title, scope) in pair {
                s.spawn(move || {
                    let dir = tmp(&format!("report_{}", region.replace(' ', "_")));
                    let out = bin()
                        .args(["report", "--region", region, "--lang", "en", "--out"])
                        .arg(&dir)
                        .output()
                        .unwrap();
                    assert!(
                        out.status.success(),
                        "{region}: {}",
                        String::from_utf8_lossy(&out.stderr)
                    );
                    let html = std::fs::read_to_string(dir.join("report.html")).unwrap();
                    assert!(
                        html.contains(&format!("<title>RPJMD {title}</title>")),
                        "{region}"
                    );
                    assert!(
                        html.contains(&format!("The models are estimated on {scope}")),
                        "{region}: {scope}"
                    );
                    // The national panel spans the 2014 splits in Sulawesi Tenggara.
                    let national = scope.starts_with("all 514");
                    assert_eq!(
                        html.contains("spans a split (pemekaran): Kabupaten Buton Selatan (2016)"),
                        national,
                        "{region}"
                    );
                    // Where the region stands, with its ranks and the quadrant.
                    assert!(
                        html.contains(&format!("Where {title} stands in")),
                        "{region}"
                    );
                    assert!(html.contains("id=\"quadrant\""), "{region}");
                    assert!(dir.join("quadrant.svg").exists() && dir.join("p0_rank.png").exists());
                });
            }
        });
    }
    let out = bin()
        .args(["report", "--region", "Sukabumi"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Kabupaten Sukabumi (3202, Jawa Barat) or Kota Sukabumi (3272, Jawa Barat)"),
        "{err}"
    );
}

#[test]
fn a_file_panel_reads_only_its_columns_and_a_column_named_twice_once() {
    // tests/fixtures/jabar_fe_region_cr1.json (pyfixest 0.60): 0.1853303327428026 (0.02748139197726163).
    // The fixed effect is also the cluster: the column is named twice and read once, with and
    // without --entity/--time.
    let file = "tests/fixtures/panels/jabar_kabkota_wide.csv";
    let f = "poverty_rate ~ unemployment_rate | region_code";
    for extra in [&["--entity", "region_code", "--time", "year"][..], &[][..]] {
        let mut args = vec![
            "fit",
            "--data",
            file,
            "--formula",
            f,
            "--vcov",
            "cluster:region_code",
            "--from",
            "2015",
            "--to",
            "2025",
            "--json",
        ];
        args.extend_from_slice(extra);
        if extra.is_empty() {
            // A cross-section has no years to sample: drop --from/--to.
            args.retain(|a| !["--from", "2015", "--to", "2025"].contains(a));
        }
        let j = crate::common::cli_json(&args);
        let c = &j["coefficients"][0];
        if !extra.is_empty() {
            let (b, se) = (
                c["estimate"].as_f64().unwrap(),
                c["std_error"].as_f64().unwrap(),
            );
            assert!((b / 0.1853303327428026 - 1.0).abs() < 1e-9, "{b}");
            assert!((se / 0.02748139197726163 - 1.0).abs() < 1e-9, "{se}");
        } else {
            assert!(c["estimate"].as_f64().is_some(), "{j}");
        }
    }
}

/// Each held-out bad input of issue 25 fails (or notes) with a message that names the file or
/// value and fits on a screen — never a panic.
#[test]
fn bad_input_cases_give_short_located_messages() {
    let run = |args: &[&str]| {
        let o = bin().args(args).current_dir(root()).output().unwrap();
        (
            o.status.success(),
            String::from_utf8_lossy(&o.stderr).to_string(),
        )
    };
    let screen = |e: &str| e.len() < 1200 && e.lines().count() < 25;
    // A perfect fit: the response as a regressor is refused by the formula, with a caret.
    let (ok, e) = run(&[
        "fit",
        "--data",
        "jabar",
        "--formula",
        "poverty_rate ~ poverty_rate",
    ]);
    assert!(
        !ok && e.contains("is the response") && !e.contains("panicked"),
        "{e}"
    );
    // 4,000 terms: the message lists a few columns and how many more.
    let terms: Vec<String> = (1..4000)
        .map(|i| format!("lag(unemployment_rate, {i})"))
        .collect();
    let f = format!("poverty_rate ~ {}", terms.join(" + "));
    let (ok, e) = run(&["fit", "--data", "jabar", "--formula", &f]);
    assert!(
        !ok && screen(&e) && e.contains("more"),
        "{} chars: {}",
        e.len(),
        &e[..e.len().min(300)]
    );
    // A folder given as the data file.
    let dir = tmp("a_folder");
    std::fs::create_dir_all(&dir).unwrap();
    let d = dir.display().to_string();
    let (ok, e) = run(&[
        "fit",
        "--data",
        &d,
        "--formula",
        "poverty_rate ~ unemployment_rate",
    ]);
    assert!(
        !ok && e.contains("is a folder") && e.contains("a_folder"),
        "{e}"
    );
    let (ok, e) = run(&["load", &d]);
    assert!(!ok && e.contains("is a folder"), "{e}");
    // An Open Data Jabar code that is not a BPS code beside a name that is: the name is believed
    // and the note says so, naming the cell.
    let odj = tmp("odj_3299.csv");
    std::fs::write(
        &odj,
        "id,kode_provinsi,nama_provinsi,kode_kabupaten_kota,nama_kabupaten_kota,persentase_penduduk_miskin,satuan,tahun\n1,32,JAWA BARAT,3299,KOTA SUKABUMI,7.5,PERSEN,2020\n",
    )
    .unwrap();
    let o = bin()
        .args(["load", &odj.display().to_string()])
        .output()
        .unwrap();
    let (out, e) = (
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr),
    );
    assert!(
        o.status.success() && out.contains("3272,Kota Sukabumi"),
        "{out}{e}"
    );
    assert!(
        e.contains("3299 is not a BPS code") && e.contains("\"kode_kabupaten_kota\""),
        "{e}"
    );
    // JSON records with tidy keys but no indicator key: the indicator option names it.
    let json = tmp("no_indicator.json");
    std::fs::write(
        &json,
        r#"[{"region": "Kota Sukabumi", "year": 2020, "value": 7.5}]"#,
    )
    .unwrap();
    let j = json.display().to_string();
    let o = bin()
        .args(["load", &j, "--indicator", "poverty_rate"])
        .output()
        .unwrap();
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        o.status.success() && out.contains("poverty_rate,7.5"),
        "{out}"
    );
    let (ok, e) = run(&["load", &j]);
    assert!(!ok && e.contains("no_indicator.json") && screen(&e), "{e}");
}

/// Issue 25: long work shows its progress on one rewritten line of standard error when it is a
/// terminal (run under `script`, util-linux's pseudo-terminal), and nothing when it is not.
#[test]
fn progress_on_a_terminal_and_none_in_a_pipe() {
    let exe = env!("CARGO_BIN_EXE_indikator");
    let cmd = format!(
        "{exe} project --region 'Kota Sukabumi' --data indonesia --backtest rolling --json > /dev/null"
    );
    let out = Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .output()
        .expect("util-linux `script` (Debian's bsdutils) runs the command in a pseudo-terminal");
    assert!(out.status.success(), "{out:?}");
    let tty = String::from_utf8_lossy(&out.stdout);
    // The national backtest runs for seconds: several steps, each rewriting the line, the last
    // at 100% and ended by a newline.
    assert!(
        tty.matches("\ruji mundur bergulir / rolling backtest: ")
            .count()
            >= 2,
        "{tty:?}"
    );
    assert!(tty.contains("8 / 8 (100%)\u{1b}[K\r\n"), "{tty:?}");
    // Not a terminal: standard error stays clean for scripts.
    let out = bin()
        .args([
            "project",
            "--region",
            "Kota Sukabumi",
            "--data",
            "jabar",
            "--backtest",
            "rolling",
            "--json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("rolling backtest:"));
}
