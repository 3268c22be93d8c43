// The whole window as one lit-html template of the state: header, the
// message line and panels, the view of the route, footer, drop zone and
// wizard. lit patches the page at each paint, so focus, scroll, open lists
// and typed text stay.

import { html, nothing, type TemplateResult } from "lit-html";
import type { AppState, Dispatch } from "../appstate";
import { dataView } from "./data";
import { detailView } from "./detail";
import { goalsView } from "./goals";
import { outlookView } from "./outlook";
import { footer, header } from "./header";
import {
  databasePanel,
  deckPanel,
  dropzone,
  emptyState,
  errorBox,
  errorsPanel,
  progressPanel,
  statusMessage,
} from "./panels";
import { scorecardView } from "./scorecard";
import { toolbar } from "./toolbar";
import { wizardView } from "./wizard";

function content(s: AppState, d: Dispatch): TemplateResult | typeof nothing {
  const r = s.saved.route;
  // Nothing else can work until the database is sorted out.
  if (s.viewError !== null && s.viewError.code === "database_unusable") return nothing;
  if (s.loaded && s.datasets.length === 0 && r.view !== "data") return emptyState(s, d);
  // The scorecard, a KPI's detail and the Outlook share the toolbar: it stays in place between them.
  if (r.view === "scorecard" || r.view === "kpi" || r.view === "outlook") {
    const view = r.view === "kpi" ? detailView(s, d) : r.view === "outlook" ? outlookView(s, d) : scorecardView(s, d);
    return html`${toolbar(s, d)}${view}`;
  }
  return r.view === "goals" ? goalsView(s, d) : dataView(s, d);
}

export function page(s: AppState, d: Dispatch): TemplateResult {
  const e = s.viewError;
  const error = e === null ? nothing : e.code === "database_unusable" ? databasePanel(e, d) : errorBox(e);
  const progress = s.importing !== null && s.wizard === null ? progressPanel(s, d) : nothing;
  const problems = s.lastOutcome !== null && s.lastOutcome.errors.length > 0 ? errorsPanel(s.lastOutcome, d) : nothing;
  const wizard = s.wizard !== null ? wizardView(s.wizard, s, d) : nothing;
  return html`${header(s, d)}<main id="main" aria-busy=${s.loading ? "true" : "false"}>${statusMessage(s, d)}${progress}${deckPanel(s, d)}${problems}${error}${content(s, d)}</main>${footer(s)}${dropzone(s)}${wizard}`;
}
