//! `indikator kernel install`: write the kernel spec Jupyter finds.
//!
//! `kernels/indikator/kernel.json` (absolute path of this binary, `interrupt_mode: message`) and
//! the logos `logo-32x32.png`, `logo-64x64.png`, `logo-svg.svg`, under one of:
//!
//! | flag | folder |
//! | --- | --- |
//! | `--user` (default) | `$JUPYTER_DATA_DIR/kernels`, else `~/.local/share/jupyter/kernels` |
//! | `--sys-prefix` | `$VIRTUAL_ENV` / `$CONDA_PREFIX` (else `python3`'s `sys.prefix`) `/share/jupyter/kernels` |
//! | `--prefix P` | `P/share/jupyter/kernels` |
//! | `--dir D` | `D/kernels` (D is a Jupyter data folder, e.g. an entry of `JUPYTER_PATH`) |

use std::path::{Path, PathBuf};

use serde_json::json;

use crate::error::{Error, Result};

/// Where to install.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// The user's Jupyter data folder.
    User,
    /// The active Python environment.
    SysPrefix,
    /// An installation prefix.
    Prefix(PathBuf),
    /// A Jupyter data folder.
    DataDir(PathBuf),
}

fn err(message: String) -> Error {
    Error::InvalidArgument {
        what: "kernel install".into(),
        message,
    }
}

fn sys_prefix() -> Result<PathBuf> {
    for v in ["VIRTUAL_ENV", "CONDA_PREFIX"] {
        if let Some(p) = std::env::var_os(v) {
            return Ok(PathBuf::from(p));
        }
    }
    let out = std::process::Command::new("python3")
        .args(["-c", "import sys; print(sys.prefix)"])
        .output()
        .map_err(|e| {
            err(format!(
                "no active environment and python3 failed: {e}; use --prefix"
            ))
        })?;
    Ok(PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// The `kernels` folder of a location.
pub fn kernels_dir(loc: &Location) -> Result<PathBuf> {
    Ok(match loc {
        Location::User => match std::env::var_os("JUPYTER_DATA_DIR") {
            Some(d) => PathBuf::from(d).join("kernels"),
            None => {
                let home = std::env::var_os("HOME")
                    .ok_or_else(|| err("HOME is not set; use --dir".into()))?;
                PathBuf::from(home).join(".local/share/jupyter/kernels")
            }
        },
        Location::SysPrefix => sys_prefix()?.join("share/jupyter/kernels"),
        Location::Prefix(p) => p.join("share/jupyter/kernels"),
        Location::DataDir(d) => d.join("kernels"),
    })
}

/// The kernel spec for the binary at `exe`.
pub fn kernel_json(exe: &Path) -> serde_json::Value {
    json!({
        "argv": [exe.display().to_string(), "kernel", "--connection-file", "{connection_file}"],
        "display_name": "indikator (P0 · TPT)",
        "language": "rhai",
        "interrupt_mode": "message",
        "metadata": {"debugger": false},
    })
}

/// Install the spec; returns the folder written.
///
/// # Errors
/// The binary's path cannot be found, the folder cannot be written.
pub fn install(loc: &Location) -> Result<PathBuf> {
    let exe = std::env::current_exe()
        .and_then(std::fs::canonicalize)
        .map_err(|e| err(format!("cannot find this binary's path: {e}")))?;
    let dir = kernels_dir(loc)?.join("indikator");
    std::fs::create_dir_all(&dir).map_err(|source| Error::Io {
        path: dir.clone(),
        source,
    })?;
    let write = |name: &str, bytes: &[u8]| -> Result<()> {
        let p = dir.join(name);
        std::fs::write(&p, bytes).map_err(|source| Error::Io { path: p, source })
    };
    let spec = serde_json::to_string_pretty(&kernel_json(&exe)).map_err(|source| Error::Json {
        context: "kernel.json".into(),
        source,
    })?;
    write("kernel.json", spec.as_bytes())?;
    let big = crate::plot::logo(64)?;
    write("logo-64x64.png", &big.png)?;
    write("logo-svg.svg", big.svg.as_bytes())?;
    write("logo-32x32.png", &crate::plot::logo(32)?.png)?;
    Ok(dir)
}
