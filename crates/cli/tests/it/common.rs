//! Running the real `sandan` binary as an operator would.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

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

/// The address nginx connects to the instances from: the instances' one trusted proxy.
pub const PROXY: &str = "127.0.0.2";

/// A real nginx in front of `sandan serve` instances, as a ministry runs it: it connects to
/// them from [`PROXY`], says the client came over https, alternates requests between them and
/// names the one that answered in `X-Upstream`.
pub struct Nginx {
    child: Child,
    pub base: String,
    dir: PathBuf,
}

impl Nginx {
    pub fn start(binary: &str, upstreams: &[&str]) -> Nginx {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let dir = std::env::temp_dir().join(format!("sandan-nginx-{}-{port}", std::process::id()));
        std::fs::remove_dir_all(&dir).ok();
        std::fs::create_dir_all(&dir).unwrap();
        let servers: String = upstreams
            .iter()
            .map(|u| format!("    server {u} max_fails=1 fail_timeout=30s;\n"))
            .collect();
        let d = dir.display();
        // One process (no master, no daemon) so the test owns it; the instances see nginx's
        // address as PROXY and are told the client came over https, as a TLS-terminating
        // proxy would say.
        let config = format!(
            r#"master_process off;
daemon off;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 512; }}
http {{
  access_log off;
  client_body_temp_path {d}/body;
  proxy_temp_path {d}/proxy;
  fastcgi_temp_path {d}/fastcgi;
  uwsgi_temp_path {d}/uwsgi;
  scgi_temp_path {d}/scgi;
  upstream sandan {{
{servers}  }}
  server {{
    listen 127.0.0.1:{port};
    client_max_body_size 25m;
    location / {{
      proxy_pass http://sandan;
      proxy_bind {PROXY};
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
      proxy_next_upstream error timeout;
      proxy_connect_timeout 2s;
      add_header X-Upstream $upstream_addr always;
    }}
  }}
}}
"#
        );
        let conf = dir.join("nginx.conf");
        std::fs::write(&conf, config).unwrap();
        let child = Command::new(binary)
            .arg("-p")
            .arg(&dir)
            .arg("-c")
            .arg(&conf)
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start nginx");
        let base = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "nginx did not start: {}",
                std::fs::read_to_string(dir.join("error.log")).unwrap_or_default()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Nginx { child, base, dir }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        self.child.kill().ok();
        self.child.wait().ok();
        std::fs::remove_dir_all(&self.dir).ok();
    }
}
