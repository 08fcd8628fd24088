import { describe, expect, it } from "vitest";
import { RowHeights, rowWindow } from "./rowHeights";

describe("RowHeights", () => {
  it("places unmeasured rows at the estimate and measured ones at their height", () => {
    const h = new RowHeights(5, 40);
    expect(h.total()).toBe(200);
    expect(h.set(1, 100)).toBe(true);
    expect(h.set(1, 100)).toBe(false);
    expect([0, 1, 2, 3].map((i) => h.offset(i))).toEqual([0, 40, 140, 180]);
    expect(h.total()).toBe(260);
    expect(h.indexAt(39)).toBe(0);
    expect(h.indexAt(40)).toBe(1);
    expect(h.indexAt(139)).toBe(1);
    expect(h.indexAt(140)).toBe(2);
    expect(h.indexAt(10_000)).toBe(4);
  });

  it("windows 50,000 rows to a handful, wrapped rows included", () => {
    const h = new RowHeights(50_000, 40);
    for (let i = 0; i < 50_000; i += 7) h.set(i, 80);
    const w = rowWindow(h, h.offset(25_000), 400);
    expect(w.start).toBeLessThanOrEqual(25_000);
    expect(w.end - w.start).toBeLessThan(40);
    expect(w.offsetTop).toBe(h.offset(w.start));
    const last = rowWindow(h, 1e12, 400);
    expect(last.end).toBe(50_000);
  });
});
