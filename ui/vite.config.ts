import { defineConfig } from "vite";

// The window loads the built files from ui/dist (no dev server, no remote URL).
export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Tauri's CSP allows only same-origin scripts and styles.
    assetsInlineLimit: 0,
  },
  test: {
    include: ["src/**/*.test.ts"],
  },
});
