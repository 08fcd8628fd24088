// Bundled by tests/ui/run.mjs into tests/.mocks.iife.js and injected before the app loads.
// Assigned to window explicitly: an esbuild --global-name IIFE stays local under addInitScript.
import { mockIPC, mockWindows, clearMocks } from "@tauri-apps/api/mocks";
/** @type {any} */ (window).TauriMocks = { mockIPC, mockWindows, clearMocks };
