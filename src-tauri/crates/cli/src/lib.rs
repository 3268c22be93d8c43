//! `salescope-cli`: the command line over Salescope's engine (argument parsing
//! and printing only; the work is in `salescope-core`). A library, so that the
//! desktop app's binary can run it too (`salescope --cli`).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use salescope_core::{default_db_path, Error, ErrorCode, RecordKind, Store};

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

mod commands;
mod export;
mod import_report;
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
    Import(ImportArgs),
    /// List the datasets, or remove one.
    Datasets(DatasetsArgs),
    /// Compute the scorecard: every KPI with goal, attainment, status, previous and year ago.
    Kpis(KpisArgs),
    /// Set, list or remove goals.
    Goals(GoalsArgs),
    /// Add, list or remove notes: what happened, shown on the trends it applies to.
    Notes(NotesArgs),
    /// Forecast a KPI's monthly series (Holt, or Holt-Winters from 24 months; damped when it fits better) with an 80% prediction interval.
    Forecast(ForecastArgs),
    /// Will the period hit its revenue goal: closed, commit, best case, pipeline, weighted,
    /// coverage, overdue deals, and the deals, opportunities and leads it takes.
    Outlook(OutlookArgs),
    /// Rank the segments of a dimension (rep by default) by attainment of their own goal.
    Leaderboard(LeaderboardArgs),
    /// Why a KPI moved: its change split exactly into the contributions of a dimension's segments.
    Explain(ExplainArgs),
    /// Show or change the KPI settings (fiscal year, thresholds, variants, weights).
    Settings(SettingsArgs),
    /// Export a chart as PNG or SVG (`--out`), or every chart of a meeting into a folder
    /// (`all --out-dir`).
    Export(ExportArgs),
    /// Write the sample workbook (deals, leads, activities, spend, targets, reps).
    Sample(SampleArgs),
}

#[derive(Args)]
struct ImportArgs {
    #[arg(required = true, value_name = "FILE")]
    files: Vec<PathBuf>,
    /// Import only this sheet of a workbook.
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    /// What the rows are: deals, orders, leads, activities, subscriptions, spend, targets, events, lookup.
    #[arg(long, value_name = "KIND", value_parser = parse_kind)]
    kind: Option<RecordKind>,
    /// Map a column to a role by its header ("Closed On=close_date"), or to none ("Notes=").
    #[arg(long = "map", value_name = "HEADER=ROLE")]
    map: Vec<String>,
    /// Replace the dataset imported before from the same content.
    #[arg(long)]
    replace: bool,
    /// Also import the targets an orders sheet holds beside its actuals (a column such as
    /// "Target Sales") as total revenue goals per month and segment.
    #[arg(long)]
    with_targets: bool,
    /// The KPI a quota sheet without a KPI column sets goals for (default total_revenue).
    #[arg(long, value_name = "KPI")]
    quota_kpi: Option<String>,
    /// Print the reports as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct DatasetsArgs {
    #[command(subcommand)]
    action: Option<DatasetAction>,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

/// The view a KPI command computes: period, segment and "today".
#[derive(Args)]
struct ViewArgs {
    /// A month (2024-03), quarter (2024-Q1), year (2024), ISO week (2024-W09) or range
    /// (2024-01-15..2024-02-29). Default: the latest complete quarter of the data.
    #[arg(long, value_name = "P")]
    period: Option<String>,
    /// Only records with this dimension value (team, region, product, category, rep,
    /// source, customer, or an attribute from a lookup sheet). Repeat for more; values of
    /// one dimension are alternatives.
    #[arg(long = "filter", value_name = "DIM=VALUE")]
    filter: Vec<String>,
    /// Compute as if today were this date (a period holding it is computed to date).
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
}

#[derive(Args)]
struct KpisArgs {
    #[command(flatten)]
    view: ViewArgs,
    /// Break every KPI down by a dimension.
    #[arg(long, value_name = "DIM")]
    by: Option<String>,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct GoalsArgs {
    #[command(subcommand)]
    action: GoalAction,
}

#[derive(Args)]
struct ForecastArgs {
    /// The KPI id (total_revenue, new_leads, win_rate ...).
    kpi: String,
    /// How many months ahead.
    #[arg(long, default_value_t = 3, value_name = "N")]
    periods: usize,
    #[arg(long = "filter", value_name = "DIM=VALUE")]
    filter: Vec<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct OutlookArgs {
    /// The period (as for `kpis`). Default: the quarter holding the outlook's day.
    #[arg(long, value_name = "P")]
    period: Option<String>,
    /// Only records with this dimension value (as for `kpis`).
    #[arg(long = "filter", value_name = "DIM=VALUE")]
    filter: Vec<String>,
    /// Also give the figures per value of a dimension.
    #[arg(long, value_name = "DIM")]
    by: Option<String>,
    /// Take the outlook on this day (default: today, or the data's last day when the data
    /// ends before today; the period's end once the period is over).
    #[arg(long, value_name = "YYYY-MM-DD")]
    as_of: Option<String>,
    /// A what-if rate for the plan: win_rate=40%, average_deal_size=30000 or
    /// lead_conversion_rate=20%. Repeat for more.
    #[arg(long = "set", value_name = "RATE=VALUE")]
    set: Vec<String>,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ExplainArgs {
    /// The KPI id (total_revenue, win_rate ...).
    kpi: String,
    #[command(flatten)]
    view: ViewArgs,
    /// What to compare with: previous, previous_to_date, year_ago or goal.
    #[arg(long = "vs", default_value = "previous", value_name = "WHAT")]
    versus: String,
    /// The dimension to split by (default: the one of team, region, product and rep that
    /// explains most).
    #[arg(long, value_name = "DIM")]
    by: Option<String>,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct LeaderboardArgs {
    /// The KPI id (total_revenue, win_rate ...).
    kpi: String,
    #[command(flatten)]
    view: ViewArgs,
    /// The dimension to rank (default rep).
    #[arg(long, value_name = "DIM")]
    by: Option<String>,
    /// Print as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct SettingsArgs {
    #[command(subcommand)]
    action: Option<SettingAction>,
    /// Print the settings as JSON.
    #[arg(long, global = true)]
    json: bool,
}

#[derive(Args)]
struct ExportArgs {
    /// scorecard, funnel, outlook, gauge:KPI, bullet:KPI, tile:KPI, trend:KPI,
    /// breakdown:KPI:DIM, leaderboard:KPI[:DIM], explain:KPI[:DIM], all (the
    /// meeting's charts), or deck (the meeting deck of the focus KPIs).
    chart: String,
    /// The file to write: .png or .svg for a chart, .pptx or .pdf for the deck.
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
}

#[derive(Args)]
struct SampleArgs {
    /// The folder to write salescope-sample.xlsx into.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
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

#[derive(Args)]
struct NotesArgs {
    #[command(subcommand)]
    action: NoteAction,
}

#[derive(Subcommand)]
enum NoteAction {
    /// Add a note for a day (2024-03-12) or a range (2024-03-01..2024-03-31).
    Add {
        /// YYYY-MM-DD or YYYY-MM-DD..YYYY-MM-DD.
        days: String,
        /// What happened.
        text: String,
        /// Only on this KPI's charts (default: every KPI).
        #[arg(long, value_name = "KPI")]
        kpi: Option<String>,
        /// Only on views of this segment (and narrower ones); repeat for more.
        #[arg(long = "filter", value_name = "DIM=VALUE")]
        filter: Vec<String>,
    },
    /// List every note.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Remove a note by its id (from `notes list`).
    Remove { id: i64 },
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
        None => default_db_path()?,
    };
    Store::open(&path)
}

fn run(cli: Cli) -> Result<ExitCode, Error> {
    let db = cli.db;
    match cli.command {
        Command::Import(a) => commands::import(db, a),
        Command::Datasets(a) => commands::datasets(db, a),
        Command::Kpis(a) => commands::kpis(db, a),
        Command::Goals(a) => commands::goals(db, a),
        Command::Notes(a) => commands::notes(db, a),
        Command::Forecast(a) => commands::forecast(db, a),
        Command::Outlook(a) => commands::outlook(db, a),
        Command::Leaderboard(a) => commands::leaderboard(db, a),
        Command::Explain(a) => commands::explain(db, a),
        Command::Settings(a) => commands::settings(db, a),
        Command::Export(a) => commands::export(db, a),
        Command::Sample(a) => commands::sample(a),
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string_pretty(v).map_err(|e| Error::new(ErrorCode::Io, e.to_string()))
}
