//! The `crosscheck` binary: parse arguments, call the library, map the outcome
//! to an exit code (0 clean, 1 flags at or above `--fail-on`, 2 failure).

use std::process::ExitCode;

fn main() -> ExitCode {
    match crosscheck_cli::run() {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // a closed pipe (`crosscheck … | head`) is a clean exit
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            eprintln!("crosscheck: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  caused by: {cause}");
            }
            ExitCode::from(2)
        }
    }
}

#[path = "cli/mod.rs"]
mod crosscheck_cli;
