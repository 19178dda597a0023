// Starts the app. An external module (no inline script), so a strict Content-Security-Policy holds.
import init from "/pkg/app.js";
init({ module_or_path: "/pkg/app_bg.wasm" });
