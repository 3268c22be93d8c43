//! The sample workbook (placeholder during development).
use std::path::{Path, PathBuf};

use crate::error::Result;

pub fn write_sample(dir: &Path) -> Result<PathBuf> {
    Ok(dir.join("salescope-sample.xlsx"))
}
