// Starts the app. An external module (no inline script), so a strict Content-Security-Policy
// holds. Three bundles of one crate: pkg/ (the applicant pages), pkg-ch6/ (those plus Chapter 6
// for certified bases: the annual assessment, the evaluation, the training plan, the public registry; also any
// correction and any printable 申请书, which may be of a Chapter 6 form, and a base's own page) and pkg-admin/ (the secretariat's review desk).
// Each page downloads only its own, so applicants never download the other two.
const path = location.pathname.replace(/\/+$/, "");
const admin = path === "/admin" || path.startsWith("/admin/");
const ch6 = ["/apply/annual-assessment", "/apply/evaluation", "/apply/training-plan", "/registry", "/publicity", "/results"].includes(path)
  || /^\/status\/[^/]+\/correct$/.test(path) || /^\/(verify|certificate)\/[^/]+$/.test(path)
  || /^\/(apply|status)\/[^/]+\/print$/.test(path) || /^\/base\/[^/]+$/.test(path);
const pkg = admin ? "/pkg-admin/app" : ch6 ? "/pkg-ch6/app" : "/pkg/app";
const { default: init } = await import(`${pkg}.js`);
init({ module_or_path: `${pkg}_bg.wasm` });
