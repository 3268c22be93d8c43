//! One function per subcommand: unpack the arguments, call the engine, print.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use salescope_core::{
    add_note, deck_file, format_thousands as thousands, import_file, kpi_def, list_goals,
    list_notes, load_settings, parse_date, parse_filter, parse_note_days, parse_target,
    remove_goal, remove_goal_for, remove_note, reset_setting, scorecard, set_goal, set_setting,
    write_sample, ChartKind, DeckFormat, Error, ErrorCode, ImportOptions, KpiSettings, Period,
    Query, Versus, WhatIf, Workspace,
};

use crate::import_report::{print_report, TerminalProgress};
use crate::{
    export as chart_export, open_store, report, to_json, DatasetAction, DatasetsArgs, ExplainArgs,
    ExportArgs, ForecastArgs, GoalAction, GoalsArgs, ImportArgs, KpisArgs, LeaderboardArgs,
    NoteAction, NotesArgs, OutlookArgs, SampleArgs, SettingAction, SettingsArgs,
};

fn invalid(message: impl Into<String>) -> Error {
    Error::new(ErrorCode::InvalidArgument, message)
}

/// `import FILE...`: each file in its own transaction; a failed file does not
/// stop the others, and makes the exit code a failure.
pub(crate) fn import(db: Option<PathBuf>, a: ImportArgs) -> Result<ExitCode, Error> {
    let mut roles = BTreeMap::new();
    for m in &a.map {
        let (h, r) = m
            .split_once('=')
            .ok_or_else(|| invalid(format!("--map takes HEADER=ROLE, not \"{m}\"")))?;
        let r = r.trim();
        roles.insert(h.trim().to_string(), (!r.is_empty()).then(|| r.to_string()));
    }
    let opts = ImportOptions {
        sheet: a.sheet,
        kind: a.kind,
        replace: a.replace,
        with_targets: a.with_targets,
        quota_kpi: a.quota_kpi,
        roles,
        ..ImportOptions::default()
    };
    let mut store = open_store(db)?;
    let progress = TerminalProgress::new(!a.json && std::io::stderr().is_terminal());
    let mut reports = Vec::new();
    let mut errors = Vec::new();
    for f in &a.files {
        match import_file(&mut store, f, &opts, &progress) {
            Ok(r) => {
                progress.clear();
                if !a.json {
                    print_report(&r);
                }
                reports.push(r);
            }
            Err(e) => {
                progress.clear();
                // One line on stderr whatever the output format (scripts
                // reading --json see the error in "errors" too).
                eprintln!("salescope-cli: {e}");
                errors.push(e);
            }
        }
    }
    if a.json {
        let out = serde_json::json!({ "reports": reports, "errors": errors });
        out!("{}", to_json(&out)?);
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// `datasets [remove ID]`.
pub(crate) fn datasets(db: Option<PathBuf>, a: DatasetsArgs) -> Result<ExitCode, Error> {
    let mut store = open_store(db)?;
    if let Some(DatasetAction::Remove { id }) = a.action {
        let info = store.remove_dataset(id)?;
        out!(
            "Removed dataset {} ({}: {} rows of {}).",
            info.id,
            info.name,
            thousands(info.rows),
            info.kind
        );
        return Ok(ExitCode::SUCCESS);
    }
    let list = store.datasets()?;
    if a.json {
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

/// The query of `kpis` and `export`: period, filter, breakdown, "today".
fn query(
    period: Option<String>,
    filter: &[String],
    by: Option<String>,
    as_of: Option<&str>,
) -> Result<Query, Error> {
    Ok(Query {
        period,
        filter: parse_filter(filter)?,
        by,
        today: as_of.map(parse_date).transpose()?,
    })
}

/// `kpis`: the scorecard.
pub(crate) fn kpis(db: Option<PathBuf>, a: KpisArgs) -> Result<ExitCode, Error> {
    let store = open_store(db)?;
    let ws = Workspace::load(&store)?;
    let q = query(a.view.period, &a.view.filter, a.by, a.view.as_of.as_deref())?;
    let card = scorecard(&ws.context(), &q)?;
    if a.json {
        out!("{}", to_json(&card)?);
    } else {
        report::print_scorecard(&card, ws.context().currency());
    }
    Ok(ExitCode::SUCCESS)
}

/// `goals set | list | remove`.
pub(crate) fn goals(db: Option<PathBuf>, a: GoalsArgs) -> Result<ExitCode, Error> {
    let store = open_store(db)?;
    let conn = store.conn();
    let fiscal = KpiSettings::load(conn)?.fiscal_start_month;
    match a.action {
        GoalAction::Set {
            kpi: id,
            value,
            period,
            filter,
        } => {
            let def = kpi_def(&id)?;
            let target = parse_target(def, &value)?;
            let period = Period::parse(&period, fiscal)?;
            let g = set_goal(conn, def.id, &period, &parse_filter(&filter)?, target)?;
            out!("Goal {} set: {}", g.id, report::goal_line(&g));
        }
        GoalAction::List { json } => {
            let goals = list_goals(conn)?;
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
                (Ok(id), None) if filter.is_empty() => remove_goal(conn, id)?,
                (_, Some(p)) => remove_goal_for(
                    conn,
                    &what,
                    &Period::parse(&p, fiscal)?,
                    &parse_filter(&filter)?,
                )?,
                _ => return Err(invalid(
                    "remove a goal by its id (goals remove 3) or by KPI and period (goals remove win_rate --period 2024-Q1)",
                )),
            };
            out!("Goal {} removed: {}", g.id, report::goal_line(&g));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `forecast KPI`: the monthly series and the months ahead.
pub(crate) fn forecast(db: Option<PathBuf>, a: ForecastArgs) -> Result<ExitCode, Error> {
    if !(1..=36).contains(&a.periods) {
        return Err(invalid(format!(
            "--periods is 1 to 36 months, not {}",
            a.periods
        )));
    }
    let store = open_store(db)?;
    let ws = Workspace::load(&store)?;
    let ctx = ws.context();
    let fc = salescope_core::forecast(&ctx, &a.kpi, &parse_filter(&a.filter)?, a.periods)?;
    if a.json {
        out!("{}", to_json(&fc)?);
    } else {
        report::print_forecast(&fc, ctx.currency());
    }
    Ok(ExitCode::SUCCESS)
}

/// `outlook [--period P] [--filter ...] [--by DIM] [--as-of D] [--set RATE=V]...`.
pub(crate) fn outlook(db: Option<PathBuf>, a: OutlookArgs) -> Result<ExitCode, Error> {
    let what_if = WhatIf::parse(&a.set)?;
    let store = open_store(db)?;
    let ws = Workspace::load(&store)?;
    let q = query(a.period, &a.filter, a.by, a.as_of.as_deref())?;
    let o = salescope_core::outlook(&ws.context(), &q, &what_if)?;
    if a.json {
        out!("{}", to_json(&o)?);
    } else {
        report::print_outlook(&o);
    }
    Ok(ExitCode::SUCCESS)
}

/// `leaderboard KPI [--period P] [--filter ...] [--by DIM] [--as-of D]`.
pub(crate) fn leaderboard(db: Option<PathBuf>, a: LeaderboardArgs) -> Result<ExitCode, Error> {
    let store = open_store(db)?;
    let ws = Workspace::load(&store)?;
    let q = query(a.view.period, &a.view.filter, a.by, a.view.as_of.as_deref())?;
    let b = salescope_core::leaderboard(&ws.context(), &q, &a.kpi)?;
    if a.json {
        out!("{}", to_json(&b)?);
    } else {
        report::print_leaderboard(&b);
    }
    Ok(ExitCode::SUCCESS)
}

/// `explain KPI [--period P] [--vs WHAT] [--by DIM] [--filter ...] [--as-of D]`.
pub(crate) fn explain(db: Option<PathBuf>, a: ExplainArgs) -> Result<ExitCode, Error> {
    let versus = Versus::parse(&a.versus)?;
    let store = open_store(db)?;
    let ws = Workspace::load(&store)?;
    let q = query(a.view.period, &a.view.filter, a.by, a.view.as_of.as_deref())?;
    let e = salescope_core::explain(&ws.context(), &q, &a.kpi, versus)?;
    if a.json {
        out!("{}", to_json(&e)?);
    } else {
        report::print_explanation(&e);
    }
    Ok(ExitCode::SUCCESS)
}

/// `notes add DAYS TEXT [--kpi ID] [--filter ...] | list | remove ID`.
pub(crate) fn notes(db: Option<PathBuf>, a: NotesArgs) -> Result<ExitCode, Error> {
    let store = open_store(db)?;
    let conn = store.conn();
    match a.action {
        NoteAction::Add {
            days,
            text,
            kpi,
            filter,
        } => {
            let n = add_note(
                conn,
                parse_note_days(&days)?,
                &text,
                kpi.as_deref(),
                &parse_filter(&filter)?,
                None,
            )?;
            out!("Note {} added: {}", n.id, report::note_line(&n));
        }
        NoteAction::List { json } => {
            let notes = list_notes(conn)?;
            if json {
                out!("{}", to_json(&notes)?);
            } else {
                report::print_notes(&notes);
            }
        }
        NoteAction::Remove { id } => {
            let n = remove_note(conn, id)?;
            out!("Note {} removed: {}", n.id, report::note_line(&n));
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `settings [set KEY VALUE | reset KEY]`.
pub(crate) fn settings(db: Option<PathBuf>, a: SettingsArgs) -> Result<ExitCode, Error> {
    let store = open_store(db)?;
    let conn = store.conn();
    let s = match a.action {
        None => load_settings(conn)?,
        Some(SettingAction::Set { key, value }) => set_setting(conn, &key, &value)?,
        Some(SettingAction::Reset { key }) => reset_setting(conn, &key)?,
    };
    if a.json {
        out!("{}", to_json(&s)?);
    } else {
        report::print_settings(&s);
    }
    Ok(ExitCode::SUCCESS)
}

/// `export CHART --out FILE` or `export all --out-dir DIR`.
pub(crate) fn export(db: Option<PathBuf>, a: ExportArgs) -> Result<ExitCode, Error> {
    if a.chart.trim() == "deck" {
        return export_deck(db, a);
    }
    let size = chart_export::size(a.preset.as_deref(), a.width, a.height, a.scale)?;
    let all = a.chart.trim() == "all";
    let not_for = |what: &str, flag: &str| Err(invalid(format!("{flag} is for {what}")));
    if all && a.out.is_some() {
        return not_for("one chart; export all writes to --out-dir DIR", "--out");
    }
    if !all && a.out_dir.is_some() {
        return not_for(
            "export all; one chart is written to --out FILE",
            "--out-dir",
        );
    }
    if !all && a.format != "png" {
        return not_for(
            "export all; one chart takes its format from --out's extension",
            "--format",
        );
    }
    let svg_out = a
        .out
        .as_ref()
        .is_some_and(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("svg")))
        || (all && a.format.eq_ignore_ascii_case("svg"));
    if svg_out && a.scale != 1.0 {
        return not_for("PNG files; an SVG has no pixels to scale", "--scale");
    }
    let q = query(a.period, &a.filter, None, a.as_of.as_deref())?;
    let store = open_store(db)?;
    let ws = Workspace::load(&store)?;
    let ctx = ws.context();
    if all {
        let dir = a
            .out_dir
            .ok_or_else(|| invalid("export all writes a folder of charts: give --out-dir DIR"))?;
        let n = chart_export::all(&ctx, &q, size, &dir, &a.format)?;
        out!("{n} charts written to {}", dir.display());
    } else {
        let path = a
            .out
            .ok_or_else(|| invalid("give the file to write with --out FILE.png (or .svg)"))?;
        let kind = ChartKind::parse(&a.chart)?;
        chart_export::one(&ctx, &q, &kind, size, &path)?;
        out!("{}", path.display());
    }
    Ok(ExitCode::SUCCESS)
}

/// `export deck --out FILE.pptx|FILE.pdf`: the meeting deck of the view.
fn export_deck(db: Option<PathBuf>, a: ExportArgs) -> Result<ExitCode, Error> {
    let not_for = |flag: &str| {
        Err(invalid(format!(
            "{flag} is for charts; a deck's slides are 16:9 and its format comes from --out's extension"
        )))
    };
    if a.out_dir.is_some() {
        return not_for("--out-dir");
    }
    for (flag, given) in [
        ("--preset", a.preset.is_some()),
        ("--width", a.width.is_some()),
        ("--height", a.height.is_some()),
        ("--scale", a.scale != 1.0),
    ] {
        if given {
            return not_for(flag);
        }
    }
    if a.format != "png" {
        return not_for("--format");
    }
    let path = a
        .out
        .ok_or_else(|| invalid("give the file to write with --out FILE.pptx (or .pdf)"))?;
    let format = DeckFormat::of(&path)?;
    let q = query(a.period, &a.filter, None, a.as_of.as_deref())?;
    let store = open_store(db)?;
    let ws = Workspace::load(&store)?;
    let bytes = deck_file(&ws.context(), &q, format, &mut |_, _| true)?;
    salescope_core::write_atomic(&path, &bytes)?;
    out!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}

/// `sample --out DIR`: the sample workbook.
pub(crate) fn sample(a: SampleArgs) -> Result<ExitCode, Error> {
    let path = write_sample(&a.out)?;
    out!("{}", path.display());
    Ok(ExitCode::SUCCESS)
}
