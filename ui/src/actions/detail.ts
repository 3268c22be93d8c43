// Hands what the user did in a KPI's "Why it moved" panel, its Notes and its
// trend's months, or over a scorecard tile, to its action (the rest of the
// messages go through App.dispatch).

import type { DetailMsg } from "../appstate";
import type { Ctx } from "./context";
import * as notes from "./notes";
import * as period from "./period";
import * as trend from "./trend";
import * as why from "./why";

export function dispatchDetail(c: Ctx, m: DetailMsg): void {
  switch (m.type) {
    case "whyVersus":
      return why.setVersus(c, m.versus);
    case "whyBy":
      return why.setBy(c, m.by);
    case "whySegment":
      return void period.only(c, m.dimension, m.value, "why-title");
    case "tileHover":
      return why.hoverTile(c, m.kpi, m.on);
    case "noteOpen":
      return notes.open(c, m.note);
    case "noteChange":
      return notes.change(c, m.change);
    case "noteCancel":
      return notes.cancel(c);
    case "noteSave":
      return void notes.save(c);
    case "noteRemove":
      return void notes.remove(c, m.note);
    case "trendHover":
      return trend.hover(c, m.days, m.on);
    case "trendFocus":
      return trend.focus(c, m.days, m.on);
    case "trendMove":
      return trend.move(c, m.month);
    case "trendNote":
      return trend.note(c, m.month);
  }
}
