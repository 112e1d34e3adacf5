//! The bad-input corpus (tests/corpus/cases.json, files from tests/corpus/make_files.py) run
//! through the CLI binary: every case must end by exit (no signal, no abort), within the time
//! limit (no hang), without a panic, with the stated exit code, messages and — for loads — exactly
//! the stated rows and values (no silent change).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

const LIMIT: Duration = Duration::from_secs(300);

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn args_of(case: &Value, dir: &Path, generated: Option<&Path>) -> Vec<String> {
    case["args"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let a = a.as_str().unwrap();
            if let Some(p) = a.strip_prefix('@') {
                std::fs::read_to_string(dir.join(p))
                    .unwrap()
                    .trim()
                    .to_string()
            } else if a == "{generated}" {
                generated.unwrap().display().to_string()
            } else {
                a.to_string()
            }
        })
        .collect()
}

fn generate(case: &Value, tmp: &Path) -> Option<PathBuf> {
    let g = case.get("generate")?;
    let path = tmp.join(g["file"].as_str().unwrap());
    let n = g["long_line"].as_u64().unwrap() as usize;
    let mut body = vec![b'x'; n];
    body.push(b'\n');
    std::fs::write(&path, body).unwrap();
    Some(path)
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run(args: &[String], dir: &Path, close_stdout: bool) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_indikator"))
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = child.stdout.take().unwrap();
    let mut err = child.stderr.take().unwrap();
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        err.read_to_end(&mut s).ok();
        String::from_utf8_lossy(&s).into_owned()
    });
    let stdout = if close_stdout {
        // Read a little, then close the pipe as `| head -1` does.
        let mut first = [0u8; 16];
        let n = out.read(&mut first).unwrap_or(0);
        drop(out);
        String::from_utf8_lossy(&first[..n]).into_owned()
    } else {
        let out_reader = std::thread::spawn(move || {
            let mut s = Vec::new();
            out.read_to_end(&mut s).ok();
            String::from_utf8_lossy(&s).into_owned()
        });
        let start = Instant::now();
        while child.try_wait().unwrap().is_none() {
            if start.elapsed() > LIMIT {
                child.kill().ok();
                panic!("{args:?}: still running after {LIMIT:?} (a hang)");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        out_reader.join().unwrap()
    };
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > LIMIT {
            child.kill().ok();
            panic!("{args:?}: still running after {LIMIT:?} (a hang)");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        code: status.code(),
        stdout,
        stderr: err_reader.join().unwrap(),
    }
}

/// A tidy row: region, year, indicator, value.
type Row = (String, i64, String, Option<f64>);

/// The rows of a tidy CSV on stdout.
fn rows_of(stdout: &str) -> Vec<Row> {
    let mut rdr = csv::Reader::from_reader(stdout.as_bytes());
    let h = rdr.headers().unwrap().clone();
    let col = |n: &str| h.iter().position(|c| c == n).unwrap();
    let (r, y, i, v) = (col("region"), col("year"), col("indicator"), col("value"));
    rdr.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (
                rec[r].to_string(),
                rec[y].parse().unwrap(),
                rec[i].to_string(),
                (!rec[v].is_empty()).then(|| rec[v].parse().unwrap()),
            )
        })
        .collect()
}

fn expected_rows(case: &Value) -> Option<Vec<Row>> {
    let rows = case.get("values")?.as_array()?;
    Some(
        rows.iter()
            .map(|r| {
                (
                    r[0].as_str().unwrap().to_string(),
                    r[1].as_i64().unwrap(),
                    r[2].as_str().unwrap().to_string(),
                    r[3].as_f64(),
                )
            })
            .collect(),
    )
}

/// One failure message for a case, or none.
fn check(case: &Value, dir: &Path, tmp: &Path) -> Option<String> {
    let name = case["name"].as_str().unwrap();
    let generated = generate(case, tmp);
    let args = args_of(case, dir, generated.as_deref());
    let close = case["close_stdout"].as_bool().unwrap_or(false);
    let r = run(&args, dir, close);
    let Some(code) = r.code else {
        return Some(format!("{name}: ended by a signal (stderr: {})", r.stderr));
    };
    if r.stderr.contains("panicked") || r.stderr.contains("RUST_BACKTRACE") {
        return Some(format!("{name}: panicked: {}", r.stderr));
    }
    if !case["exit_any"].as_bool().unwrap_or(false) {
        let want = case["exit"].as_i64().unwrap() as i32;
        if code != want {
            return Some(format!(
                "{name}: exit {code}, expected {want}; stderr: {}",
                r.stderr
            ));
        }
    }
    for s in case["stderr"].as_array().into_iter().flatten() {
        let s = s.as_str().unwrap();
        if !r.stderr.contains(s) {
            return Some(format!("{name}: stderr lacks {s:?}: {}", r.stderr));
        }
    }
    for s in case["stdout"].as_array().into_iter().flatten() {
        let s = s.as_str().unwrap();
        if !r.stdout.contains(s) {
            return Some(format!("{name}: stdout lacks {s:?}"));
        }
    }
    if let Some(max) = case["stderr_max_bytes"].as_u64()
        && r.stderr.len() as u64 > max
    {
        return Some(format!("{name}: a {} byte error message", r.stderr.len()));
    }
    if let Some(want) = expected_rows(case) {
        let got = rows_of(&r.stdout);
        if got != want {
            return Some(format!("{name}: rows {got:?}, expected {want:?}"));
        }
    }
    None
}

#[test]
fn the_bad_input_corpus_runs_clean_through_the_cli() {
    let dir = corpus_dir();
    let cases: Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("cases.json")).unwrap()).unwrap();
    let tmp = std::env::temp_dir().join(format!("indikator-corpus-{}", std::process::id()));
    std::fs::create_dir_all(&tmp).unwrap();
    let cases = cases["cases"].as_array().unwrap();
    assert!(cases.len() >= 50, "the corpus holds {} cases", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| check(c, &dir, &tmp)).collect();
    std::fs::remove_dir_all(&tmp).ok();
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}
