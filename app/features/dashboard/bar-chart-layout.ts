/**
 * Where the bars of a dashboard chart go: horizontal bars (long labels fit a phone that way)
 * in a fixed drawing box the page scales to its width. Worked out on the server (the loader),
 * so the browser receives numbers to draw and no charting code. A bar whose count is hidden
 * ("<5" or withheld) gets no length at all: the page draws a neutral marker in its place.
 */
import { scaleBand, scaleLinear } from "d3-scale";

export const CHART_WIDTH = 360;
/** Room on the left for the bars' names, and on the right for the value written after a bar. */
export const CHART_LABEL_WIDTH = 132;
const VALUE_ROOM = 44;
const BAR_STEP = 34;
const AXIS_ROOM = 22;

export interface BarChartLayout {
  width: number;
  height: number;
  /** Where the axis starts (the bars' left end) and ends. */
  x0: number;
  x1: number;
  /** The axis' ticks: their value and where they are. */
  ticks: { value: number; x: number }[];
  /** One per value, in order: its band (top and height) and its length, null when hidden. */
  bars: { y: number; height: number; length: number | null }[];
}

/** The layout for bars of these values (null: hidden, drawn as a marker), on an axis from 0 with round ticks. */
export function barChartLayout(values: readonly (number | null)[]): BarChartLayout {
  const height = AXIS_ROOM + Math.max(1, values.length) * BAR_STEP;
  const largest = Math.max(1, ...values.map((value) => value ?? 0));
  const x = scaleLinear().domain([0, largest]).nice(4).range([CHART_LABEL_WIDTH, CHART_WIDTH - VALUE_ROOM]);
  const y = scaleBand<number>()
    .domain(values.map((_, index) => index))
    .range([AXIS_ROOM, height])
    .paddingInner(0.3)
    .paddingOuter(0.15);
  const round = (value: number) => Math.round(value * 10) / 10;
  return {
    width: CHART_WIDTH,
    height,
    x0: CHART_LABEL_WIDTH,
    x1: round(x.range()[1] ?? CHART_WIDTH),
    ticks: x.ticks(4).filter(Number.isInteger).map((value) => ({ value, x: round(x(value)) })),
    bars: values.map((value, index) => ({ y: round(y(index) ?? 0), height: round(y.bandwidth()), length: value === null ? null : round(x(value) - CHART_LABEL_WIDTH) })),
  };
}
