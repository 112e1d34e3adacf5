//! `indikator kernel [install]`

use std::path::PathBuf;

use clap::Subcommand;
use indikator::{Error, Result};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Option<Command>,
    /// Connection file written by Jupyter. / Berkas koneksi dari Jupyter.
    #[arg(short = 'f', long)]
    connection_file: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Write kernels/indikator/kernel.json and the logos. / Pasang spesifikasi kernel.
    Install {
        /// In the user's Jupyter folder (default). / Di folder Jupyter pengguna (bawaan).
        #[arg(long, conflicts_with_all = ["sys_prefix", "prefix", "dir"])]
        user: bool,
        /// In the active Python environment. / Di lingkungan Python yang aktif.
        #[arg(long, conflicts_with_all = ["prefix", "dir"])]
        sys_prefix: bool,
        /// Under PREFIX/share/jupyter/kernels. / Di bawah PREFIX/share/jupyter/kernels.
        #[arg(long, conflicts_with = "dir")]
        prefix: Option<PathBuf>,
        /// Under DIR/kernels (DIR: a Jupyter data folder, e.g. in JUPYTER_PATH). / Di DIR/kernels.
        #[arg(long)]
        dir: Option<PathBuf>,
    },
}

pub fn run(a: Args) -> Result<()> {
    use indikator::kernel::install::{Location, install};
    match (a.command, a.connection_file) {
        (
            Some(Command::Install {
                user: _,
                sys_prefix,
                prefix,
                dir,
            }),
            _,
        ) => {
            let loc = match (sys_prefix, prefix, dir) {
                (true, _, _) => Location::SysPrefix,
                (_, Some(p), _) => Location::Prefix(p),
                (_, _, Some(d)) => Location::DataDir(d),
                _ => Location::User,
            };
            let d = install(&loc)?;
            super::output::line(&format!("installed kernel spec in {}", d.display()))
        }
        (None, Some(f)) => indikator::kernel::run(&f),
        (None, None) => Err(Error::InvalidArgument {
            what: "kernel".into(),
            message: "give --connection-file FILE (Jupyter does), or `indikator kernel install`"
                .into(),
        }),
    }
}
