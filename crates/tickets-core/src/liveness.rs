//! Telling for certain that another process is gone, without asking it.
//!
//! On Linux a process is named uniquely on its machine by the kernel's boot id, its process
//! namespace, its pid and the time it started (pids are reused; start times are not, within one
//! boot). Two processes that share the boot id and the namespace see the same `/proc`, so one
//! can look the other up there: no entry, or an entry that started at another time, means the
//! other process is gone. Elsewhere (other systems, or another namespace or machine) nothing is
//! certain, and the other process's lease has to run out instead.

/// Who this process is, as far as the machine can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalIdentity {
    /// The kernel's boot and the process namespace, e.g. `3f2b…/pid:[4026531836]`.
    pub machine: String,
    /// The pid and its start time, e.g. `4242:1234567`.
    pub process: String,
}

impl LocalIdentity {
    /// This process's identity; `None` where `/proc` cannot tell it.
    #[must_use]
    pub fn current() -> Option<Self> {
        let boot = std::fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
        let namespace = std::fs::read_link("/proc/self/ns/pid").ok()?;
        let pid = std::process::id();
        let started = start_time(pid)?;
        Some(Self {
            machine: format!("{}/{}", boot.trim(), namespace.display()),
            process: format!("{pid}:{started}"),
        })
    }

    /// Whether the process recorded as `machine` and `process` is certainly gone. `false` when
    /// it is alive or when this process cannot tell (another machine or namespace).
    #[must_use]
    pub fn knows_gone(&self, machine: Option<&str>, process: Option<&str>) -> bool {
        let (Some(machine), Some(process)) = (machine, process) else {
            return false;
        };
        if machine != self.machine || process == self.process {
            return false;
        }
        let Some((pid, started)) = process.split_once(':') else {
            return false;
        };
        let Ok(pid) = pid.parse::<u32>() else {
            return false;
        };
        match start_time(pid) {
            None => true,
            Some(now) => now.to_string() != started,
        }
    }
}

/// The start time of a process (clock ticks since boot), from `/proc/PID/stat`.
fn start_time(pid: u32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    parse_start_time(&stat)
}

/// Field 22 of a `stat` line. The second field (the command name, in parentheses) may itself
/// contain spaces and parentheses, so fields are counted from the last `)`.
fn parse_start_time(stat: &str) -> Option<u64> {
    let rest = &stat[stat.rfind(')')? + 1..];
    // After the name come field 3 (state) onwards; field 22 is the 20th of those.
    rest.split_whitespace().nth(19)?.parse().ok()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "tests")]
    use super::*;

    #[test]
    fn the_start_time_is_read_past_a_name_with_spaces_and_parentheses() {
        let line = "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 5 3 0 0 20 0 1 0 987654 1000 10";
        assert_eq!(parse_start_time(line), Some(987_654));
        assert_eq!(parse_start_time("garbage"), None);
    }

    #[test]
    fn only_a_process_of_this_machine_that_is_not_running_is_known_gone() {
        let Some(me) = LocalIdentity::current() else {
            return; // Not Linux: nothing can be known, which `knows_gone` then says.
        };
        assert!(
            !me.knows_gone(Some(&me.machine), Some(&me.process)),
            "itself"
        );
        let (pid, started) = me.process.split_once(':').unwrap();
        let reused = format!("{pid}:{}", started.parse::<u64>().unwrap() + 1);
        assert!(
            me.knows_gone(Some(&me.machine), Some(&reused)),
            "a pid reused since"
        );
        // Pids are below 2^22 on Linux.
        assert!(
            me.knows_gone(Some(&me.machine), Some("4294967295:1")),
            "no such pid"
        );
        assert!(!me.knows_gone(Some("another/machine"), Some("4294967295:1")));
        assert!(!me.knows_gone(None, None));
    }
}
