// @vitest-environment happy-dom
// Why a KPI moved, over the fake backend (src/testing/fake.ts): the detail's
// panel (its sentence, split, waterfall and segments; the comparison and
// dimension pickers, answers to older questions dropped; a segment narrows
// the view to it), and the tiles' tooltips (asked once per view and KPI when
// hovered or focused a moment).

import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import type { Versus } from "./bindings/Versus";
import type { ViewQuery } from "./bindings/ViewQuery";
import { HOVER_MS } from "./actions/why";
import { STORAGE_KEY } from "./state";
import { click, detailOf, FakeBackend, flush, kpi, memoryStorage, openApp, text } from "./testing/fake";
import { whyOf } from "./testing/detail";

let api: FakeBackend;
let root: HTMLElement;
let storage: Storage;

const revenue = () => kpi("total_revenue", "Total sales revenue", "revenue", 95);

/** Opens the window on `id`'s detail (of `period`, with `filter`). */
async function openDetail(id = "total_revenue", period: string | null = "2025-Q2", filter: unknown[] = []) {
  storage.setItem(STORAGE_KEY, JSON.stringify({ route: { view: "kpi", kpi: id }, period, filter }));
  return openApp(root, api, storage);
}

const pick = async (id: string, value: string) => {
  const el = document.querySelector<HTMLSelectElement>(`#${id}`)!;
  el.value = value;
  el.dispatchEvent(new Event("change"));
  await flush();
};

const rows = () =>
  [...document.querySelectorAll("#why-table tbody tr")].map((r) =>
    [...r.children].map((c) => c.textContent?.trim()).join(" | "),
  );

afterEach(() => {
  vi.useRealTimers();
});

beforeEach(() => {
  api = new FakeBackend();
  api.dimensions = () =>
    Promise.resolve([
      { name: "manager", values: ["Zoe"] },
      { name: "region", values: ["East", "West"] },
      { name: "rep", values: ["Ann Lee"] },
      { name: "team", values: ["Enterprise", "SMB"] },
    ]);
  api.kpiDetail = (_view, id) =>
    Promise.resolve(
      detailOf(
        id === "win_rate"
          ? kpi("win_rate", "Win rate", "conversion", 0.31)
          : id === "new_leads"
            ? kpi("new_leads", "New leads", "lead_generation", 1402)
            : revenue(),
        [],
      ),
    );
  storage = memoryStorage();
  root = document.createElement("div");
  document.body.replaceChildren(root);
});

describe("the detail's Why it moved panel", () => {
  test("says why against the previous period, split by the dimension that explains most, segment by segment", async () => {
    await openDetail();
    expect(api.whyAsks).toEqual([[{ period: "2025-Q2", filter: [], today: null }, "total_revenue", "previous", null]]);
    expect(text("#why-text")).toBe("total_revenue rose vs 2025-Q1 by team.");
    expect(text("#why-split")).toBe("Split by team, the dimension that explains most.");
    // The waterfall under the gauge, before the trend, with its Export button.
    const specs = [...document.querySelectorAll("#detail figure")].map((f) => f.getAttribute("data-spec"));
    expect(specs).toEqual(["gauge:total_revenue", "explain:total_revenue:team", "trend:total_revenue"]);
    expect(document.querySelector("#export-explain-total_revenue-team")).not.toBeNull();
    expect(rows()).toEqual(["Enterprise | +$564,000", "SMB | +$47,950", "no team | −$33,300"]);
    // The pickers: the four comparisons; the split dimensions the data has, after the automatic choice.
    const options = (id: string) =>
      [...document.querySelectorAll<HTMLOptionElement>(`#${id} option`)].map((o) => `${o.value}=${o.textContent}`);
    expect(options("why-versus")).toEqual([
      "previous=The previous period",
      "previous_to_date=The previous period to date",
      "year_ago=A year ago",
      "goal=The goal",
    ]);
    expect(options("why-by")).toEqual(["=The one that explains most", "team=Team", "region=Region", "rep=Rep"]);
  });

  test("the pickers ask again with the comparison and dimension chosen; the waterfall exports only against the previous period", async () => {
    await openDetail();
    await pick("why-versus", "year_ago");
    expect(api.whyAsks.at(-1)?.slice(1)).toEqual(["total_revenue", "year_ago", null]);
    expect(text("#why-text")).toBe("total_revenue rose vs 2024-Q2 by team.");
    expect(document.querySelector("#export-explain-total_revenue-team")).toBeNull();
    await pick("why-by", "rep");
    expect(api.whyAsks.at(-1)?.slice(1)).toEqual(["total_revenue", "year_ago", "rep"]);
    expect(text("#why-split")).toBe("Split by rep.");
    await pick("why-by", "");
    expect(api.whyAsks.at(-1)?.slice(1)).toEqual(["total_revenue", "year_ago", null]);
    // The same question is not asked again when the detail is read again (a goal saved would).
    const asked = api.whyAsks.length;
    click("#period-next");
    await flush();
    expect(api.whyAsks.length).toBe(asked + 1);
    expect(api.whyAsks.at(-1)?.[0].period).toBe("2025-Q3");
  });

  test("an answer to an older question arriving last is dropped", async () => {
    const pending: [Versus, () => void][] = [];
    await openDetail();
    api.whyItMoved = (_view: ViewQuery, id: string, versus: Versus, by: string | null) =>
      new Promise((r) => pending.push([versus, () => r(whyOf(id, versus, by))]));
    await pick("why-versus", "year_ago");
    await pick("why-versus", "goal");
    expect(document.querySelector("#why")!.getAttribute("aria-busy")).toBe("true");
    const [[, yearAgo], [, goal]] = pending as [[Versus, () => void], [Versus, () => void]];
    goal();
    await flush();
    expect(text("#why-text")).toBe("total_revenue rose vs the goal by team.");
    yearAgo();
    await flush();
    expect(text("#why-text")).toBe("total_revenue rose vs the goal by team.");
    expect(document.querySelector<HTMLSelectElement>("#why-versus")!.value).toBe("goal");
    expect(document.querySelector("#why")!.getAttribute("aria-busy")).toBe("false");
  });

  test("a segment narrows the view to it; records without a value are not a button", async () => {
    await openDetail("total_revenue", "2025-Q2", [
      { dimension: "team", value: "Enterprise" },
      { dimension: "team", value: "SMB" },
    ]);
    expect(document.querySelectorAll("#why-table button").length).toBe(2);
    expect(document.querySelector("#why-table tbody tr:nth-child(3) button")).toBeNull();
    const seg = document.querySelector<HTMLButtonElement>("#why-segment-0")!;
    expect(seg.textContent).toBe("Enterprise");
    expect(seg.title).toBe("Show only team: Enterprise");
    seg.click();
    await flush();
    expect(api.whyAsks.at(-1)?.[0].filter).toEqual([{ dimension: "team", value: "Enterprise" }]);
    expect(JSON.parse(storage.getItem(STORAGE_KEY)!).filter).toEqual([{ dimension: "team", value: "Enterprise" }]);
    expect(text("#filter-team-button")).toBe("team: Enterprise");
    expect(document.activeElement?.id).toBe("why-title");
  });

  test("a ratio's parts are in points, each split into rate and mix", async () => {
    await openDetail("win_rate");
    expect(text("#why-table thead tr")).toBe("TeamChangeRateMix");
    expect(rows()).toEqual(["SMB | +2.4 pts | +3.0 pts | −0.6 pts", "Enterprise | −1.4 pts | −0.4 pts | −1.0 pts"]);
    expect(text(".why-tip")).toContain("Rate: the segment did better or worse; mix: it grew or shrank.");
  });

  test("a change that cannot be split says why; an error says what happened, in the panel", async () => {
    await openDetail("new_leads");
    expect(text("#why-text")).toBe("new_leads rose vs 2025-Q1.");
    expect(text("#why-reason")).toBe("The records new leads counts carry no team.");
    expect(document.querySelector("#why-table")).toBeNull();
    api.whyItMoved = () => Promise.reject<never>({ code: "database", message: "database is locked", location: null });
    await pick("why-versus", "goal");
    expect(text("#why .error strong")).toBe("Database is locked");
    expect(document.querySelector("#why-text")).toBeNull();
    // The rest of the detail is still there.
    expect(text("#detail-title")).toBe("New leads");
    // What the data cannot say is the panel's reason, not a failure.
    api.whyItMoved = () =>
      Promise.reject<never>({ code: "invalid_argument", message: "new leads has no goal for 2025-Q2", location: null });
    await pick("why-versus", "previous");
    expect(text("#why-reason")).toBe("New leads has no goal for 2025-Q2.");
    expect(document.querySelector("#why .error")).toBeNull();
  });

  test("the toolbar and the goal editor name the detail's own period, also after stepping in it", async () => {
    await openDetail("total_revenue", null);
    expect(text("#period-label")).toBe("2025-Q2");
    expect(document.querySelector<HTMLInputElement>("#goal-period")!.value).toBe("2025-Q2");
    click("#period-next");
    await flush();
    expect(text("#period-label")).toBe("2025-Q3");
    expect(document.querySelector<HTMLInputElement>("#goal-period")!.value).toBe("2025-Q3");
  });
});

describe("the tiles' tooltips", () => {
  test("a tile hovered a moment asks once why it moved, and its tooltip gains the sentence", async () => {
    await openApp(root, api, storage);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const tile = () => document.querySelector<HTMLButtonElement>("#tile-total_revenue")!;
    expect(tile().title).not.toContain("rose");
    // Passing over it asks nothing.
    tile().dispatchEvent(new MouseEvent("mouseenter"));
    await vi.advanceTimersByTimeAsync(HOVER_MS - 50);
    tile().dispatchEvent(new MouseEvent("mouseleave"));
    await vi.advanceTimersByTimeAsync(HOVER_MS);
    expect(api.whyAsks).toEqual([]);
    tile().dispatchEvent(new MouseEvent("mouseenter"));
    await vi.advanceTimersByTimeAsync(HOVER_MS);
    expect(api.whyAsks).toEqual([[{ period: null, filter: [], today: null }, "total_revenue", "previous", null]]);
    const lines = tile().title.split("\n");
    expect(lines).toContain("total_revenue rose vs 2025-Q1 by team.");
    // After the numbers, before the definition.
    expect(lines.at(-1)).toBe("total_revenue = formula");
    expect(text("#focus-kpis .chart-tip")).toBe("total_revenue rose vs 2025-Q1 by team.");
    // Hovered again: nothing more is asked.
    tile().dispatchEvent(new MouseEvent("mouseleave"));
    tile().dispatchEvent(new MouseEvent("mouseenter"));
    await vi.advanceTimersByTimeAsync(HOVER_MS * 2);
    expect(api.whyAsks.length).toBe(1);
  });

  test("keyboard focus counts as hovering; another view asks again", async () => {
    await openApp(root, api, storage);
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout"] });
    const tile = () => document.querySelector<HTMLButtonElement>("#tile-new_leads")!;
    tile().focus();
    await vi.advanceTimersByTimeAsync(HOVER_MS);
    expect(api.whyAsks.map((a) => a[1])).toEqual(["new_leads"]);
    expect(tile().title).toContain("new_leads rose vs 2025-Q1.");
    tile().blur();
    document.querySelector<HTMLButtonElement>("#period-next")!.click();
    await vi.advanceTimersByTimeAsync(10);
    expect(tile().title).not.toContain("rose");
    tile().focus();
    await vi.advanceTimersByTimeAsync(HOVER_MS);
    expect(api.whyAsks.map((a) => [a[0].period, a[1]])).toEqual([
      [null, "new_leads"],
      ["2025-Q3", "new_leads"],
    ]);
  });
});
