// The window's entry point: the app view over the real Tauri backend.

import { App } from "./app";
import { tauriBackend } from "./ipc";

const root = document.getElementById("app");
if (root !== null) {
  const app = new App(root, tauriBackend);
  app.render();
  void app.start();
}
