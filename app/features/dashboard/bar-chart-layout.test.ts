import { describe, expect, it } from "vitest";
import { barChartLayout, CHART_LABEL_WIDTH, CHART_WIDTH } from "./bar-chart-layout";

describe("a dashboard chart's bars", () => {
  it("scales lengths to the largest value on an axis from 0 with round ticks", () => {
    const layout = barChartLayout([40, 10, 23]);
    expect(layout.ticks.map((tick) => tick.value)).toEqual([0, 10, 20, 30, 40]);
    expect(layout.ticks[0]?.x).toBe(CHART_LABEL_WIDTH);
    expect(layout.ticks.at(-1)?.x).toBe(layout.x1);
    const [first, second] = layout.bars;
    expect(first?.length).toBe(layout.x1 - layout.x0);
    expect(second?.length).toBeCloseTo((layout.x1 - layout.x0) / 4, 0);
    expect(layout.x1).toBeLessThan(CHART_WIDTH);
  });

  it("gives a hidden value no length, and hidden values no say in the axis", () => {
    const layout = barChartLayout([null, 7, null]);
    expect(layout.bars.map((bar) => bar.length === null)).toEqual([true, false, true]);
    const top = layout.ticks.at(-1)?.value ?? 0;
    expect(top).toBe(8);
    expect(layout.bars[1]?.length).toBeCloseTo(((layout.x1 - layout.x0) * 7) / top, 0);
  });

  it("stacks the bands top to bottom without overlap, and draws an axis even with nothing to show", () => {
    const layout = barChartLayout([5, 6, 7, 8]);
    for (const [index, bar] of layout.bars.entries()) {
      const next = layout.bars[index + 1];
      if (next) expect(bar.y + bar.height).toBeLessThan(next.y);
    }
    expect((layout.bars.at(-1)?.y ?? 0) + (layout.bars.at(-1)?.height ?? 0)).toBeLessThanOrEqual(layout.height);
    const empty = barChartLayout([null, null]);
    expect(empty.ticks.map((tick) => tick.value)).toEqual([0, 1]);
  });
});
