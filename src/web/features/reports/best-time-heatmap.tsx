import type { BestTime, BestTimeCell } from '../../../core/api/reports.types';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const DASH = '—';
const pct = (n: number | null) => (n === null ? DASH : `${(n * 100).toFixed(1)} %`);
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

/** The cell with the best contact rate (most calls breaks a tie): what the chart's label says in words. */
function best(cells: BestTimeCell[]): BestTimeCell | null {
  let top: BestTimeCell | null = null;
  for (const c of cells)
    if (
      c.contactRate !== null &&
      (top === null ||
        c.contactRate > (top.contactRate ?? 0) ||
        (c.contactRate === top.contactRate && c.calls > top.calls))
    )
      top = c;
  return top;
}

/**
 * The best time to call: contact rate by the callee's local weekday (rows) and hour (columns), darker where more
 * calls reached a person. The chart is an image with its finding in words; the table beside it has every number.
 */
export function BestTimeHeatmap({ bestTime }: { bestTime: BestTime }) {
  const cells = new Map(bestTime.cells.map((c) => [`${c.weekday} ${c.hour}`, c]));
  const max = Math.max(1e-9, ...bestTime.cells.map((c) => c.contactRate ?? 0));
  const top = best(bestTime.cells);
  const size = 20;
  const left = 40;
  const topPad = 18;
  const width = left + 24 * size;
  const height = topPad + 7 * size;
  const label =
    top === null
      ? 'Contact rate by the callee’s local weekday and hour: no calls with a known time zone'
      : `Contact rate by the callee’s local weekday and hour; the best is ${WEEKDAYS[top.weekday - 1]} ${hourLabel(top.hour)} at ${pct(top.contactRate)} of ${top.calls} calls`;
  return (
    <>
      <svg className="ds-chart" viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-label={label}>
        <title>{label}</title>
        {Array.from({ length: 8 }, (_, i) => i * 3).map((h) => (
          <text key={h} x={left + h * size} y={12} className="ds-chart__label" fontSize={10}>
            {String(h).padStart(2, '0')}
          </text>
        ))}
        {WEEKDAYS.map((day, d) => (
          <g key={day}>
            <text x={left - 6} y={topPad + d * size + 14} textAnchor="end" className="ds-chart__label" fontSize={11}>
              {day.slice(0, 3)}
            </text>
            {Array.from({ length: 24 }, (_, h) => {
              const c = cells.get(`${d + 1} ${h}`);
              const rate = c?.contactRate ?? null;
              return (
                <rect
                  key={h}
                  x={left + h * size + 1}
                  y={topPad + d * size + 1}
                  width={size - 2}
                  height={size - 2}
                  rx={2}
                  fill={rate === null ? 'none' : '#2454d6'}
                  fillOpacity={rate === null ? 0 : 0.12 + (0.88 * rate) / max}
                  stroke="#c7ccd6"
                  strokeWidth={rate === null ? 1 : 0}
                />
              );
            })}
          </g>
        ))}
      </svg>
      <p className="muted small">
        Hours and weekdays in each callee’s own time zone. Darker: a larger share of calls reached a person; an outlined
        square had no calls.
        {bestTime.unknownZoneCalls > 0 &&
          ` ${bestTime.unknownZoneCalls.toLocaleString()} calls without a known time zone are not in it.`}
      </p>
    </>
  );
}

/** Every cell of the heatmap with calls, as a table: the numbers behind the colours, and the period before. */
export function BestTimeTable({ bestTime }: { bestTime: BestTime }) {
  if (bestTime.cells.length === 0) return <p>No calls with a known callee time zone in this range.</p>;
  return (
    <table className="table small">
      <thead>
        <tr>
          <th scope="col">Weekday and hour (callee’s time)</th>
          <th scope="col">Calls</th>
          <th scope="col">Reached a person</th>
          <th scope="col">Contact rate</th>
          <th scope="col">Contact rate before</th>
        </tr>
      </thead>
      <tbody>
        {bestTime.cells.map((c) => (
          <tr key={`${c.weekday}-${c.hour}`}>
            <th scope="row">
              {WEEKDAYS[c.weekday - 1]} {hourLabel(c.hour)}
            </th>
            <td>{c.calls.toLocaleString()}</td>
            <td>{c.contacts.toLocaleString()}</td>
            <td>{pct(c.contactRate)}</td>
            <td>{pct(c.previousContactRate)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
