//! Starts `tickets`; everything else is in the library.

fn main() -> std::process::ExitCode {
    tickets::cli::main()
}
