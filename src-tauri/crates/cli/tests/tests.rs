//! The command line's integration tests: one binary (one link), a module per topic.

mod cli;
mod durability;
