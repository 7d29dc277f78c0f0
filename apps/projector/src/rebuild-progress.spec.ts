import { Writable } from 'node:stream';
import type { RebuildProgress } from '@casebook/read-models';
import { rebuildProgressDisplay } from './rebuild-progress.js';

/** A stream that keeps what is written to it; a terminal of 120 columns when `tty`. */
function output(tty: boolean): Writable & { isTTY?: boolean; columns?: number; text(): string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  return Object.assign(stream, { isTTY: tty, columns: 120, text: () => chunks.join('') });
}

const at = (events: number, estimatedTotal: number, phase: RebuildProgress['phase'] = 'building'): RebuildProgress => ({
  projection: 'mutual-timeline',
  events,
  estimatedTotal,
  fraction: estimatedTotal > 0 ? events / estimatedTotal : 0,
  startedAt: 0,
  phase,
});

describe('the progress of a rebuild', () => {
  it('is a line every few seconds when not shown on a terminal, with events done, the rate and the time left', () => {
    const plain = output(false);
    let now = 1000;
    const display = rebuildProgressDisplay(plain, { plainEveryMs: 5000, now: () => now });
    display.update(at(0, 200_000));
    now = 3000;
    display.update(at(20_000, 200_000));
    now = 10_000;
    display.update(at(100_000, 200_000));
    now = 10_500;
    display.update(at(110_000, 200_000, 'switching'));
    display.update(at(110_000, 110_000, 'done'));
    display.stop();
    expect(plain.text().split('\n')).toEqual([
      'mutual-timeline: 0 of about 200000 events (0%), 0 events/s',
      'mutual-timeline: 100000 of about 200000 events (50%), 10000 events/s, about 10 s left',
      'mutual-timeline: 110000 events applied; switching readers to the rebuilt tables',
      '',
    ]);
  });

  it('is a bar on a terminal, redrawn in place, with the same figures', () => {
    const terminal = output(true);
    let now = 0;
    const display = rebuildProgressDisplay(terminal, { now: () => now });
    display.update(at(0, 1000));
    now = 2000;
    display.update(at(500, 1000));
    display.stop();
    const text = terminal.text();
    // Drawn with terminal control sequences, not one line per update.
    expect(text).toContain('\u001b[');
    expect(text).toContain('mutual-timeline [');
    expect(text).toContain('500/1000 events | 250 events/s');
  });
});
