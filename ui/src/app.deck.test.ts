// @vitest-environment happy-dom
// Export deck… over the fake backend (src/testing/fake.ts): the view on
// screen sent to export_deck, the slides counted from the export progress
// events with Cancel (cancel_deck), the file named once written; a cancelled
// deck is a quiet note, other failures are errors; one deck at a time.

import { beforeEach, describe, expect, test } from "vitest";
import type { Error as CoreError } from "./bindings/Error";
import type { Saved } from "./bindings/Saved";
import { STORAGE_KEY } from "./state";
import { click, FakeBackend, flush, memoryStorage, openApp, text } from "./testing/fake";

let api: FakeBackend;
let root: HTMLElement;
let storage: Storage;
/** Ends the deck under way: written, or failed. */
let finish: (s: Saved | null) => void;
let fail: (e: CoreError) => void;

beforeEach(() => {
  api = new FakeBackend();
  api.deckAnswer = () =>
    new Promise<Saved | null>((ok, no) => {
      finish = ok;
      fail = no;
    });
  storage = memoryStorage();
  storage.setItem(
    STORAGE_KEY,
    JSON.stringify({
      route: { view: "scorecard" },
      period: "2025-Q3",
      filter: [{ dimension: "region", value: "East" }],
    }),
  );
  root = document.createElement("div");
  document.body.replaceChildren(root);
});

const button = (id: string) => document.querySelector<HTMLButtonElement>(`#${id}`)!;
const ctrlShiftD = () =>
  document.dispatchEvent(new KeyboardEvent("keydown", { key: "D", ctrlKey: true, shiftKey: true, cancelable: true }));

describe("Export deck…", () => {
  test("sends the view on screen, counts the slides with Cancel beside, and names the file written", async () => {
    await openApp(root, api, storage);
    expect(button("export-deck").title).toBe(
      "The meeting deck of this period and filter as PowerPoint or PDF: a slide per focus KPI (Ctrl+Shift+D)",
    );
    click("#export-deck");
    await flush();
    expect(api.deckAsks).toEqual([
      { period: "2025-Q3", filter: [{ dimension: "region", value: "East" }], today: null },
    ]);
    // One export at a time.
    expect(button("export-deck").disabled).toBe(true);
    expect(button("export-all").disabled).toBe(true);
    // The save dialog is open: nothing to show yet.
    expect(document.querySelector("#deck-progress")).toBeNull();
    api.fire("export", { done: 0, total: 16 });
    expect(text("#deck-progress-label")).toBe("Writing slide 1 of 16…");
    const panel = document.querySelector("#deck-progress");
    api.fire("export", { done: 2, total: 16 });
    expect(text("#deck-progress-label")).toBe("Writing slide 3 of 16…");
    expect(document.querySelector<HTMLProgressElement>("#deck-progress-bar")!.getAttribute("value")).toBe("0.125");
    expect(text("#cancel-deck")).toBe("Cancel");
    // In place, and not in the message line as an "Export all" would be.
    expect(document.querySelector("#deck-progress")).toBe(panel);
    expect(document.querySelector("#status")).toBeNull();
    finish({ path: "/home/ann/Sales review 2025-Q3.pptx", files: 1 });
    await flush();
    expect(document.querySelector("#deck-progress")).toBeNull();
    expect(text("#status-text")).toBe("Saved the meeting deck as /home/ann/Sales review 2025-Q3.pptx.");
    expect(document.querySelector("#status")!.className).toBe("status ok");
    expect(button("export-deck").disabled).toBe(false);
    expect(button("export-all").disabled).toBe(false);
  });

  test("Cancel stops the deck; the cancelled answer is a quiet note, not an error", async () => {
    await openApp(root, api, storage);
    click("#export-deck");
    await flush();
    api.fire("export", { done: 4, total: 16 });
    click("#cancel-deck");
    await flush();
    expect(api.calls).toEqual(["cancel_deck"]);
    expect(text("#deck-progress-label")).toBe("Cancelling the deck…");
    expect(button("cancel-deck").disabled).toBe(true);
    fail({ code: "cancelled", message: "the deck was cancelled; no file was written", location: null });
    await flush();
    expect(document.querySelector("#deck-progress")).toBeNull();
    expect(text("#status-text")).toBe("The deck was cancelled; no file was written.");
    expect(document.querySelector("#status")!.className).toBe("status info");
    expect(document.querySelector("#status")!.getAttribute("role")).toBe("status");
    expect(document.querySelector(".error")).toBeNull();
    expect(document.activeElement?.id).toBe("export-deck");
  });

  test("Ctrl+Shift+D starts it, once at a time; Escape cancels it", async () => {
    await openApp(root, api, storage);
    ctrlShiftD();
    await flush();
    ctrlShiftD();
    await flush();
    expect(api.deckAsks.length).toBe(1);
    // Escape before there is progress to cancel does nothing.
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    expect(api.calls).toEqual([]);
    api.fire("export", { done: 1, total: 16 });
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
    await flush();
    expect(api.calls).toEqual(["cancel_deck"]);
  });

  test("a dialog cancelled says nothing; another failure is an error with what to do", async () => {
    await openApp(root, api, storage);
    click("#export-deck");
    await flush();
    finish(null);
    await flush();
    expect(document.querySelector("#status")).toBeNull();
    expect(button("export-deck").disabled).toBe(false);
    click("#export-deck");
    await flush();
    api.fire("export", { done: 3, total: 16 });
    fail({ code: "io", message: "could not write /home/ann/deck.pptx: permission denied", location: null });
    await flush();
    expect(document.querySelector("#deck-progress")).toBeNull();
    expect(text("#status-text")).toBe(
      "Could not write /home/ann/deck.pptx: permission denied. Check that the disk is not full and that you may write to the folder.",
    );
    expect(document.querySelector("#status")!.className).toBe("status warn");
    expect(document.querySelector("#status")!.getAttribute("role")).toBe("alert");
    expect(api.deckAsks.length).toBe(2);
  });

  test("is in the Outlook's toolbar too; not in the Goals view, nor by its key there", async () => {
    await openApp(root, api, storage);
    click("#nav-outlook");
    await flush();
    click("#export-deck");
    await flush();
    finish(null);
    await flush();
    expect(api.deckAsks).toEqual([
      { period: "2025-Q3", filter: [{ dimension: "region", value: "East" }], today: null },
    ]);
    // Not in the Goals view, nor by its key there.
    click("#nav-goals");
    await flush();
    expect(document.querySelector("#export-deck")).toBeNull();
    ctrlShiftD();
    await flush();
    expect(api.deckAsks.length).toBe(1);
  });
});
