// How `npm run projections -- rebuild` shows a rebuild going: a progress bar (events done, events
// per second, time left) on a terminal, and a plain line every few seconds anywhere else (a CI
// log, a file), where a redrawn bar would be noise.
import cliProgress from 'cli-progress';
import type { RebuildProgress } from '@casebook/read-models';

export interface ProgressDisplay {
  update(progress: RebuildProgress): void;
  stop(): void;
}

type Output = NodeJS.WritableStream & { isTTY?: boolean };

const rateOf = ({ events, startedAt }: RebuildProgress, now: number) => {
  const seconds = (now - startedAt) / 1000;
  return seconds > 0 ? Math.round(events / seconds) : 0;
};

export function rebuildProgressDisplay(output: Output, { plainEveryMs = 5000, now = Date.now } = {}): ProgressDisplay {
  return output.isTTY ? new ProgressBar(output, now) : new PlainLines(output, plainEveryMs, now);
}

class ProgressBar implements ProgressDisplay {
  private readonly bar: cliProgress.SingleBar;
  private started = false;

  constructor(
    output: Output,
    private readonly now: () => number,
  ) {
    this.bar = new cliProgress.SingleBar(
      {
        stream: output,
        format: '{projection} [{bar}] {percentage}% | {value}/{total} events | {rate} events/s | {eta_formatted} left | {phase}',
        hideCursor: true,
        barsize: 30,
        // The total is an estimate that firms up as the rebuild goes.
        etaBuffer: 20,
      },
      cliProgress.Presets.shades_classic,
    );
  }

  update(progress: RebuildProgress): void {
    const payload = { projection: progress.projection, rate: rateOf(progress, this.now()), phase: progress.phase };
    const total = Math.max(1, progress.estimatedTotal);
    if (!this.started) {
      this.bar.start(total, progress.events, payload);
      this.started = true;
      return;
    }
    this.bar.setTotal(total);
    this.bar.update(progress.events, payload);
  }

  stop(): void {
    if (this.started) this.bar.stop();
  }
}

class PlainLines implements ProgressDisplay {
  private lastLine = -Infinity;
  private lastPhase?: RebuildProgress['phase'];

  constructor(
    private readonly output: Output,
    private readonly everyMs: number,
    private readonly now: () => number,
  ) {}

  update(progress: RebuildProgress): void {
    const now = this.now();
    if (progress.phase === this.lastPhase && now - this.lastLine < this.everyMs) return;
    this.lastLine = now;
    this.lastPhase = progress.phase;
    const { projection, events, estimatedTotal, fraction, phase } = progress;
    const rate = rateOf(progress, now);
    if (phase === 'switching') {
      this.output.write(`${projection}: ${events} events applied; switching readers to the rebuilt tables\n`);
      return;
    }
    if (phase === 'done') return;
    const left = rate > 0 ? `, about ${Math.ceil(Math.max(0, estimatedTotal - events) / rate)} s left` : '';
    this.output.write(
      `${projection}: ${events} of about ${estimatedTotal} events (${Math.floor(fraction * 100)}%), ${rate} events/s${left}\n`,
    );
  }

  stop(): void {
    // Every line is complete as written.
  }
}
