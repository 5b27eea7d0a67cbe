#![allow(dead_code)] // each test binary uses its own part of these helpers
//! Running the real `sandan` binary as an operator would.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// `sandan --database-url URL ARGS…`, with `stdin` as its standard input.
pub fn sandan_with_input(url: &str, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sandan"))
        .arg("--database-url")
        .arg(url)
        .args(args)
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

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}
