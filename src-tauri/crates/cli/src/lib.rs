//! `salescope-cli`: the command line over Salescope's engine (argument parsing
//! and printing only; the work is in `salescope-core`). A library, so that the
//! desktop app's binary can run it too (`salescope --cli`).

use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand};
use salescope_core::{
    import_file, kpi, paths, sample, Error, ErrorCode, ImportOptions, ImportReport, Progress,
    ProgressSink, RecordKind, Stage, Store, Workspace,
};

/// `println!` that never panics: a reader that went away (`| head`) ends the
/// program quietly with success, any other failure to write with a message.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout(), $($arg)*) {
            $crate::stdout_failed(e)
        }
    }};
}

mod export;
mod report;

fn stdout_failed(e: std::io::Error) -> ! {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    eprintln!("salescope-cli: cannot write the output: {e}");
    std::process::exit(1)
}

#[derive(Parser)]
#[command(
    name = "salescope-cli",
    version,
    about = "Sales KPI scorecards from your spreadsheets, on the command line"
)]
struct Cli {
    /// The database file (default: salescope.db in the app-data folder, or $SALESCOPE_DB).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Import spreadsheets (xlsx, xlsm, xls, xlsb, ods) or CSV/TSV files.
    Import {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Import only this sheet of a workbook.
        #[arg(long, value_name = "NAME")]
        sheet: Option<String>,
        /// What the rows are: deals, orders, leads, activities, subscriptions, spend, targets, lookup.
        #[arg(long, value_name = "KIND", value_parser = parse_kind)]
        kind: Option<RecordKind>,
        /// Map a column to a role by its header ("Closed On=close_date"), or to none ("Notes=").
        #[arg(long = "map", value_name = "HEADER=ROLE")]
        map: Vec<String>,
        /// Replace the dataset imported before from the same content.
        #[arg(long)]
        replace: bool,
        /// Print the reports as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the datasets, or remove one.
    Datasets {
        #[command(subcommand)]
        action: Option<DatasetAction>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Compute the scorecard: every KPI with goal, attainment, status, previous and year ago.
    Kpis {
        /// A month (2024-03), quarter (2024-Q1), year (2024), ISO week (2024-W09) or range
        /// (2024-01-15..2024-02-29). Default: the latest complete quarter of the data.
        #[arg(long, value_name = "P")]
        period: Option<String>,
        /// Only records with this dimension value (team, region, product, category, rep,
        /// source, customer, or an attribute from a lookup sheet). Repeat for more; values of
        /// one dimension are alternatives.
        #[arg(long = "filter", value_name = "DIM=VALUE")]
        filter: Vec<String>,
        /// Break every KPI down by a dimension.
        #[arg(long, value_name = "DIM")]
        by: Option<String>,
        /// Compute as if today were this date (a period holding it is computed to date).
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
        /// Print as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Set, list or remove goals.
    Goals {
        #[command(subcommand)]
        action: GoalAction,
    },
    /// Forecast a KPI's monthly series (Holt, or Holt-Winters from 24 months) with an 80% band.
    Forecast {
        /// The KPI id (total_revenue, new_leads, win_rate ...).
        kpi: String,
        /// How many months ahead.
        #[arg(long, default_value_t = 3, value_name = "N")]
        periods: usize,
        #[arg(long = "filter", value_name = "DIM=VALUE")]
        filter: Vec<String>,
        #[arg(long)]
        json: bool,
    },
    /// Show or change the KPI settings (fiscal year, thresholds, variants, weights).
    Settings {
        #[command(subcommand)]
        action: Option<SettingAction>,
        /// Print the settings as JSON.
        #[arg(long, global = true)]
        json: bool,
    },
    /// Export a chart as PNG or SVG (`--out`), or every chart of a meeting into a folder
    /// (`all --out-dir`).
    Export {
        /// scorecard, funnel, gauge:KPI, bullet:KPI, tile:KPI, trend:KPI, breakdown:KPI:DIM, or all.
        chart: String,
        /// The file to write; .png or .svg.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// For `all`: the folder to write the charts into (created if missing).
        #[arg(long, value_name = "DIR")]
        out_dir: Option<PathBuf>,
        /// For `all`: png or svg.
        #[arg(long, default_value = "png", value_name = "png|svg")]
        format: String,
        /// The period (as for `kpis`). Default: the latest complete quarter of the data.
        #[arg(long, value_name = "P")]
        period: Option<String>,
        #[arg(long = "filter", value_name = "DIM=VALUE")]
        filter: Vec<String>,
        /// A size preset: slide (1920x1080), 4:3 (1600x1200) or square (1080x1080).
        #[arg(long, value_name = "NAME")]
        preset: Option<String>,
        /// Width in layout pixels (default 1920).
        #[arg(long, value_name = "W")]
        width: Option<u32>,
        /// Height in layout pixels (default 1080).
        #[arg(long, value_name = "H")]
        height: Option<u32>,
        /// Pixels per layout pixel in a PNG: 1, 2 or 3 (a 2x slide is 3840x2160).
        #[arg(long, default_value_t = 1.0, value_name = "S")]
        scale: f64,
        /// Compute as if today were this date.
        #[arg(long, value_name = "YYYY-MM-DD")]
        as_of: Option<String>,
    },
    /// Write the sample workbook (deals, leads, activities, spend, targets, reps).
    Sample {
        /// The folder to write salescope-sample.xlsx into.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
enum GoalAction {
    /// Set the goal of a KPI for a period (and a segment); replaces the one there was.
    Set {
        kpi: String,
        /// The target: a number, or a fraction or percent for rates (0.3 or 30%).
        value: String,
        #[arg(long, value_name = "P", required = true)]
        period: String,
        #[arg(long = "filter", value_name = "DIM=VALUE")]
        filter: Vec<String>,
    },
    /// List every goal.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a goal: by its id, or by KPI with --period (and --filter).
    Remove {
        /// A goal id (from `goals list`) or a KPI id.
        what: String,
        #[arg(long, value_name = "P")]
        period: Option<String>,
        #[arg(long = "filter", value_name = "DIM=VALUE")]
        filter: Vec<String>,
    },
}

#[derive(Subcommand)]
enum SettingAction {
    /// Set one: fiscal_start_month 4 · thresholds 1.0,0.9 · threshold.win_rate 95%,85% ·
    /// variant.win_rate all_opportunities · weight.revenue 2
    Set { key: String, value: String },
    /// Back to the default.
    Reset { key: String },
}

#[derive(Subcommand)]
enum DatasetAction {
    /// Remove a dataset and every record imported with it.
    Remove { id: i64 },
}

fn parse_kind(s: &str) -> Result<RecordKind, String> {
    RecordKind::parse(s).ok_or_else(|| {
        let all: Vec<&str> = RecordKind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind \"{s}\"; expected one of {}", all.join(", "))
    })
}

/// Runs the command line on `args` (the program name first), as `main` does:
/// the `salescope-cli` binary, and the app's `salescope --cli ...` (the
/// installed package's `salescope-cli` is that, one binary for both).
pub fn main_from<I, T>(args: I) -> ExitCode
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = Cli::parse_from(args);
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("salescope-cli: {e}");
            ExitCode::FAILURE
        }
    }
}

fn open_store(db: Option<PathBuf>) -> Result<Store, Error> {
    let path = match db {
        Some(p) => p,
        None => paths::default_db_path()?,
    };
    Store::open(&path)
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    match cli.command {
        Command::Kpis {
            period,
            filter,
            by,
            as_of,
            json,
        } => {
            let store = open_store(cli.db)?;
            let ws = Workspace::load(&store)?;
            let query = kpi::Query {
                period,
                filter: kpi::goals::parse_filter(&filter)?,
                by,
                today: as_of.as_deref().map(kpi::parse_date).transpose()?,
            };
            let card = kpi::scorecard(&ws.context(), &query)?;
            if json {
                out!("{}", to_json(&card)?);
            } else {
                report::print_scorecard(&card);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Goals { action } => {
            let store = open_store(cli.db)?;
            let settings = kpi::Settings::load(store.conn())?;
            let fiscal = settings.fiscal_start_month;
            match action {
                GoalAction::Set {
                    kpi: id,
                    value,
                    period,
                    filter,
                } => {
                    let def = kpi::settings::kpi_def(&id)?;
                    let target = kpi::goals::parse_target(def, &value)?;
                    let period = kpi::Period::parse(&period, fiscal)?;
                    let filter = kpi::goals::parse_filter(&filter)?;
                    let g = kpi::goals::set_goal(store.conn(), def.id, &period, &filter, target)?;
                    out!("Goal {} set: {}", g.id, report::goal_line(&g));
                }
                GoalAction::List { json } => {
                    let goals = kpi::goals::list_goals(store.conn())?;
                    if json {
                        out!("{}", to_json(&goals)?);
                    } else {
                        report::print_goals(&goals);
                    }
                }
                GoalAction::Remove {
                    what,
                    period,
                    filter,
                } => {
                    let g = match (what.parse::<i64>(), period) {
                        (Ok(id), None) if filter.is_empty() => {
                            kpi::goals::remove_goal(store.conn(), id)?
                        }
                        (_, Some(p)) => kpi::goals::remove_goal_for(
                            store.conn(),
                            &what,
                            &kpi::Period::parse(&p, fiscal)?,
                            &kpi::goals::parse_filter(&filter)?,
                        )?,
                        _ => {
                            return Err(Error::new(
                                ErrorCode::InvalidArgument,
                                "remove a goal by its id (goals remove 3) or by KPI and period (goals remove win_rate --period 2024-Q1)",
                            ))
                        }
                    };
                    out!("Goal {} removed: {}", g.id, report::goal_line(&g));
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Forecast {
            kpi: id,
            periods,
            filter,
            json,
        } => {
            if !(1..=36).contains(&periods) {
                return Err(Error::new(
                    ErrorCode::InvalidArgument,
                    format!("--periods is 1 to 36 months, not {periods}"),
                ));
            }
            let store = open_store(cli.db)?;
            let ws = Workspace::load(&store)?;
            let filter = kpi::goals::parse_filter(&filter)?;
            let fc = kpi::forecast(&ws.context(), &id, &filter, periods)?;
            if json {
                out!("{}", to_json(&fc)?);
            } else {
                report::print_forecast(&fc);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Settings { action, json } => {
            let store = open_store(cli.db)?;
            let s = match action {
                None => kpi::Settings::load(store.conn())?,
                Some(SettingAction::Set { key, value }) => {
                    kpi::Settings::set(store.conn(), &key, &value)?
                }
                Some(SettingAction::Reset { key }) => kpi::Settings::reset(store.conn(), &key)?,
            };
            if json {
                out!("{}", to_json(&s)?);
            } else {
                report::print_settings(&s);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Export {
            chart,
            out,
            out_dir,
            format,
            period,
            filter,
            preset,
            width,
            height,
            scale,
            as_of,
        } => {
            let size = export::size(preset.as_deref(), width, height, scale)?;
            let all = chart.trim() == "all";
            let not_for = |what: &str, flag: &str| {
                Err(Error::new(
                    ErrorCode::InvalidArgument,
                    format!("{flag} is for {what}"),
                ))
            };
            if all && out.is_some() {
                return not_for("one chart; export all writes to --out-dir DIR", "--out");
            }
            if !all && out_dir.is_some() {
                return not_for(
                    "export all; one chart is written to --out FILE",
                    "--out-dir",
                );
            }
            if !all && format != "png" {
                return not_for(
                    "export all; one chart takes its format from --out's extension",
                    "--format",
                );
            }
            let svg_out = out
                .as_ref()
                .is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")))
                || (all && format.eq_ignore_ascii_case("svg"));
            if svg_out && scale != 1.0 {
                return not_for("PNG files; an SVG has no pixels to scale", "--scale");
            }
            let query = kpi::Query {
                period,
                filter: kpi::goals::parse_filter(&filter)?,
                by: None,
                today: as_of.as_deref().map(kpi::parse_date).transpose()?,
            };
            let store = open_store(cli.db)?;
            let ws = Workspace::load(&store)?;
            let ctx = ws.context();
            if all {
                let dir = out_dir.ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidArgument,
                        "export all writes a folder of charts: give --out-dir DIR",
                    )
                })?;
                let n = export::all(&ctx, &query, size, &dir, &format)?;
                out!("{n} charts written to {}", dir.display());
            } else {
                let path = out.ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidArgument,
                        "give the file to write with --out FILE.png (or .svg)",
                    )
                })?;
                let kind = salescope_core::chart::ChartKind::parse(&chart)?;
                export::one(&ctx, &query, &kind, size, &path)?;
                out!("{}", path.display());
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Sample { out } => {
            let path = sample::write_sample(&out)?;
            out!("{}", path.display());
            Ok(ExitCode::SUCCESS)
        }
        Command::Datasets {
            action: Some(DatasetAction::Remove { id }),
            ..
        } => {
            let mut store = open_store(cli.db)?;
            let info = store.remove_dataset(id)?;
            out!(
                "Removed dataset {} ({}: {} rows of {}).",
                info.id,
                info.name,
                thousands(info.rows),
                info.kind
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Datasets { action: None, json } => {
            let store = open_store(cli.db)?;
            let list = store.datasets()?;
            if json {
                out!("{}", to_json(&list)?);
            } else if list.is_empty() {
                out!("No datasets yet. Import a file with `salescope-cli import FILE`.");
            } else {
                out!(
                    "{:>4}  {:<13}  {:>9}  {:<20}  NAME",
                    "ID",
                    "KIND",
                    "ROWS",
                    "IMPORTED (UTC)"
                );
                for d in list {
                    out!(
                        "{:>4}  {:<13}  {:>9}  {:<20}  {}",
                        d.id,
                        d.kind.as_str(),
                        thousands(d.rows),
                        d.imported_at.replace('T', " ").trim_end_matches('Z'),
                        d.name
                    );
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Import {
            files,
            sheet,
            kind,
            map,
            replace,
            json,
        } => {
            let mut roles = BTreeMap::new();
            for m in &map {
                let (h, r) = m.split_once('=').ok_or_else(|| {
                    Error::new(
                        ErrorCode::InvalidArgument,
                        format!("--map takes HEADER=ROLE, not \"{m}\""),
                    )
                })?;
                let r = r.trim();
                roles.insert(h.trim().to_string(), (!r.is_empty()).then(|| r.to_string()));
            }
            let opts = ImportOptions {
                sheet,
                kind,
                replace,
                roles,
                ..ImportOptions::default()
            };
            let mut store = open_store(cli.db)?;
            let progress = TerminalProgress::new(!json && std::io::stderr().is_terminal());
            let mut reports = Vec::new();
            let mut errors = Vec::new();
            for f in &files {
                match import_file(&mut store, f, &opts, &progress) {
                    Ok(r) => {
                        progress.clear();
                        if !json {
                            print_report(&r);
                        }
                        reports.push(r);
                    }
                    Err(e) => {
                        progress.clear();
                        if !json {
                            eprintln!("salescope-cli: {e}");
                        }
                        errors.push(e);
                    }
                }
            }
            if json {
                let out = serde_json::json!({ "reports": reports, "errors": errors });
                out!("{}", to_json(&out)?);
            }
            Ok(if errors.is_empty() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string_pretty(v).map_err(|e| Error::new(ErrorCode::Io, e.to_string()))
}

pub(crate) fn thousands(n: u64) -> String {
    salescope_core::import::limits::thousands(n)
}

fn print_report(r: &ImportReport) {
    let mut how = vec![r.format.as_str().to_string()];
    how.extend(r.encoding.clone());
    how.extend(r.delimiter.clone().map(|d| format!("{d}-separated")));
    out!("{} ({}), {} ms", r.file, how.join(", "), r.elapsed_ms);
    for s in &r.sheets {
        let name = s
            .sheet
            .as_deref()
            .map(|n| format!("sheet \"{n}\": "))
            .unwrap_or_default();
        if s.already_imported {
            out!("  {name}already imported as dataset {}; nothing added (use --replace to import again)", s.dataset_id);
            continue;
        }
        out!(
            "  {name}dataset {}: {} rows of {} imported (header on row {})",
            s.dataset_id,
            thousands(s.rows_imported),
            s.kind,
            s.header_row
        );
        for k in &s.skipped {
            let rows: Vec<String> = k.rows.iter().map(|r| r.to_string()).collect();
            let more = if k.count as usize > k.rows.len() {
                ", …"
            } else {
                ""
            };
            out!(
                "    skipped {} × {} (rows {}{more})",
                thousands(k.count),
                k.reason,
                rows.join(", ")
            );
        }
        for c in &s.columns {
            let role = c
                .role
                .as_deref()
                .map(|r| format!(" → {r}"))
                .unwrap_or_default();
            let cur = c
                .currency
                .as_deref()
                .map(|c| format!(" {c}"))
                .unwrap_or_default();
            let mm = if c.mismatches > 0 {
                format!(" ({} not {})", c.mismatches, c.column_type.as_str())
            } else {
                String::new()
            };
            out!(
                "    {:>3} {:<28} {}{cur}{role}{mm}",
                c.letter,
                c.header,
                c.column_type.as_str()
            );
        }
        if !s.unknown_stages.is_empty() {
            out!(
                "    stages counted as open: {}",
                s.unknown_stages.join(", ")
            );
        }
        if s.warning_count > 0 {
            out!(
                "    {} warning(s), first {}:",
                thousands(s.warning_count),
                s.warnings.len()
            );
            for w in &s.warnings {
                out!("      {}: {}", w.location, w.message);
            }
        }
    }
    for k in &r.skipped_sheets {
        out!("  sheet \"{}\" skipped: {}", k.sheet, k.reason);
    }
}

/// A one-line progress display on stderr, at most 5 updates a second.
struct TerminalProgress {
    enabled: bool,
    last: Mutex<Option<Instant>>,
}

impl TerminalProgress {
    fn new(enabled: bool) -> Self {
        TerminalProgress {
            enabled,
            last: Mutex::new(None),
        }
    }

    fn clear(&self) {
        if self.enabled {
            eprint!("\r\x1b[2K");
            let _ = std::io::stderr().flush();
        }
    }
}

impl ProgressSink for TerminalProgress {
    fn report(&self, p: &Progress) {
        if !self.enabled {
            return;
        }
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if last.is_some_and(|t| t.elapsed() < Duration::from_millis(200)) && p.stage != Stage::Done
        {
            return;
        }
        *last = Some(Instant::now());
        let what = match p.stage {
            Stage::Analysing => "reading",
            Stage::Writing => "writing",
            Stage::Done => "done",
        };
        let total = p
            .rows_total
            .map(|t| format!(" of {}", thousands(t)))
            .unwrap_or_default();
        eprint!(
            "\r\x1b[2K{} {}: {}{} rows",
            p.file,
            what,
            thousands(p.rows_done),
            total
        );
        let _ = std::io::stderr().flush();
    }
}
