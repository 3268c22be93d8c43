// The window's entry point: the app view over the real Tauri backend.

import { App } from "./app";
import { tauriBackend } from "./ipc";

const root = document.getElementById("app");
if (root !== null) {
  const app = new App(root, tauriBackend);
  // The end-to-end test reads how long the first scorecard took to paint.
  (window as unknown as { salescope: { timings: App["timings"] } }).salescope = { timings: app.timings };
  app.render();
  void app.start();
}
