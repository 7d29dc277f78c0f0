// Reading a Prometheus text exposition the way a scraper would, for tests of /metrics.

/** The value of the first series of metric `name` whose labels include `labels`; undefined when none has them. */
export function sampleOf(text: string, name: string, labels: Record<string, string>): number | undefined {
  const wanted = Object.entries(labels).map(([key, value]) => `${key}="${value}"`);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`)) continue;
    const at = line.lastIndexOf(' ');
    if (wanted.every((label) => line.slice(0, at).includes(label))) return Number(line.slice(at + 1));
  }
  return undefined;
}
