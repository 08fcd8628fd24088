import { describe, expect, it } from "vitest";
import { scrollToReveal, visibleWindow } from "./virtual";

describe("visibleWindow", () => {
  it("renders only the visible rows plus overscan, even for 50,000 rows", () => {
    const w = visibleWindow(0, 400, 40, 50_000, 6);
    expect(w.start).toBe(0);
    expect(w.end).toBe(17); // 10 visible + 1 partial + 6 overscan
    expect(w.totalHeight).toBe(2_000_000);
    expect(w.end - w.start).toBeLessThan(30);
  });

  it("follows the scroll position, with the spacer at the first rendered row", () => {
    const w = visibleWindow(40 * 25_000 + 13, 400, 40, 50_000, 6);
    expect(w.start).toBe(25_000 - 6);
    expect(w.offsetTop).toBe(w.start * 40);
    expect(w.end).toBe(25_000 + 11 + 6);
  });

  it("clamps at the end of the list and when the list shrank under the scroll position", () => {
    const end = visibleWindow(10_000_000, 400, 40, 50_000, 6);
    expect(end.end).toBe(50_000);
    expect(end.start).toBe(50_000 - 10 - 6);
    const shrunk = visibleWindow(5_000, 400, 40, 3, 6);
    expect(shrunk).toEqual({ start: 0, end: 3, offsetTop: 0, totalHeight: 120 });
  });

  it("handles empty lists, negative scroll and zero-height viewports", () => {
    expect(visibleWindow(0, 400, 40, 0)).toEqual({ start: 0, end: 0, offsetTop: 0, totalHeight: 0 });
    expect(visibleWindow(-50, 400, 40, 100, 0).start).toBe(0);
    const w = visibleWindow(0, 0, 40, 100, 0);
    expect(w.end).toBeGreaterThan(0);
  });
});

describe("scrollToReveal", () => {
  it("moves as little as possible", () => {
    expect(scrollToReveal(5, 0, 400, 40)).toBe(0); // already visible
    expect(scrollToReveal(20, 0, 400, 40)).toBe(21 * 40 - 400); // below: align bottom
    expect(scrollToReveal(2, 400, 400, 40)).toBe(80); // above: align top
  });
});
