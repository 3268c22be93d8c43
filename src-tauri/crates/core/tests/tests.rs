//! The core's integration tests: one binary (one link), a module per topic.
//! `regressions` holds one test per bug found and fixed.

mod common;

mod bindings;
mod chart;
mod dashboard;
mod deck;
mod explain;
mod exports;
mod import;
mod kpi;
mod kpi_properties;
mod kpi_public;
mod limits;
mod notes;
mod outlook;
mod public_corpus;
mod real_files;
mod regressions;
mod sample;
