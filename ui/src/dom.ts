// DOM helpers for the modal dialogs the actions open over the window (see
// src/dialogs.ts); the window itself is drawn by src/views/ with lit-html.
// Text from files and the database is only ever set as text (never as HTML).

export type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === "string" ? document.createTextNode(c) : c);
  }
  return el;
}

export interface ButtonOptions {
  disabled?: boolean | undefined;
  primary?: boolean | undefined;
  subtle?: boolean | undefined;
  danger?: boolean | undefined;
  id?: string | undefined;
  title?: string | undefined;
  label?: string | undefined;
}

export function button(text: string, onClick: () => void, opts: ButtonOptions = {}): HTMLButtonElement {
  const cls = ["btn", opts.primary ? "primary" : "", opts.subtle ? "subtle" : "", opts.danger ? "danger" : ""]
    .filter(Boolean)
    .join(" ");
  const b = h("button", { type: "button", class: cls }, text);
  if (opts.id !== undefined) b.id = opts.id;
  if (opts.title !== undefined) b.title = opts.title;
  if (opts.label !== undefined) b.setAttribute("aria-label", opts.label);
  b.disabled = opts.disabled ?? false;
  b.addEventListener("click", onClick);
  return b;
}

/** A modal dialog in the page; resolves with the button's value, or null on Escape. */
export function modal(
  id: string,
  title: string,
  body: Child[],
  actions: { text: string; value: string; primary?: boolean; danger?: boolean }[],
): { dialog: HTMLDialogElement; result: Promise<string | null> } {
  const dlg = h("dialog", { class: "modal", id, "aria-labelledby": `${id}-title` });
  // Closed, the dialog gives the focus back to what opened it.
  const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  const result = new Promise<string | null>((resolve) => {
    dlg.addEventListener("close", () => {
      resolve(dlg.returnValue === "" ? null : dlg.returnValue);
      dlg.remove();
      if (opener?.isConnected === true) opener.focus();
    });
  });
  const row = h("div", { class: "actions" });
  for (const a of actions) {
    const b = button(a.text, () => dlg.close(a.value), {
      primary: a.primary,
      danger: a.danger,
      id: `${id}-${a.value}`,
    });
    row.append(b);
  }
  dlg.append(
    h("h2", { id: `${id}-title` }, title),
    ...body.filter((c): c is Node | string => c !== null && c !== undefined && c !== false),
    row,
  );
  document.body.append(dlg);
  dlg.showModal();
  return { dialog: dlg, result };
}

/** A confirmation; resolves true when confirmed. The safe choice has the focus. */
export async function confirmDialog(title: string, body: string, confirm: string): Promise<boolean> {
  const { dialog, result } = modal(
    "confirm-dialog",
    title,
    [h("p", {}, body)],
    [
      { text: "Cancel", value: "cancel" },
      { text: confirm, value: "ok", primary: true, danger: true },
    ],
  );
  dialog.querySelector<HTMLButtonElement>("#confirm-dialog-cancel")?.focus();
  return (await result) === "ok";
}

/** Resolves once the pictures under `root` are decoded and a frame has been drawn. */
export async function painted(root: HTMLElement): Promise<void> {
  const images = [...root.querySelectorAll("img")].filter((i) => typeof i.decode === "function");
  await Promise.all(images.map((i) => i.decode().catch(() => undefined)));
  if (typeof requestAnimationFrame === "function") await new Promise((r) => requestAnimationFrame(() => r(undefined)));
}
