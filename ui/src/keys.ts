// The window's keyboard: each shortcut as a message (Ctrl+O, Ctrl+Shift+E,
// Ctrl+Shift+D, Alt+←/→, Ctrl+1/2/3/4, Escape), none of the page's reaching past a modal
// dialog; and Tab kept inside the modal dialog on top.

import { viewCharts, type AppState, type Msg } from "./appstate";
import type { Route } from "./state";

/** Tab or Shift+Tab (WebKitGTK sends Shift+Tab as key "Unidentified", code "Tab"). */
export function isTab(e: KeyboardEvent): boolean {
  return e.key === "Tab" || (e.key === "Unidentified" && e.code === "Tab");
}

/** The modal dialog on top (the last one opened), if any. */
export function topModal(): HTMLDialogElement | null {
  const open = document.querySelectorAll<HTMLDialogElement>("dialog[open]");
  return open[open.length - 1] ?? null;
}

const VIEWS: Route[] = [{ view: "scorecard" }, { view: "goals" }, { view: "data" }, { view: "outlook" }];

/** The message a key press sends, or null. Keys for the page are dropped while a modal dialog is open. */
export function keyMsg(e: KeyboardEvent, s: AppState): Msg | null {
  const mod = e.ctrlKey || e.metaKey;
  const t = e.target;
  const typing = t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement;
  const modal = s.wizard !== null || topModal() !== null;
  const key = e.key.toLowerCase();
  const route = s.saved.route;
  if (mod && key === "o") {
    e.preventDefault();
    return { type: "open", kind: null };
  }
  if (mod && e.shiftKey && key === "e") {
    e.preventDefault();
    const specs = viewCharts(s);
    return modal || specs.length === 0 || s.deck !== null
      ? null
      : { type: "export", specs, title: "Export all charts of this view" };
  }
  if (mod && e.shiftKey && key === "d") {
    e.preventDefault();
    // Where the toolbar offers Export deck…, and not while a deck is written.
    const toolbar = route.view === "scorecard" || route.view === "kpi" || route.view === "outlook";
    return modal || !toolbar || s.datasets.length === 0 || s.deck !== null ? null : { type: "exportDeck" };
  }
  if (e.key === "Escape" && s.importing !== null) return { type: "cancelImport" };
  if (e.key === "Escape" && s.deck !== null && s.deck.progress !== null && !modal) return { type: "cancelDeck" };
  if (e.key === "Escape" && !typing && route.view === "kpi" && !modal && !e.defaultPrevented) {
    return { type: "go", route: { view: "scorecard" }, focus: `tile-${route.kpi}` };
  }
  if (!typing && e.altKey && (e.key === "ArrowLeft" || e.key === "ArrowRight")) {
    e.preventDefault();
    return modal ? null : { type: "step", by: e.key === "ArrowLeft" ? -1 : 1 };
  }
  if (mod && ["1", "2", "3", "4"].includes(e.key)) {
    e.preventDefault();
    return modal ? null : { type: "go", route: VIEWS[Number(e.key) - 1] ?? { view: "scorecard" } };
  }
  return null;
}

const TABBABLE = "button, input, select, textarea, summary, a[href], [tabindex]";

/** The controls of `root` that Tab stops at, in order. */
function tabbables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(TABBABLE)].filter(
    (el) =>
      el.tabIndex >= 0 &&
      !(el as HTMLButtonElement).disabled &&
      !(el instanceof HTMLInputElement && el.type === "hidden") &&
      el.closest("[hidden], [inert]") === null &&
      // Inside a closed list, only its summary.
      (el.closest("details:not([open])") === null || el.matches("details:not([open]) > summary")),
  );
}

/**
 * Tab and Shift+Tab go round the controls of `dialog`: from the last to the
 * first and back, and from anywhere outside it into it. Between two of its
 * controls the browser moves the focus itself.
 */
export function trapTab(e: KeyboardEvent, dialog: HTMLElement): void {
  const items = tabbables(dialog);
  const first = items[0];
  const last = items[items.length - 1];
  if (first === undefined || last === undefined) {
    e.preventDefault();
    return;
  }
  const active = document.activeElement;
  let to: HTMLElement | null;
  if (!(active instanceof HTMLElement) || active === dialog || !dialog.contains(active)) {
    to = e.shiftKey ? last : first;
  } else {
    // At the last control (or past it) Tab goes round to the first; Shift+Tab the other way.
    const [towards, wrap] = e.shiftKey
      ? [Node.DOCUMENT_POSITION_PRECEDING, last]
      : [Node.DOCUMENT_POSITION_FOLLOWING, first];
    const more = items.some(
      (x) => x !== active && !active.contains(x) && (active.compareDocumentPosition(x) & towards) !== 0,
    );
    to = more ? null : wrap;
  }
  if (to === null) return;
  e.preventDefault();
  to.focus();
}
