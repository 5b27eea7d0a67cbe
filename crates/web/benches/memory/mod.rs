//! The process's memory as the benchmarks report it, from /proc/self/status.

/// Resident memory now and at its peak, from /proc/self/status (Linux).
pub fn memory() -> String {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .map(|kb| format!("{:.1} MB", kb / 1024.0))
            .unwrap_or_else(|| "unknown".into())
    };
    format!("VmRSS {}, VmHWM {}", field("VmRSS:"), field("VmHWM:"))
}
