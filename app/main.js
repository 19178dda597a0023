// Starts the app. An external module (no inline script), so a strict Content-Security-Policy
// holds. The secretariat's review desk is a second bundle (pkg-admin/, the app built with its
// `admin` feature): only /admin pages download it, so applicants never do.
const admin = location.pathname === "/admin" || location.pathname.startsWith("/admin/");
const pkg = admin ? "/pkg-admin/app" : "/pkg/app";
const { default: init } = await import(`${pkg}.js`);
init({ module_or_path: `${pkg}_bg.wasm` });
