import { defineConfig } from "vitest/config";
import { svelte } from "@sveltejs/vite-plugin-svelte";

// Built by `vite build ui` (root = ui/) into ui/dist, which tauri.conf.json embeds.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  envPrefix: ["VITE_"],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // WebKitGTK 2.4x / WebView2 / WKWebView of the last years all run ES2022.
    target: "es2022",
    sourcemap: false,
    chunkSizeWarningLimit: 800,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
    // The catalogue checks walk every message of four languages: ~2 s on an idle machine, over
    // 9 s on the shared 2-core one while a release build runs — past Vitest's 5 s default.
    testTimeout: 30_000,
  },
});
