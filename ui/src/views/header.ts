// The window's header (the app's name, the view tabs in their Ctrl+1…4
// order, Import and the sample) and its footer (where the database is):
// pure functions of the state.

import { html, nothing, type TemplateResult } from "lit-html";
import type { AppState, Dispatch } from "../appstate";
import type { Route } from "../state";
import { btn } from "./parts";
// The app's icon, drawn once for the window manager and the header alike.
import logoUrl from "../../../src-tauri/icons/icon.svg";

export function header(s: AppState, d: Dispatch): TemplateResult {
  const r = s.saved.route.view;
  const tab = (id: string, text: string, route: Route, key: string) => {
    const active = r === route.view || (route.view === "scorecard" && r === "kpi");
    return btn(text, () => d({ type: "go", route }), {
      id: `nav-${id}`,
      subtle: !active,
      cls: "tab",
      title: `${text} (Ctrl+${key})`,
      current: active ? "page" : undefined,
    });
  };
  const idle = s.importing === null && !s.picking;
  const sample =
    s.datasets.length === 0
      ? btn("Load sample data", () => d({ type: "sample" }), { disabled: !idle, id: "load-sample" })
      : nothing;
  const open = btn("Import files…", () => d({ type: "open", kind: null }), {
    disabled: !idle,
    primary: true,
    id: "open-files",
    title: "Import spreadsheets (Ctrl+O); or drop them on the window",
  });
  return html`<header class="bar"><div class="brand"><img class="logo" src=${logoUrl} alt=""><h1>Salescope</h1></div><nav class="tabs" aria-label="Views">${tab("scorecard", "Scorecard", { view: "scorecard" }, "1")}${tab("goals", "Goals", { view: "goals" }, "2")}${tab("data", "Data", { view: "data" }, "3")}${tab("outlook", "Outlook", { view: "outlook" }, "4")}</nav><div class="actions">${sample}${open}</div></header>`;
}

export function footer(s: AppState): TemplateResult {
  return html`<footer class="foot">Database: <code id="db-path">${s.dbPath}</code></footer>`;
}
