// Everything the window shows, as one plain object (AppState); the messages
// the views send when the user acts (Msg); and what is read off the state.
// Actions (src/actions/) change the state, views (src/views/) draw it.

import type { DatasetInfo } from "./bindings/DatasetInfo";
import type { Detail } from "./bindings/Detail";
import type { Dimension } from "./bindings/Dimension";
import type { Error as CoreError } from "./bindings/Error";
import type { FileTicket } from "./bindings/FileTicket";
import type { Goal } from "./bindings/Goal";
import type { Home } from "./bindings/Home";
import type { ImportOutcome } from "./bindings/ImportOutcome";
import type { ImportReport } from "./bindings/ImportReport";
import type { FilterPair } from "./bindings/FilterPair";
import type { KpiInfo } from "./bindings/KpiInfo";
import type { Note } from "./bindings/Note";
import type { OutlookPage } from "./bindings/OutlookPage";
import type { PeriodInfo } from "./bindings/PeriodInfo";
import type { StageCategory } from "./bindings/StageCategory";
import type { Settings as KpiSettings } from "./bindings/Settings";
import type { PeriodKind } from "./bindings/PeriodKind";
import type { Progress } from "./bindings/Progress";
import type { RecordKind } from "./bindings/RecordKind";
import type { Preset } from "./bindings/SizePreset";
import type { Unit } from "./bindings/Unit";
import type { Versus } from "./bindings/Versus";
import type { ViewQuery } from "./bindings/ViewQuery";
import type { DeckRun } from "./deck";
import { shownFocus, splitKpis } from "./focus";
import type { NoteFields, NoteForm } from "./notes";
import { NO_WHAT_IF, type Rate, type TodayRates, type WhatIfText } from "./outlook";
import * as st from "./state";
import { NO_TREND, type TrendMonths } from "./trend";
import type { Tone } from "./view";
import { NO_WHY, type WhyPanel } from "./why";
import type { Wizard } from "./wizard";

/** An import under way: the files, the last reading, and rows per second. */
export interface ImportRun {
  files: string[];
  progress: Progress | null;
  /** For rows per second: the last two readings. */
  last: { rows: number; at: number } | null;
  rate: number | null;
}

export interface Message {
  text: string;
  tone: Tone;
}

export interface AppState {
  saved: st.Saved;
  datasets: DatasetInfo[];
  dbPath: string;
  history: ImportReport[];
  home: Home | null;
  detail: Detail | null;
  /** The detail's "Why it moved" panel. */
  why: WhyPanel;
  /** The tiles' sentences (why each moved against the previous period), by data, view and KPI; null: asked. */
  tileWhy: Record<string, string | null>;
  /** The note being added or edited in the detail, if any. */
  noteForm: NoteForm | null;
  /** Why a note could not be removed, shown in the Notes. */
  noteError: string | null;
  /** The detail's trend months: the one Tab lands on, the one whose tooltip shows. */
  trend: TrendMonths;
  outlook: OutlookPage | null;
  /** Why the view has no outlook (no deals sheet), said in its place. */
  outlookNote: string | null;
  /** The what-if rates as typed. */
  whatIf: WhatIfText;
  /** Today's rates, kept while what-ifs replace them in the answers. */
  todayRates: TodayRates | null;
  /** Figures asked for with the what-ifs typed, not answered yet. */
  figuresBusy: boolean;
  /** Each request for figures bumps this; older answers are dropped. */
  figuresSeq: number;
  /** The KPI of the Outlook's leaderboard. */
  leaderboardKpi: string;
  /** The deals' stage labels and their forecast categories (Goals view). */
  stageCategories: StageCategory[];
  dims: Dimension[];
  /** The datasets the filter lists were read for. */
  datasetsKey: string | null;
  catalog: KpiInfo[];
  goals: Goal[];
  settings: KpiSettings | null;
  presets: [Preset[], number[]];
  loaded: boolean;
  loading: boolean;
  viewError: CoreError | null;
  message: Message | null;
  /** The element the next paint puts the focus on (an id), where an action leads the eye. */
  focusNext: string | null;
  /** The filter list left open (a dimension), kept open while values are ticked. */
  openFilter: string | null;
  lastOutcome: ImportOutcome | null;
  importing: ImportRun | null;
  /** Files dragged over the window (0: none). */
  dragging: number;
  picking: boolean;
  /** Files waiting for the wizard, in drop order. */
  queue: FileTicket[];
  wizard: Wizard | null;
  wizardBusy: boolean;
  wizardError: CoreError | null;
  /** "Show the import wizard for every file" (remembered in the storage). */
  reviewAll: boolean;
  /** Bumped by every goal or setting saved: the Goals view's forms start again from what was saved. */
  saves: number;
  /** The meeting deck being exported (Export deck…), if any: one at a time. */
  deck: DeckRun | null;
  /** The focus set as the user changed it, shown until it is saved (null: as saved). */
  focusDraft: string[] | null;
  /** A focus set is being saved (a change made meanwhile is saved after it). */
  focusSaving: boolean;
  /** The focus KPI dragged in the Goals view, and the row it is over. */
  focusDrag: { kpi: string; over: string | null } | null;
  /** The scorecard's "All KPIs" unfolded (for the session). */
  allKpisOpen: boolean;
}

export function initialState(saved: st.Saved, reviewAll: boolean): AppState {
  return {
    saved,
    datasets: [],
    dbPath: "",
    history: [],
    home: null,
    detail: null,
    why: { ...NO_WHY },
    tileWhy: {},
    noteForm: null,
    noteError: null,
    trend: { ...NO_TREND },
    outlook: null,
    outlookNote: null,
    whatIf: { ...NO_WHAT_IF },
    todayRates: null,
    figuresBusy: false,
    figuresSeq: 0,
    leaderboardKpi: "total_revenue",
    stageCategories: [],
    dims: [],
    datasetsKey: null,
    catalog: [],
    goals: [],
    settings: null,
    presets: [[], []],
    loaded: false,
    loading: false,
    viewError: null,
    message: null,
    focusNext: null,
    openFilter: null,
    lastOutcome: null,
    importing: null,
    dragging: 0,
    picking: false,
    queue: [],
    wizard: null,
    wizardBusy: false,
    wizardError: null,
    reviewAll,
    saves: 0,
    deck: null,
    focusDraft: null,
    focusSaving: false,
    focusDrag: null,
    allKpisOpen: false,
  };
}

/** What the user did in a KPI's "Why it moved" panel, Notes and trend months, or over a tile (src/actions/detail.ts). */
export type DetailMsg =
  | { type: "whyVersus"; versus: Versus }
  | { type: "whyBy"; by: string | null }
  | { type: "whySegment"; dimension: string; value: string }
  | { type: "tileHover"; kpi: string; on: boolean }
  | { type: "noteOpen"; note: Note | null }
  | { type: "noteChange"; change: Partial<NoteFields> }
  | { type: "noteCancel" }
  | { type: "noteSave" }
  | { type: "noteRemove"; note: Note }
  /** A trend month (its days) hovered (`on`) or left by the mouse. */
  | { type: "trendHover"; days: string; on: boolean }
  /** A trend month (its days) given the keyboard focus (`on`) or left. */
  | { type: "trendFocus"; days: string; on: boolean }
  /** The keyboard moves to the trend's month `month` (an index of its regions). */
  | { type: "trendMove"; month: number }
  /** A trend month clicked (or Enter): Add note on its days. */
  | { type: "trendNote"; month: number };

/** What the user did, as the views report it; `App.dispatch` hands each to its action. */
export type Msg =
  | DetailMsg
  | { type: "go"; route: st.Route; focus?: string }
  | { type: "step"; by: number }
  | { type: "kind"; kind: PeriodKind }
  | { type: "toggleFilter"; dimension: string; value: string }
  | { type: "clearFilter"; dimension: string | null }
  | { type: "filterOpen"; dimension: string; open: boolean }
  | { type: "dismiss" }
  | { type: "dismissReport" }
  | { type: "open"; kind: RecordKind | null }
  | { type: "sample" }
  | { type: "cancelImport" }
  | { type: "reviewAll"; on: boolean }
  | { type: "reimport"; dataset: DatasetInfo }
  | { type: "removeDataset"; dataset: DatasetInfo }
  | { type: "startFresh" }
  | { type: "openOtherDatabase" }
  | { type: "export"; specs: string[]; title: string }
  | { type: "exportDeck" }
  | { type: "cancelDeck" }
  | { type: "allKpis"; open: boolean }
  /** A KPI ticked (`on`) or unticked in the Goals view's focus set. */
  | { type: "focusTick"; kpi: string; on: boolean }
  /** A focus KPI moved `by` places (negative: up) by a Move button or Alt+↑/↓ on `from` (the control's id). */
  | { type: "focusMove"; kpi: string; by: number; from: string }
  /** A focus KPI's row picked up (`kpi`) or let go (null) by the mouse. */
  | { type: "focusDrag"; kpi: string | null }
  | { type: "focusOver"; kpi: string }
  /** The dragged focus KPI dropped on the row of `onto`. */
  | { type: "focusDrop"; onto: string }
  | { type: "focusReset" }
  | { type: "saveGoal"; kpi: string; period: string; target: string }
  | { type: "editGoal"; goal: Goal }
  | { type: "removeGoal"; goal: Goal }
  | { type: "setting"; key: string; value: string }
  | { type: "whatIf"; rate: Rate; text: string }
  | { type: "resetWhatIf" }
  | { type: "leaderboardKpi"; kpi: string }
  | { type: "stageCategory"; label: string; category: string | null }
  | { type: "wizardSheet"; sheet: string }
  | { type: "wizardInclude"; sheet: string; include: boolean }
  | { type: "wizardTargets"; on: boolean }
  | { type: "wizardQuotaKpi"; kpi: string }
  | { type: "wizardKind"; kind: RecordKind | null }
  | { type: "wizardRole"; header: string; role: string | null }
  | { type: "wizardImport" }
  | { type: "wizardClose" };

export type Dispatch = (m: Msg) => void;

export function viewQuery(s: AppState): ViewQuery {
  return st.query(s.saved);
}

export function kpiName(s: AppState, id: string): string {
  return s.catalog.find((k) => k.id === id)?.name ?? id;
}

export function unitOf(s: AppState, id: string): Unit {
  return s.catalog.find((k) => k.id === id)?.unit ?? "count";
}

export function currency(s: AppState): string {
  return s.home?.currency ?? s.detail?.currency ?? s.outlook?.currency ?? "$";
}

/** The view's period and filter, as a key: answers are kept for it. */
export function viewKey(s: AppState): string {
  return JSON.stringify([s.saved.period, s.saved.filter]);
}

/** A tile's sentence (why it moved) is kept under this key: the data as it is, the view and the KPI. */
export function tileKey(s: AppState, kpi: string): string {
  return JSON.stringify([s.datasetsKey, s.saves, viewKey(s), kpi]);
}

const pairKey = (f: FilterPair[]) => JSON.stringify(f.map((p) => [p.dimension, p.value]).sort());

/** The period the view on screen shows (the toolbar's), once it is known. */
export function shownPeriod(s: AppState): PeriodInfo | null {
  const r = s.saved.route;
  if (r.view === "outlook") return s.outlook?.outlook.period ?? null;
  const card = s.home?.scorecard ?? null;
  if (r.view !== "kpi") return card?.period ?? null;
  // A KPI's detail carries no period: its explanation's, or the scorecard's while that is of the same view.
  const why = s.why;
  if (why.answer !== null && why.view === viewKey(s)) return why.answer.explanation.period;
  const same =
    card !== null &&
    pairKey(card.filter) === pairKey(s.saved.filter) &&
    (s.saved.period === null || s.saved.period === card.period.label);
  return same ? card.period : null;
}

/** The charts of the view on screen, for "Export all" (on the scorecard: the focus KPIs' tiles). */
export function viewCharts(s: AppState): string[] {
  const r = s.saved.route;
  if (r.view === "kpi") {
    // The waterfall exports against the previous period only (its spec names no comparison).
    const w = s.why.answer;
    const why = w !== null && w.explanation.kpi === r.kpi && w.explanation.versus === "previous" ? [w.chart.spec] : [];
    return [...(s.detail?.charts.map((c) => c.spec) ?? []), ...why];
  }
  if (r.view === "scorecard" && s.home !== null) {
    // The tiles of the focus KPIs (the ones the team reviews), in their order.
    const home = s.home;
    const tiles = splitKpis(home.scorecard).focus.flatMap((i) => home.tiles[i]?.spec ?? []);
    return ["scorecard", "funnel", ...tiles];
  }
  if (r.view === "outlook" && s.outlook !== null) return [s.outlook.chart.spec, s.outlook.leaderboard_chart.spec];
  return [];
}

/** The focus set the Goals view shows: as being saved, else the setting (`set`), else the scorecard's default. */
export function focusOf(s: AppState): { ids: string[]; set: boolean } {
  return shownFocus(s.focusDraft, s.settings, s.home?.scorecard ?? null);
}

const NAMED_DIMENSIONS = ["team", "region", "product", "rep", "category", "source", "channel"];

/** The dimensions the toolbar offers a filter list for. */
export function filterDims(s: AppState): Dimension[] {
  return s.dims.filter((x) => NAMED_DIMENSIONS.includes(x.name) || x.values.length <= 50);
}
