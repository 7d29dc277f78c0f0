// Figures of several rounds: the median and the range, never a mean, so that one round slowed by
// a neighbour on the machine moves the range and not the headline.

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

/** `p` from 0 to 100 of unsorted values (nearest rank). */
export const percentile = (values, p) => {
  if (values.length === 0) return undefined;
  const sorted = Float64Array.from(values).sort();
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
};

/** Median, lowest and highest of the rounds, rounded to `digits`. */
export const summary = (values, digits = 0) => {
  const round = (x) => Number(x.toFixed(digits));
  return { median: round(median(values)), min: round(Math.min(...values)), max: round(Math.max(...values)), rounds: values.map(round) };
};

const number = (x, digits) => x.toLocaleString('en-GB', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** "1,234 (1,100-1,300)": a summary as one table cell. */
export const cell = (s, digits = 0) => `${number(s.median, digits)} (${number(s.min, digits)}-${number(s.max, digits)})`;
