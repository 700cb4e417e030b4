//! Running a program and measuring it: wall time, CPU time (user + system, from the kernel's
//! accounting of reaped children in `/proc/self/stat`) and peak resident memory (sampled `VmHWM`).
//!
//! CPU seconds are what throughput is computed from: the machine is shared, so wall time on a busy
//! box says more about the neighbours than about the program. Both are reported.

use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub struct Run {
    pub status: ExitStatus,
    pub stdout: Vec<u8>,
    pub stderr: String,
    pub wall: Duration,
    /// User + system CPU time of the child (and its threads); `None` off Linux.
    pub cpu: Option<Duration>,
    /// Peak resident set size in bytes, sampled every few milliseconds; `None` when unavailable.
    pub peak_rss: Option<u64>,
}

impl Run {
    /// CPU seconds when known, else wall seconds.
    pub fn seconds(&self) -> f64 {
        self.cpu.unwrap_or(self.wall).as_secs_f64().max(1e-6)
    }
}

/// Clock ticks of reaped children (cutime + cstime). USER_HZ is 100 on every Linux target Rust
/// supports, and the kernel's ABI keeps it there.
fn children_ticks() -> Option<u64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = stat.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    Some(f.get(13)?.parse::<u64>().ok()? + f.get(14)?.parse::<u64>().ok()?)
}

fn vm_hwm(pid: u32) -> Option<u64> {
    let s = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// Run `cmd` with `stdin` from a file (or nothing), capturing stdout into `out_file`.
pub fn run(mut cmd: Command, stdin: Option<&Path>, out_file: &Path) -> Result<Run, String> {
    let out =
        std::fs::File::create(out_file).map_err(|e| format!("{}: {e}", out_file.display()))?;
    let err_path = out_file.with_extension("stderr");
    let err =
        std::fs::File::create(&err_path).map_err(|e| format!("{}: {e}", err_path.display()))?;
    match stdin {
        Some(p) => cmd.stdin(std::fs::File::open(p).map_err(|e| format!("{}: {e}", p.display()))?),
        None => cmd.stdin(Stdio::null()),
    };
    cmd.stdout(out).stderr(err);
    let before = children_ticks();
    let t0 = Instant::now();
    let mut child = cmd
        .spawn()
        .map_err(|e| format!("cannot start {:?}: {e}", cmd.get_program()))?;
    let pid = child.id();
    let mut peak = None;
    let status = loop {
        if let Some(v) = vm_hwm(pid) {
            peak = Some(v);
        }
        match child.try_wait() {
            Ok(Some(s)) => break s,
            Ok(None) => std::thread::sleep(Duration::from_millis(5)),
            Err(e) => return Err(format!("waiting for {:?}: {e}", cmd.get_program())),
        }
    };
    let wall = t0.elapsed();
    let cpu = match (before, children_ticks()) {
        (Some(a), Some(b)) => Some(Duration::from_millis((b - a) * 10)),
        _ => None,
    };
    Ok(Run {
        status,
        stdout: std::fs::read(out_file).unwrap_or_default(),
        stderr: std::fs::read_to_string(&err_path).unwrap_or_default(),
        wall,
        cpu,
        peak_rss: peak,
    })
}

/// Least-squares slope of log(y) on log(x): the exponent k in y ∝ x^k.
pub fn fit_exponent(points: &[(f64, f64)]) -> Option<f64> {
    let pts: Vec<(f64, f64)> = points
        .iter()
        .filter(|(x, y)| *x > 0.0 && *y > 0.0)
        .map(|(x, y)| (x.ln(), y.ln()))
        .collect();
    if pts.len() < 2 {
        return None;
    }
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    (sxx > 0.0).then(|| sxy / sxx)
}

/// gzip size of `data` at level 9: a raw deflate stream plus gzip's 10-byte header and 8-byte
/// trailer, which is what `gzip -9` writes for an unnamed stream.
pub fn gzip_len(data: &[u8]) -> usize {
    miniz_oxide::deflate::compress_to_vec(data, 9).len() + 18
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponent_of_power_laws() {
        let lin = [(1.0, 2.0), (10.0, 20.0), (100.0, 200.0)];
        assert!((fit_exponent(&lin).unwrap() - 1.0).abs() < 1e-9);
        let quad = [(1.0, 3.0), (10.0, 300.0), (100.0, 30000.0)];
        assert!((fit_exponent(&quad).unwrap() - 2.0).abs() < 1e-9);
        assert!(fit_exponent(&[(1.0, 1.0)]).is_none());
    }

    #[test]
    fn gzip_len_compresses_repetition() {
        let data = "Sergei Lavrov met Kim Jong Un. ".repeat(1000);
        let n = gzip_len(data.as_bytes());
        assert!(n > 18 && n < data.len() / 20, "{n}");
    }

    #[test]
    fn measures_a_child_process() {
        let dir = std::env::temp_dir().join(format!("dossier-measure-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut cmd = Command::new("sh");
        cmd.args(["-c", "printf hello; printf oops >&2; exit 3"]);
        let r = run(cmd, None, &dir.join("out")).unwrap();
        assert_eq!(r.stdout, b"hello");
        assert_eq!(r.stderr, "oops");
        assert_eq!(r.status.code(), Some(3));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
