//! The command's memory allocator: mimalloc as the global allocator, called through its plain
//! entry points wherever the alignment allows, and the one option the command sets on it at
//! start-up (`keep_freed_memory`). Owns the only `unsafe` of the CLI: the allocator's calls into
//! mimalloc and one call into its option table.
//!
//! Why mimalloc: the engine allocates many short-lived strings and vectors per sentence, and
//! mimalloc's per-thread free lists serve them in a fraction of glibc malloc's time (measured in
//! ARCHITECTURE.md, "Dependencies and why").

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_option_set, mi_option_t, mi_realloc,
    mi_realloc_aligned, mi_zalloc, mi_zalloc_aligned,
};

#[global_allocator]
static GLOBAL: Mimalloc = Mimalloc;

/// mimalloc as the global allocator. The `mimalloc` crate's allocator asks for every block by
/// `mi_malloc_aligned`, whose general path costs about three times `mi_malloc`'s fast path
/// (`analyze` makes ~110 allocations per KB of text: 1.8 % of its instructions went to
/// `mi_malloc_aligned` alone). Every mimalloc block is aligned to at least a word (its size
/// classes are multiples of eight bytes), so layouts that ask no more than that take the plain
/// calls, as std's own allocator does with `malloc`.
struct Mimalloc;

/// The alignment every mimalloc block has.
const WORD: usize = std::mem::size_of::<usize>();

// SAFETY: each method forwards to the mimalloc function of the same contract: blocks of at least
// the layout's size, aligned to at least its alignment (the plain calls only when that alignment
// is at most a word, which every mimalloc block has), freed by `mi_free` whatever call made them.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl's comment.
        unsafe {
            if layout.align() <= WORD {
                mi_malloc(layout.size()) as *mut u8
            } else {
                mi_malloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl's comment.
        unsafe {
            if layout.align() <= WORD {
                mi_zalloc(layout.size()) as *mut u8
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()) as *mut u8
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi_free(ptr as *mut c_void) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator with `layout`'s alignment, which the new block
        // keeps (see the impl's comment).
        unsafe {
            if layout.align() <= WORD {
                mi_realloc(ptr as *mut c_void, new_size) as *mut u8
            } else {
                mi_realloc_aligned(ptr as *mut c_void, new_size, layout.align()) as *mut u8
            }
        }
    }
}

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

    /// Blocks of every alignment, from one byte to a page, come back aligned, zeroed when asked,
    /// and keep their contents and alignment through growth and shrinking.
    #[test]
    fn blocks_are_aligned_and_keep_their_contents() {
        for align in [1, 2, 4, 8, 16, 32, 64, 128, 4096] {
            for size in [1, 7, 8, 24, 100, 5_000] {
                let layout = Layout::from_size_align(size, align).unwrap();
                // SAFETY: the layouts have non-zero sizes; every block is freed once, by this
                // allocator, with its layout's alignment, and only its own bytes are touched.
                unsafe {
                    let zeroed = GLOBAL.alloc_zeroed(layout);
                    assert_eq!(zeroed as usize % align, 0, "zeroed {size} @ {align}");
                    assert!(std::slice::from_raw_parts(zeroed, size)
                        .iter()
                        .all(|&b| b == 0));
                    GLOBAL.dealloc(zeroed, layout);
                    // Several live blocks, so a size class whose blocks are less aligned than
                    // asked would show on one of them.
                    let live: Vec<*mut u8> = (0..8).map(|_| GLOBAL.alloc(layout)).collect();
                    for &b in &live {
                        assert_eq!(b as usize % align, 0, "{size} @ {align}");
                    }
                    for b in live {
                        GLOBAL.dealloc(b, layout);
                    }
                    let (mut p, mut len) = (GLOBAL.alloc(layout), size);
                    assert_eq!(p as usize % align, 0, "{size} @ {align}");
                    for new_len in [size * 3 + 50, size / 2 + 1] {
                        for k in 0..len {
                            *p.add(k) = k as u8;
                        }
                        let current = Layout::from_size_align(len, align).unwrap();
                        let q = GLOBAL.realloc(p, current, new_len);
                        assert_eq!(q as usize % align, 0, "{len} → {new_len} @ {align}");
                        for k in 0..len.min(new_len) {
                            assert_eq!(*q.add(k), k as u8, "{len} → {new_len} @ {align}");
                        }
                        (p, len) = (q, new_len);
                    }
                    GLOBAL.dealloc(p, Layout::from_size_align(len, align).unwrap());
                }
            }
        }
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
