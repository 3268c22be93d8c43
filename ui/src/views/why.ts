// The detail's "Why it moved" panel: the sentence, what it is split by (or
// why it is not), the waterfall, and each segment's part of the change; a
// segment is a button that narrows the view to it. The comparison and the
// dimension are chosen above. A pure function of the state.

import { html, nothing, type TemplateResult } from "lit-html";
import type { Contribution } from "../bindings/Contribution";
import type { Detail } from "../bindings/Detail";
import type { Explanation } from "../bindings/Explanation";
import type { Versus } from "../bindings/Versus";
import type { AppState, Dispatch } from "../appstate";
import { dimName, reasonText, segmentName, signedChange, splitDimensions, splitText, VERSUS } from "../why";
import { errorBox } from "./panels";
import { chartFigure, selectField } from "./parts";

const cap = (t: string) => t.charAt(0).toUpperCase() + t.slice(1);

function pickers(s: AppState, d: Dispatch): TemplateResult {
  const w = s.why;
  const versus = selectField("why-versus", "Compared with", VERSUS, w.versus, (v) =>
    d({ type: "whyVersus", versus: v as Versus }),
  );
  const dims = splitDimensions(s.dims);
  // A dimension chosen that the data no longer has stays listed, so the list says what was asked.
  if (w.by !== null && !dims.includes(w.by)) dims.push(w.by);
  const by = selectField(
    "why-by",
    "Split by",
    [["", "The one that explains most"], ...dims.map((x): [string, string] => [x, cap(dimName(x))])],
    w.by ?? "",
    (v) => d({ type: "whyBy", by: v === "" ? null : v }),
  );
  return html`<div class="form-row why-pickers">${versus}${by}</div>`;
}

function segmentCell(e: Explanation, c: Contribution, i: number, d: Dispatch): TemplateResult {
  const dim = e.dimension ?? "";
  // Records without a value cannot be filtered to.
  if (c.segment === "") return html`<span class="muted">${segmentName("", dim)}</span>`;
  return html`<button type="button" class="btn link" id=${`why-segment-${i}`} title=${`Show only ${dimName(dim)}: ${c.segment}`} @click=${() => d({ type: "whySegment", dimension: dim, value: c.segment })}>${c.segment}</button>`;
}

function contributions(e: Explanation, cur: string, d: Dispatch): TemplateResult | typeof nothing {
  if (e.dimension === null || e.contributions.length === 0) return nothing;
  const parts = e.method === "rate_and_mix";
  const fmt = (v: number | undefined) => (v === undefined ? "—" : signedChange(v, e.unit, cur));
  const rows = e.contributions.map(
    (c, i) =>
      html`<tr><th scope="row">${segmentCell(e, c, i, d)}</th><td class="num fig">${fmt(c.delta)}</td>${parts ? html`<td class="num">${fmt(c.rate)}</td><td class="num">${fmt(c.mix)}</td>` : nothing}</tr>`,
  );
  const head = parts
    ? html`<th scope="col" class="num" title="The part from the segment's own rate changing">Rate</th><th scope="col" class="num" title="The part from the segment's weight changing">Mix</th>`
    : nothing;
  const dim = dimName(e.dimension);
  return html`<div class="why-split"><table class="figures" id="why-table"><caption class="sr-only">Each ${dim}'s part of the change</caption><thead><tr><th scope="col">${cap(dim)}</th><th scope="col" class="num">Change</th>${head}</tr></thead><tbody>${rows}</tbody></table><p class="muted why-tip">${parts ? "Rate: the segment did better or worse; mix: it grew or shrank. " : ""}Choose a ${dim} to show only it.</p></div>`;
}

export function whyPanel(s: AppState, d: Dispatch, det: Detail): TemplateResult {
  const w = s.why;
  const a = w.answer;
  let said: TemplateResult | typeof nothing =
    html`<p class="muted" id="why-loading">${w.busy ? "Working out why it moved…" : ""}</p>`;
  let shown: TemplateResult | typeof nothing = nothing;
  if (w.error !== null) {
    // What the data cannot say (no such records, no goal) is said as the panel's reason, not as a failure.
    said =
      w.error.code === "invalid_argument"
        ? html`<p class="hint" id="why-reason">${reasonText(w.error.message)}</p>`
        : nothing;
    shown = w.error.code === "invalid_argument" ? nothing : errorBox(w.error);
  } else if (a !== null) {
    const e = a.explanation;
    const split = splitText(e);
    const why =
      e.reason !== null
        ? html`<p class="hint" id="why-reason">${reasonText(e.reason)}</p>`
        : split !== null
          ? html`<p class="muted" id="why-split">${split}</p>`
          : nothing;
    said = html`<p class="why-text" id="why-text">${e.text}</p>${why}`;
    const alt = `${e.name}: why it moved against ${e.base_label}${e.dimension !== null ? `, by ${dimName(e.dimension)}` : ""}`;
    // The export draws the waterfall against the previous period: offered only for that one.
    const chart = chartFigure(a.chart, alt, d, { exportable: e.versus === "previous" });
    shown = html`<div class="why-body">${chart}${contributions(e, e.currency ?? det.currency, d)}</div>`;
  }
  // The sentence is said when it changes; while busy, the last answer stays, dimmed.
  return html`<section class="card why" id="why" aria-labelledby="why-title" aria-busy=${w.busy ? "true" : "false"}><div class="why-head"><h3 id="why-title" tabindex="-1">Why it moved</h3>${pickers(s, d)}</div><div class="why-said" aria-live="polite">${said}</div>${shown}</section>`;
}
