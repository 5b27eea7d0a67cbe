//! Running the real `sandan` binary as an operator would.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Output, Stdio};

fn command(url: &str, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_sandan"));
    command.arg("--database-url").arg(url).args(args);
    command
}

/// `sandan --database-url URL ARGS…`, with `stdin` as its standard input.
pub fn sandan_with_input(url: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = command(url, args)
        .env("SANDAN_LOG", "warn")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sandan");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait for sandan")
}

pub fn sandan(url: &str, args: &[&str]) -> Output {
    sandan_with_input(url, args, "")
}

/// `sandan --database-url URL ARGS…` as a service manager starts it: the default log level and
/// format, and its error output not a terminal.
pub fn sandan_as_deployed(url: &str, args: &[&str]) -> Output {
    command(url, args)
        .env_remove("SANDAN_LOG")
        .env_remove("SANDAN_LOG_FORMAT")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null())
        .output()
        .expect("run sandan")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Starts `sandan serve` on a free port with `env` set and its log going to `log`; returns the
/// child and its base URL (the first line it prints).
pub fn serve(url: &str, env: &[(&str, &str)], log: Stdio) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sandan"))
        .args(["--database-url", url, "serve", "--addr", "127.0.0.1:0"])
        .env("SANDAN_LOG", "warn")
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .expect("start sandan serve");
    let mut line = String::new();
    BufReader::new(child.stdout.take().expect("the server's stdout"))
        .read_line(&mut line)
        .expect("the address line");
    let base = line
        .trim()
        .strip_prefix("listening on ")
        .unwrap_or_else(|| panic!("the server printed no address: {line}"))
        .to_string();
    (child, base)
}
