//! The command's memory allocator: mimalloc as the global allocator, and the one option the
//! command sets on it at start-up (`keep_freed_memory`). Owns the only `unsafe` of the CLI: one
//! call into mimalloc's option table.
//!
//! Why mimalloc: the engine allocates many short-lived strings and vectors per sentence, and
//! mimalloc's per-thread free lists serve them in a fraction of glibc malloc's time (measured in
//! ARCHITECTURE.md, "Dependencies and why").

use libmimalloc_sys::{mi_option_set, mi_option_t};

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay`: its place in `mi_option_e` of mimalloc v3's `mimalloc.h`, the C
/// source libmimalloc-sys builds (its Rust constants name the options of v2, where 15 had
/// another meaning). A unit test holds this to the option's documented default, so a
/// libmimalloc-sys that moves it fails a test instead of silently setting another option.
const PURGE_DELAY: mi_option_t = 15;

/// Keep the memory the program frees for its own reuse instead of returning it to the system.
///
/// By default mimalloc gives freed pages back to the kernel ("purges" them) a second after they
/// fall empty. `dossier` is a batch run of seconds whose working set is churned document after
/// document, so those pages were faulted in again moments later, each one zeroed by the kernel
/// first (mostly 2 MB transparent huge pages). On this project's shared VM the kernel's page
/// zeroing was 11 % of `dossier analyze`'s CPU time on 10.5 MB (perf, cpu-clock). Without
/// purging, its system time fell from 0.23–0.27 s to 0.02–0.05 s in one series of interleaved
/// runs (5 each) and from 0.13–0.22 s to 0.04–0.14 s in another (6 each); user time did not
/// move beyond the host's noise. The peak resident size barely moves (≈ 122 → 128 MB): what is
/// freed is reused, not left idle.
pub fn keep_freed_memory() {
    // SAFETY: `mi_option_set` stores an integer in mimalloc's option table. It takes no
    // pointers, has no preconditions and may be called at any time from any thread.
    unsafe { mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use libmimalloc_sys::mi_option_get;

    /// The current value of the purge-delay option (milliseconds; -1 = never).
    fn purge_delay() -> std::ffi::c_long {
        // SAFETY: reads one integer of mimalloc's option table (initialising the table on first
        // use); no pointers, no preconditions.
        unsafe { mi_option_get(PURGE_DELAY) }
    }

    /// Option 15 is the purge delay: it starts at v3's default of 1,000 ms (`options.c`) unless
    /// the environment overrides it, and `keep_freed_memory` turns purging off.
    #[test]
    fn option_15_is_the_purge_delay() {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
            assert_eq!(
                purge_delay(),
                1000,
                "option 15 is not mimalloc's purge delay"
            );
        }
        keep_freed_memory();
        assert_eq!(purge_delay(), -1);
    }
}
