// The one script a page embedding <aii-form-check> includes (EMBEDDING.md):
//
//   <script src="https://…/embed/aii-form-check.js" defer></script>
//
// A classic script, not a module: a browser runs it from another origin without CORS, so it
// runs even where the rules cannot load (the rules server does not allow the page's origin, a
// wrong URL, a network error). It imports the widget's module from beside itself (or from the
// script's `data-module`), which defines the element, and loads the WebAssembly. If either
// fails, every <aii-form-check> on the page shows a notice (`<p class="aii-notice"
// role="alert">`, its text from the element's `error-text` attribute, else a default in the
// element's language) and fires `aii-error` (bubbling; `detail` is the error). The form is then
// left alone: it submits as it would without the widget, and the server checks it.
{
  const script = document.currentScript;
  const fail = (error) => {
    const notify = (el) => {
      if (el.querySelector(".aii-notice")) return;
      const p = document.createElement("p");
      p.className = "aii-notice";
      p.setAttribute("role", "alert");
      p.textContent =
        el.getAttribute("error-text") ||
        (/^en/i.test(el.getAttribute("lang") || document.documentElement.lang)
          ? "The form checks could not be loaded: the server will check the form when it is submitted."
          : "表单检查未能加载，提交后由服务器检查。");
      el.append(p);
      el.dispatchEvent(new CustomEvent("aii-error", { bubbles: true, detail: error }));
    };
    // The module defined the element (the WebAssembly failed): tell the elements there are.
    // Else this defines it, as the notice alone, for the elements there are and will be.
    if (customElements.get("aii-form-check")) document.querySelectorAll("aii-form-check").forEach(notify);
    else
      customElements.define(
        "aii-form-check",
        class extends HTMLElement {
          connectedCallback() {
            notify(this);
          }
        },
      );
  };
  import(script.dataset.module || new URL("aii-validator.js", script.src))
    .then((m) => m.AiiValidator.load())
    .catch(fail);
}
