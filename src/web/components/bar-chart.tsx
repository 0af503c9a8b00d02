/** A small dependency-free SVG bar chart; the numbers are also given as text for screen readers. */
export function BarChart({
  data,
  label,
  height = 180,
}: {
  data: { label: string; value: number }[];
  label: string;
  height?: number;
}) {
  const width = 720;
  const pad = { top: 12, right: 8, bottom: 28, left: 36 };
  const max = Math.max(1, ...data.map((d) => d.value));
  const innerW = width - pad.left - pad.right;
  const innerH = height - pad.top - pad.bottom;
  const step = data.length ? innerW / data.length : innerW;
  const barW = Math.max(2, step * 0.7);
  const ticks = [0, Math.round(max / 2), max];
  return (
    <figure className="chart-figure">
      <svg
        className="chart"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-label={`${label}: ${data.map((d) => `${d.label} ${d.value}`).join(', ')}`}
      >
        {ticks.map((t) => {
          const y = pad.top + innerH - (t / max) * innerH;
          return (
            <g key={t}>
              <line x1={pad.left} x2={width - pad.right} y1={y} y2={y} stroke="#e5e7eb" />
              <text x={pad.left - 6} y={y + 4} textAnchor="end">
                {t}
              </text>
            </g>
          );
        })}
        {data.map((d, i) => {
          const h = (d.value / max) * innerH;
          const x = pad.left + i * step + (step - barW) / 2;
          return (
            <g key={d.label}>
              <rect className="bar" x={x} y={pad.top + innerH - h} width={barW} height={h}>
                <title>{`${d.label}: ${d.value}`}</title>
              </rect>
              {(data.length <= 14 || i % Math.ceil(data.length / 10) === 0) && (
                <text x={x + barW / 2} y={height - 8} textAnchor="middle">
                  {d.label}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      <figcaption className="muted small">{label}</figcaption>
    </figure>
  );
}
