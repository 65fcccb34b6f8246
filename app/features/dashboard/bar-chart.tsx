import type { BarChartLayout } from "~/features/dashboard/bar-chart-layout";

export type ChartBar = { label: string; text: string };

/**
 * Horizontal bars drawn as SVG on the server (no script needed), scaled to the page's width.
 * Each bar carries its name and its value as text, so nothing depends on colour; a bar whose
 * count is hidden is a dashed outline with its "<5" or "—", never a length. Screen readers get
 * the title and description; the table beside the chart holds the same figures.
 */
export function BarChart({ id, title, description, bars, layout }: { id: string; title: string; description: string; bars: readonly ChartBar[]; layout: BarChartLayout }) {
  return (
    <svg
      className="bar-chart"
      role="img"
      aria-labelledby={`${id}-title ${id}-desc`}
      viewBox={`0 0 ${layout.width} ${layout.height}`}
      width="100%"
      preserveAspectRatio="xMinYMin meet"
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{description}</desc>
      <g aria-hidden="true">
        {layout.ticks.map((tick) => (
          <g key={tick.value}>
            <line className="bar-chart__grid" x1={tick.x} x2={tick.x} y1={16} y2={layout.height} />
            <text className="bar-chart__tick" x={tick.x} y={12} textAnchor="middle">
              {tick.value}
            </text>
          </g>
        ))}
        {layout.bars.map((place, index) => {
          const bar = bars[index];
          if (!bar) return null;
          const middle = place.y + place.height / 2;
          return (
            <g key={index}>
              <text className="bar-chart__label" x={layout.x0 - 6} y={middle} textAnchor="end" dominantBaseline="middle">
                {bar.label}
              </text>
              {place.length === null ? (
                <>
                  <rect className="bar-chart__hidden" x={layout.x0 + 1} y={place.y} width={22} height={place.height} />
                  <text className="bar-chart__value" x={layout.x0 + 28} y={middle} dominantBaseline="middle">
                    {bar.text}
                  </text>
                </>
              ) : (
                <>
                  <rect className="bar-chart__bar" x={layout.x0} y={place.y} width={Math.max(place.length, 1)} height={place.height} />
                  <text className="bar-chart__value" x={layout.x0 + Math.max(place.length, 1) + 4} y={middle} dominantBaseline="middle">
                    {bar.text}
                  </text>
                </>
              )}
            </g>
          );
        })}
      </g>
    </svg>
  );
}
