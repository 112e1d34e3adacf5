//! The `indikator` command line. The CLI is a binary-only module tree (`cli/`), as ripgrep keeps
//! its own: the library's public API carries no clap types.

/// The memory guard of notebook cells reads the bytes held from this allocator.
#[cfg(feature = "script")]
#[global_allocator]
static ALLOC: indikator::script::CountingAlloc = indikator::script::CountingAlloc;

mod cli;

use clap::Parser;

fn main() -> std::process::ExitCode {
    // Show whole tables (polars truncates at 10 rows by default). Set before any thread starts.
    // In the notebook kernel, frames show 10 rows like Python polars.
    let kernel = std::env::args().nth(1).as_deref() == Some("kernel");
    for (k, v) in [
        ("POLARS_FMT_MAX_ROWS", if kernel { "10" } else { "500" }),
        ("POLARS_FMT_MAX_COLS", "20"),
        ("POLARS_FMT_TABLE_WIDTH", "200"),
    ] {
        if std::env::var_os(k).is_none() {
            // SAFETY: no other thread exists yet.
            unsafe { std::env::set_var(k, v) };
        }
    }
    match cli::run(cli::Cli::parse()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
