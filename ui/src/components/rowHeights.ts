// Row positions for a virtualised table whose rows wrap (a long reason takes two or three lines,
// more at 200% zoom): rows not yet measured count as the estimate, measured ones as they are.
// A Fenwick tree over "measured minus estimate" keeps every update and lookup O(log n), so
// 50,000 rows cost the same as 50.

export class RowHeights {
  readonly count: number;
  readonly estimate: number;
  private readonly heights: Float64Array;
  private readonly tree: Float64Array;

  constructor(count: number, estimate: number) {
    this.count = Math.max(0, count);
    this.estimate = estimate;
    this.heights = new Float64Array(this.count).fill(estimate);
    this.tree = new Float64Array(this.count + 1);
  }

  /** Records row `i`'s measured height; true when it changed (positions below it moved). */
  set(i: number, height: number): boolean {
    if (i < 0 || i >= this.count || !(height > 0)) return false;
    const delta = height - this.heights[i];
    if (Math.abs(delta) < 0.5) return false;
    this.heights[i] = height;
    for (let k = i + 1; k <= this.count; k += k & -k) this.tree[k] += delta;
    return true;
  }

  height(i: number): number {
    return this.heights[i] ?? this.estimate;
  }

  /** Top of row `i` (0 ≤ i ≤ count; `offset(count)` is the total height). */
  offset(i: number): number {
    const n = Math.min(Math.max(0, i), this.count);
    let extra = 0;
    for (let k = n; k > 0; k -= k & -k) extra += this.tree[k];
    return n * this.estimate + extra;
  }

  total(): number {
    return this.offset(this.count);
  }

  /** The row that contains `y` (clamped to the rows there are). */
  indexAt(y: number): number {
    if (this.count === 0) return 0;
    if (y <= 0) return 0;
    // Binary search over offsets: O(log² n), plenty for a scroll handler.
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.offset(mid) <= y) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

export interface RowWindow {
  start: number;
  end: number;
  offsetTop: number;
  totalHeight: number;
}

/** Which rows to put in the DOM for a scroll position, with `overscan` rows either side. */
export function rowWindow(h: RowHeights, scrollTop: number, viewport: number, overscan = 6): RowWindow {
  const totalHeight = h.total();
  if (h.count === 0) return { start: 0, end: 0, offsetTop: 0, totalHeight };
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, totalHeight - viewport));
  const first = h.indexAt(top);
  const last = h.indexAt(top + Math.max(viewport, h.estimate));
  const start = Math.max(0, first - overscan);
  const end = Math.min(h.count, last + 1 + overscan);
  return { start, end, offsetTop: h.offset(start), totalHeight };
}
