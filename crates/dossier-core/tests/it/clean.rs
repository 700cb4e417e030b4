//! Clean specs (main content vs boilerplate).
