//! `salescope-cli export`: charts to PNG or SVG files.

use std::path::Path;

use salescope_core::{
    display_svg, meeting_set, png, render, write_atomic, ChartKind, Context, Error, ErrorCode,
    Query, Size, PRESETS,
};

/// The output size from a preset or width and height (default: a 16:9 slide).
pub fn size(
    preset: Option<&str>,
    width: Option<u32>,
    height: Option<u32>,
    scale: f64,
) -> Result<Size, Error> {
    let (mut w, mut h) = (1920, 1080);
    if let Some(name) = preset {
        let p = PRESETS
            .iter()
            .find(|p| p.id.eq_ignore_ascii_case(name.trim()))
            .ok_or_else(|| {
                let names: Vec<&str> = PRESETS.iter().map(|p| p.id).collect();
                Error::new(
                    ErrorCode::InvalidArgument,
                    format!(
                        "\"{name}\" is not a size preset; the presets are {}",
                        names.join(", ")
                    ),
                )
            })?;
        (w, h) = (p.width, p.height);
    }
    let size = Size {
        width: width.unwrap_or(w),
        height: height.unwrap_or(h),
        scale,
    };
    size.validate()?;
    Ok(size)
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Png,
    Svg,
}

fn format_of(path: &Path) -> Result<Format, Error> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => Ok(Format::Png),
        Some("svg") => Ok(Format::Svg),
        _ => Err(Error::new(
            ErrorCode::InvalidArgument,
            format!("{} must end in .png or .svg", path.display()),
        )),
    }
}

fn bytes(
    ctx: &Context<'_>,
    q: &Query,
    kind: &ChartKind,
    size: Size,
    format: Format,
) -> Result<Vec<u8>, Error> {
    let r = render(ctx, q, kind, size)?;
    Ok(match format {
        Format::Png => png(&r.svg, size.scale, &r.png_info())?,
        Format::Svg => display_svg(&r.svg)?.into_bytes(),
    })
}

/// Exports one chart to `path` (.png or .svg).
pub fn one(
    ctx: &Context<'_>,
    q: &Query,
    kind: &ChartKind,
    size: Size,
    path: &Path,
) -> Result<(), Error> {
    let format = format_of(path)?;
    let data = bytes(ctx, q, kind, size, format)?;
    write_atomic(path, &data)
}

/// Exports the meeting set into `dir`; returns how many files were written.
pub fn all(
    ctx: &Context<'_>,
    q: &Query,
    size: Size,
    dir: &Path,
    format: &str,
) -> Result<usize, Error> {
    let (format, ext) = match format.to_ascii_lowercase().as_str() {
        "png" => (Format::Png, "png"),
        "svg" => (Format::Svg, "svg"),
        other => {
            return Err(Error::new(
                ErrorCode::InvalidArgument,
                format!("--format is png or svg, not \"{other}\""),
            ))
        }
    };
    std::fs::create_dir_all(dir).map_err(|e| {
        Error::new(
            ErrorCode::Io,
            format!("cannot create {}: {e}", dir.display()),
        )
    })?;
    let kinds = meeting_set(ctx, q)?;
    for (i, kind) in kinds.iter().enumerate() {
        let path = dir.join(format!("{}.{ext}", kind.file_stem()));
        bytes(ctx, q, kind, size, format)
            .and_then(|data| write_atomic(&path, &data))
            .map_err(|e| {
                Error::new(
                    e.code,
                    format!(
                        "{} ({i} of {} charts were written before it)",
                        e.message,
                        kinds.len()
                    ),
                )
            })?;
    }
    Ok(kinds.len())
}
