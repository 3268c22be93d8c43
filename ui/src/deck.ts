// The meeting deck being exported (Export deck…): how far it is, in the
// window's words. Pure functions, tested in deck.test.ts.

import type { ExportProgress } from "./bindings/ExportProgress";
import type { ProgressView } from "./view";

/** A deck being written: the last progress the app sent (null: none yet), and whether Cancel was pressed. */
export interface DeckRun {
  progress: ExportProgress | null;
  cancelling: boolean;
}

/** What the deck's progress bar says. */
export function deckProgressView(run: DeckRun): ProgressView {
  const p = run.progress;
  if (run.cancelling) return { label: "Cancelling the deck…", fraction: null };
  if (p === null || p.total === 0) return { label: "Preparing the deck…", fraction: null };
  const slide = Math.min(p.done + 1, p.total);
  return { label: `Writing slide ${slide} of ${p.total}…`, fraction: Math.min(1, p.done / p.total) };
}
