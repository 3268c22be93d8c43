// The meeting deck's progress in the window's words (src/deck.ts).

import { describe, expect, test } from "vitest";
import { deckProgressView } from "./deck";

describe("the deck's progress", () => {
  test("says which slide is written, of how many", () => {
    expect(deckProgressView({ progress: { done: 2, total: 16 }, cancelling: false })).toEqual({
      label: "Writing slide 3 of 16…",
      fraction: 0.125,
    });
    expect(deckProgressView({ progress: { done: 16, total: 16 }, cancelling: false })).toEqual({
      label: "Writing slide 16 of 16…",
      fraction: 1,
    });
  });

  test("before the first slide, and once cancelled, has no fraction", () => {
    expect(deckProgressView({ progress: null, cancelling: false })).toEqual({
      label: "Preparing the deck…",
      fraction: null,
    });
    expect(deckProgressView({ progress: { done: 0, total: 0 }, cancelling: false }).label).toBe("Preparing the deck…");
    expect(deckProgressView({ progress: { done: 4, total: 16 }, cancelling: true })).toEqual({
      label: "Cancelling the deck…",
      fraction: null,
    });
  });
});
