// What every action is handed: the state it changes, the backend it asks, and
// the app's render, refresh and message line. Actions are the only code that
// talks to the backend; the views only send messages (src/appstate.ts).

import type { Error as CoreError } from "../bindings/Error";
import type { AppState } from "../appstate";
import type { Backend } from "../ipc";
import type { Tone } from "../view";

export interface Ctx {
  state: AppState;
  api: Backend;
  storage: Storage;
  now: () => number;
  /** Draws the state (the page is patched, not rebuilt). */
  render(): void;
  /** Reloads what the current view shows, then draws it. */
  refresh(): Promise<void>;
  /** A message at the bottom of the window; `live` ones change in place and do not fade. */
  say(text: string, tone: Tone, opts?: { live?: boolean }): void;
  /** Remembers the view, period and filters for the next run. */
  persist(): void;
}

/** Anything a command rejected with, as the core's error shape. */
export function toCoreError(e: unknown): CoreError {
  if (typeof e === "object" && e !== null && "code" in e && "message" in e) return e as CoreError;
  return { code: "io", message: e instanceof Error ? e.message : String(e), location: null };
}
