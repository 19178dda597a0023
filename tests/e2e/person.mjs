// How a person fills a form: field by field, with the keyboard and the mouse, starting lists
// with their "+ 添加…" buttons. Not a test file (`node --test tests/e2e/` runs `*.test.mjs`).
//
// `fillLikeAPerson(page, doc)` walks a document (an example of shared/spec/examples) and, for
// each value, finds the control the app shows for it (`#f-` + the JSON Pointer, as
// `app/src/form.rs::field_id` names it) and types, picks or ticks it. It never touches the
// page's storage or the API: what the app sends is what the person entered.

/** The id the app gives the control of a JSON Pointer. */
export const fieldId = (ptr) => "f" + ptr.replace(/[^A-Za-z0-9_]/g, "-");

/**
 * Adds the next item of the list at `ptr` with its "+ 添加…" button: by mouse, or by keyboard
 * (focus and Enter) when `keyboard` is set. Waits for the new row's first control.
 */
async function addItem(page, ptr, index, keyboard) {
  const button = page.locator(`#${fieldId(ptr)} > button.add`);
  if (keyboard) {
    await button.focus();
    await button.press("Enter");
  } else {
    await button.click();
  }
  await page.locator(`[id^="${fieldId(`${ptr}/${index}`)}"]`).first().waitFor();
}

/** Types one value into its control; false when the page has no (editable) control for it. */
async function enter(page, ptr, value) {
  const control = page.locator(`#${fieldId(ptr)}`);
  if ((await control.count()) === 0) return false;
  const { tag, type } = await control.evaluate((el) => ({ tag: el.tagName, type: el.type }));
  if (tag === "SELECT") {
    await control.selectOption(String(value));
  } else if (type === "checkbox") {
    if (value) await control.check(); else await control.uncheck();
  } else {
    if (!(await control.isEditable())) return true; // a computed figure (a total): nothing to type
    // Short values key by key (identifiers, numbers, dates), long statements pasted in one go.
    const text = String(value);
    await control.fill("");
    if (text.length <= 24 && type !== "date") await control.pressSequentially(text, { delay: 0 });
    else await control.fill(text);
  }
  return true;
}

/**
 * Fills `doc` into the form on `page`. Nulls are left empty. Lists are started with their add
 * buttons (every other one by keyboard, so both ways are walked); a list of catalogue
 * directions is ticked box by box. Values whose control appears only once the rules ask for it
 * (a justification note) are entered at the end, once it is there. `skip` lists pointers left
 * to the page (a base id filled in by a link, computed totals).
 */
export async function fillLikeAPerson(page, doc, { skip = [] } = {}) {
  const later = [];
  let adds = 0;
  const walk = async (value, ptr) => {
    if (skip.includes(ptr) || value === null || value === undefined) return;
    if (Array.isArray(value)) {
      const container = fieldId(ptr);
      const directions = await page.locator(`fieldset.directions#${container}`).count();
      if (directions) {
        for (const code of value) await page.locator(`#${fieldId(`${ptr}-${code}`)}`).check();
        return;
      }
      for (let i = 0; i < value.length; i++) {
        const row = `${ptr}/${i}`;
        if ((await page.locator(`[id^="${fieldId(row)}"]`).count()) === 0) await addItem(page, ptr, i, adds++ % 2 === 1);
        await walk(value[i], row);
      }
      return;
    }
    if (typeof value === "object") {
      for (const [k, v] of Object.entries(value)) await walk(v, `${ptr}/${k.replace(/~/g, "~0").replace(/\//g, "~1")}`);
      return;
    }
    if (!(await enter(page, ptr, value))) later.push([ptr, value]);
  };
  await walk(doc, "");
  for (const [ptr, value] of later) {
    await page.locator(`#${fieldId(ptr)}`).waitFor({ timeout: 10_000 });
    await enter(page, ptr, value);
  }
}

/**
 * What a person does before pressing a button: leaves the field they were typing in, and looks
 * at the page until it stops moving — the app asks the server about context rules 400 ms after
 * the last change (debounced), and its answer may add or remove a message above the button.
 */
export async function settle(page) {
  await page.evaluate(() => document.activeElement?.blur());
  const pending = new Set();
  const on = (r) => { if (r.url().includes("/validate")) pending.add(r); };
  const off = (r) => pending.delete(r);
  page.on("request", on);
  page.on("requestfinished", off);
  page.on("requestfailed", off);
  try {
    await page.waitForTimeout(500);
    for (let i = 0; i < 100 && pending.size > 0; i++) await page.waitForTimeout(50);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  } finally {
    page.off("request", on);
    page.off("requestfinished", off);
    page.off("requestfailed", off);
  }
}
