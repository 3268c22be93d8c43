// The views' building blocks as lit-html templates: buttons, labelled
// selects, and charts (the core's SVGs as images, each encoded once).
// Text from files and the database only ever enters the page as text.

import { html, nothing, type TemplateResult } from "lit-html";
import { live } from "lit-html/directives/live.js";
import type { DrawnChart } from "../bindings/DrawnChart";
import type { Dispatch } from "../appstate";

export interface ButtonOptions {
  disabled?: boolean | undefined;
  primary?: boolean | undefined;
  subtle?: boolean | undefined;
  id?: string | undefined;
  title?: string | undefined;
  label?: string | undefined;
  /** More classes. */
  cls?: string | undefined;
  /** aria-current ("page", "true"). */
  current?: string | undefined;
}

export function btn(text: string, onClick: () => void, o: ButtonOptions = {}): TemplateResult {
  const cls = ["btn", o.primary ? "primary" : "", o.subtle ? "subtle" : "", o.cls ?? ""].filter(Boolean).join(" ");
  return html`<button type="button" class=${cls} id=${o.id ?? nothing} title=${o.title ?? nothing} aria-label=${o.label ?? nothing} aria-current=${o.current ?? nothing} ?disabled=${o.disabled ?? false} @click=${onClick}>${text}</button>`;
}

/**
 * A labelled list whose choice the state owns: every paint shows `value`,
 * whatever the list showed before.
 */
export function selectField(
  id: string,
  label: string,
  options: [string, string][],
  value: string,
  onChange: (v: string) => void,
  cls = "",
): TemplateResult {
  return html`<label class=${cls === "" ? "field" : `field ${cls}`}><span>${label}</span><select id=${id} @change=${(e: Event) => onChange((e.currentTarget as HTMLSelectElement).value)}>${options.map(([v, text]) => html`<option value=${v} .selected=${live(v === value)}>${text}</option>`)}</select></label>`;
}

/** The value of the input `id` inside the form an event came from. */
export function formValue(e: Event, id: string): string {
  const form = e.currentTarget as HTMLFormElement;
  return form.querySelector<HTMLInputElement | HTMLSelectElement>(`#${id}`)?.value ?? "";
}

// A chart's picture is encoded once per answer of the core, not at every paint.
const urls = new WeakMap<DrawnChart, string>();

function chartUrl(c: DrawnChart): string {
  let url = urls.get(c);
  if (url === undefined) {
    url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(c.svg)}`;
    urls.set(c, url);
  }
  return url;
}

export interface FigureOptions {
  onOpen?: () => void;
  tooltip?: string;
  id?: string;
  wide?: boolean;
  caption?: boolean;
  /** data-value and data-status (the tiles'). */
  value?: string;
  status?: string;
  muted?: boolean;
  /** False: no Export… button (what the export would draw is not what is shown). */
  exportable?: boolean;
  /** The chart's button hovered or focused (true), or left (false). */
  onHover?: (on: boolean) => void;
  /** A line shown over the chart while its button has the keyboard focus (a tile's sentence, also in its tooltip). */
  tip?: string | null;
  /** What lies over the picture, placed in percentages of it (a trend's months); the picture then has no tooltip of its own. */
  overlay?: TemplateResult | typeof nothing;
}

/** A chart with its Export… button. */
export function chartFigure(c: DrawnChart, alt: string, d: Dispatch, o: FigureOptions = {}): TemplateResult {
  const img = html`<img class="chart-img" alt=${alt} src=${chartUrl(c)}>`;
  const safe = c.spec.replace(/[^A-Za-z0-9_-]/g, "-");
  const hover = o.onHover;
  const on = hover === undefined ? undefined : () => hover(true);
  const off = hover === undefined ? undefined : () => hover(false);
  const tip = o.tip ?? null;
  const body =
    o.onOpen !== undefined
      ? html`<button type="button" class="btn chart-body" aria-label=${alt} title=${o.tooltip ?? alt} id=${o.id ?? nothing} @click=${o.onOpen} @mouseenter=${on} @mouseleave=${off} @focus=${on} @blur=${off}>${img}</button>`
      : o.overlay !== undefined && o.overlay !== nothing
        ? html`<div class="chart-body has-overlay">${img}${o.overlay}</div>`
        : html`<div title=${o.tooltip ?? alt} class="chart-body">${img}</div>`;
  const cls = `chart${o.wide === true ? " wide" : ""}${o.muted === true ? " muted-chart" : ""}`;
  const exportIt = () => d({ type: "export", specs: [c.spec], title: `Export ${alt}` });
  const actions =
    o.exportable === false
      ? nothing
      : html`<div class="chart-actions">${btn("Export…", exportIt, { subtle: true, id: `export-${safe}`, title: "Export PNG or copy the image" })}</div>`;
  const tipLine = tip !== null ? html`<p class="chart-tip" id=${`tip-${safe}`} aria-hidden="true">${tip}</p>` : nothing;
  return html`<figure class=${cls} data-spec=${c.spec} data-value=${o.value ?? nothing} data-status=${o.status ?? nothing}>${o.caption === true ? html`<figcaption>${alt}</figcaption>` : nothing}${body}${tipLine}${actions}</figure>`;
}
