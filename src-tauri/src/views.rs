//! The dashboard's commands: views, goals and settings. Each reads through the
//! app's one [`Workspace`] (records loaded once, reloaded only when they
//! changed), on a blocking thread.

use std::path::Path;
use std::sync::Mutex;

use salescope_core::{
    self as engine, filter_of, kpi_def, kpi_info, load_settings, parse_target, reset_setting,
    Context, Detail, Dimension, Error, ErrorCode, FilterPair, Goal, Home, KpiInfo, KpiSettings,
    Note, Outlook, OutlookPage, Period, PeriodKind, Preset, Settings, StageCategory, Store, Versus,
    ViewQuery, WhatIf, Why, Workspace, PRESETS, SCALES,
};
use tauri::State;

use crate::commands::blocking;
use crate::AppState;

/// Runs `f` over the database and the workspace, refreshed to its state.
pub fn with_workspace<T>(
    db: &Path,
    ws: &Mutex<Option<Workspace>>,
    f: impl FnOnce(&Store, Context<'_>) -> Result<T, Error>,
) -> Result<T, Error> {
    let store = Store::open(db)?;
    let mut g = ws.lock().unwrap_or_else(|e| e.into_inner());
    match g.as_mut() {
        Some(w) => w.refresh(&store)?,
        None => *g = Some(Workspace::load(&store)?),
    }
    let w = g
        .as_ref()
        .ok_or_else(|| Error::new(ErrorCode::Database, "the workspace did not load"))?;
    f(&store, w.context())
}

/// Runs `f` off the UI thread with the workspace.
async fn read<T: Send + 'static>(
    state: &AppState,
    f: impl FnOnce(&Store, Context<'_>) -> Result<T, Error> + Send + 'static,
) -> Result<T, Error> {
    let db = state.db();
    let ws = state.workspace.clone();
    blocking(move || with_workspace(&db, &ws, f)).await
}

#[tauri::command]
pub async fn home(state: State<'_, AppState>, view: ViewQuery) -> Result<Home, Error> {
    read(&state, move |_, ctx| salescope_core::home(&ctx, &view)).await
}

#[tauri::command]
pub async fn kpi_detail(
    state: State<'_, AppState>,
    view: ViewQuery,
    kpi: String,
) -> Result<Detail, Error> {
    read(&state, move |store, ctx| {
        let goals = engine::list_goals(store.conn())?;
        salescope_core::detail(&ctx, &view, &kpi, goals)
    })
    .await
}

/// The Outlook view: figures, chart, and `kpi`'s leaderboard by rep.
#[tauri::command]
pub async fn outlook_view(
    state: State<'_, AppState>,
    view: ViewQuery,
    what_if: WhatIf,
    kpi: String,
) -> Result<OutlookPage, Error> {
    read(&state, move |_, ctx| {
        salescope_core::outlook_page(&ctx, &view, &what_if, &kpi)
    })
    .await
}

/// The outlook's figures with what-if rates, as the user types them.
#[tauri::command]
pub async fn outlook_figures(
    state: State<'_, AppState>,
    view: ViewQuery,
    what_if: WhatIf,
) -> Result<Outlook, Error> {
    read(&state, move |_, ctx| {
        salescope_core::outlook_figures(&ctx, &view, &what_if)
    })
    .await
}

/// Why a KPI moved: the sentence, the split and the waterfall.
#[tauri::command]
pub async fn why_it_moved(
    state: State<'_, AppState>,
    view: ViewQuery,
    kpi: String,
    versus: Versus,
    by: Option<String>,
) -> Result<Why, Error> {
    read(&state, move |_, ctx| {
        salescope_core::why(&ctx, &view, &kpi, versus, by.as_deref())
    })
    .await
}

/// Every note.
#[tauri::command]
pub async fn list_notes(state: State<'_, AppState>) -> Result<Vec<Note>, Error> {
    let db = state.db();
    blocking(move || engine::list_notes(Store::open(&db)?.conn())).await
}

/// Adds a note (`days`: `2024-03-12` or `2024-03-01..2024-03-31`), or
/// rewrites note `id`.
#[tauri::command]
pub async fn save_note(
    state: State<'_, AppState>,
    id: Option<i64>,
    days: String,
    text: String,
    kpi: Option<String>,
    filter: Vec<FilterPair>,
) -> Result<Note, Error> {
    let db = state.db();
    blocking(move || {
        let store = Store::open(&db)?;
        let days = engine::parse_note_days(&days)?;
        let filter = filter_of(&filter)?;
        match id {
            Some(id) => engine::update_note(store.conn(), id, days, &text, kpi.as_deref(), &filter),
            None => engine::add_note(store.conn(), days, &text, kpi.as_deref(), &filter, None),
        }
    })
    .await
}

/// Removes a note (the window asks first).
#[tauri::command]
pub async fn remove_note(state: State<'_, AppState>, id: i64) -> Result<Note, Error> {
    let db = state.db();
    blocking(move || engine::remove_note(Store::open(&db)?.conn(), id)).await
}

/// The deals' stage labels with their forecast categories (Goals view).
#[tauri::command]
pub async fn stage_categories(state: State<'_, AppState>) -> Result<Vec<StageCategory>, Error> {
    read(&state, |_, ctx| Ok(salescope_core::stage_categories(&ctx))).await
}

#[tauri::command]
pub async fn dimensions(state: State<'_, AppState>) -> Result<Vec<Dimension>, Error> {
    read(&state, |_, ctx| Ok(salescope_core::dimensions(&ctx))).await
}

#[tauri::command]
pub fn kpi_catalog() -> Vec<KpiInfo> {
    kpi_info()
}

/// The export sizes and scales the core offers.
#[tauri::command]
pub fn chart_presets() -> (Vec<Preset>, Vec<f64>) {
    (PRESETS.to_vec(), SCALES.to_vec())
}

#[tauri::command]
pub async fn step_period(
    state: State<'_, AppState>,
    period: Option<String>,
    steps: i32,
) -> Result<String, Error> {
    read(&state, move |_, ctx| {
        salescope_core::step_period(&ctx, period.as_deref(), steps)
    })
    .await
}

/// The period of `kind` (month, quarter, year; a week or range keeps the
/// days) that holds the end of `period`, as the core writes it. The window
/// switches period kinds through this, so the fiscal rules live in the core.
#[tauri::command]
pub async fn period_of_kind(
    state: State<'_, AppState>,
    period: Option<String>,
    kind: PeriodKind,
) -> Result<String, Error> {
    read(&state, move |_, ctx| {
        salescope_core::period_of_kind(&ctx, period.as_deref(), kind)
    })
    .await
}

#[tauri::command]
pub async fn list_goals(state: State<'_, AppState>) -> Result<Vec<Goal>, Error> {
    let db = state.db();
    blocking(move || engine::list_goals(Store::open(&db)?.conn())).await
}

/// Sets (or replaces) the goal for a KPI, period and segment. `target` is as
/// the user typed it: `250000`, `250,000`, or `25%` for a ratio.
#[tauri::command]
pub async fn set_goal(
    state: State<'_, AppState>,
    kpi: String,
    period: String,
    filter: Vec<FilterPair>,
    target: String,
) -> Result<Goal, Error> {
    let db = state.db();
    blocking(move || {
        let store = Store::open(&db)?;
        let conn = store.conn();
        let def = kpi_def(&kpi)?;
        let fiscal = KpiSettings::load(conn)?.fiscal_start_month;
        let p = Period::parse(&period, fiscal)?;
        let value = parse_target(def, &target)?;
        engine::set_goal(conn, def.id, &p, &filter_of(&filter)?, value)
    })
    .await
}

#[tauri::command]
pub async fn remove_goal(state: State<'_, AppState>, id: i64) -> Result<Goal, Error> {
    let db = state.db();
    blocking(move || engine::remove_goal(Store::open(&db)?.conn(), id)).await
}

#[tauri::command]
pub async fn get_settings(state: State<'_, AppState>) -> Result<Settings, Error> {
    let db = state.db();
    blocking(move || load_settings(Store::open(&db)?.conn())).await
}

/// Changes one setting (`fiscal_start_month`, `thresholds`, `threshold.<kpi>`,
/// `variant.<kpi>`, `weight.<perspective>`, `currency`); an empty value puts
/// the default back.
#[tauri::command]
pub async fn set_setting(
    state: State<'_, AppState>,
    key: String,
    value: String,
) -> Result<Settings, Error> {
    // The import limits guard against hostile files: they are changed with
    // salescope-cli, never by the page.
    if key.starts_with("limit.") {
        return Err(Error::new(
            ErrorCode::InvalidArgument,
            "the import limits are changed with salescope-cli settings set limit.<name>",
        ));
    }
    let db = state.db();
    blocking(move || {
        let store = Store::open(&db)?;
        if value.trim().is_empty() {
            reset_setting(store.conn(), &key)
        } else {
            engine::set_setting(store.conn(), &key, &value)
        }
    })
    .await
}
