// The questions the actions ask in a modal dialog (src/dom.ts): a custom
// range, a goal's new target, an export's size and scale. Each resolves with
// the answer, or null when cancelled; none talks to the backend.

import type { Size as ChartSize } from "./bindings/ChartSize";
import type { Preset } from "./bindings/SizePreset";
import { h, modal } from "./dom";

const field = (label: string, input: HTMLElement) => h("label", { class: "field" }, h("span", {}, label), input);

/** The two days of a custom period. */
export async function askRange(start: string, end: string): Promise<{ from: string; to: string } | null> {
  const from = h("input", { type: "date", id: "range-from", value: start });
  const to = h("input", { type: "date", id: "range-to", value: end });
  const { result } = modal(
    "range-dialog",
    "Custom period",
    [h("div", { class: "form-row" }, field("From", from), field("To", to))],
    [
      { text: "Cancel", value: "cancel" },
      { text: "Apply", value: "ok", primary: true },
    ],
  );
  if ((await result) !== "ok") return null;
  return { from: from.value, to: to.value };
}

/** A goal's target as the user types it (`value`: the present one, as the input shows it). */
export async function askTarget(title: string, segment: string, value: string): Promise<string | null> {
  const input = h("input", { id: "edit-goal-target", type: "text", value });
  const { dialog, result } = modal(
    "edit-goal",
    title,
    [h("p", { class: "muted" }, segment), field("Target", input)],
    [
      { text: "Cancel", value: "cancel" },
      { text: "Save", value: "ok", primary: true },
    ],
  );
  input.addEventListener("keydown", (e) => {
    if (e.key !== "Enter") return;
    // The key must not reach the Edit button the focus returns to.
    e.preventDefault();
    dialog.close("ok");
  });
  input.focus();
  if ((await result) !== "ok") return null;
  return input.value;
}

export type ExportChoice = "copy" | "png" | "all";

/** How `count` charts are exported: one can be copied or saved, several are saved in a folder. */
export async function askExport(
  title: string,
  note: string,
  count: number,
  [presets, scales]: [Preset[], number[]],
): Promise<{ choice: ExportChoice; size: ChartSize } | null> {
  const size = h("select", { id: "export-size" });
  for (const p of presets) size.append(h("option", { value: p.id }, `${p.name} (${p.width}×${p.height})`));
  const scale = h("select", { id: "export-scale" });
  for (const s of scales) {
    const o = h(
      "option",
      { value: String(s) },
      `${s}× (${s === 1 ? "screen" : s === 2 ? "sharp on slides" : "print"})`,
    );
    o.selected = s === 2;
    scale.append(o);
  }
  const actions =
    count === 1
      ? [
          { text: "Cancel", value: "cancel" },
          { text: "Copy image", value: "copy" },
          { text: "Export PNG…", value: "png", primary: true },
        ]
      : [
          { text: "Cancel", value: "cancel" },
          { text: `Export ${count} PNGs…`, value: "all", primary: true },
        ];
  const { result } = modal(
    "export-dialog",
    title,
    [h("p", { class: "muted" }, note), h("div", { class: "form-row" }, field("Size", size), field("Scale", scale))],
    actions,
  );
  const choice = await result;
  if (choice !== "copy" && choice !== "png" && choice !== "all") return null;
  const p = presets.find((x) => x.id === size.value) ?? presets[0];
  if (p === undefined) return null;
  return { choice, size: { width: p.width, height: p.height, scale: Number(scale.value) } };
}
