// Random sequences of appends, retries and reads, run against an adapter and the reference
// model (event-store.model.ts) side by side: every answer (revisions, data, order, errors with
// their actual revision) must be the model's. Run by each adapter's *.int-spec.ts, like the
// contract suite. Few streams and many appends, so streams routinely pass ten events: the
// length at which a text-ordered revision (0, 1, 10, 11, 2, ...) shows.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { type ContractFixture, expectOrdered, untilReadable } from './event-store.contract.js';
import { EventStoreModel, type ModelEvent } from './event-store.model.js';
import {
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type Position,
  type RecordedEvent,
  WrongExpectedVersionError,
  comparePositions,
  formatPosition,
} from './event-store.port.js';

const RUNS = 30;
const TIME_LIMIT_MS = 40_000;

type ExpectedChoice = 'any' | 'no_stream' | 'stream_exists' | 'right' | { readonly wrongBy: number };
type RevisionChoice = 'default' | 'start' | 'end' | { readonly permille: number };
type AllFromChoice = 'start' | 'end' | { readonly appended: number };
type Direction = 'forwards' | 'backwards';

type Command =
  | { readonly kind: 'append'; readonly stream: number; readonly count: number; readonly expected: ExpectedChoice }
  | { readonly kind: 'retry'; readonly pick: number }
  | {
      readonly kind: 'readStream';
      readonly stream: number;
      readonly direction: Direction;
      readonly from: RevisionChoice;
      readonly maxCount?: number;
    }
  | { readonly kind: 'readAll'; readonly direction: Direction; readonly from: AllFromChoice; readonly maxCount?: number };

const direction = fc.constantFrom<Direction>('forwards', 'backwards');
const maxCount = fc.option(fc.integer({ min: 1, max: 25 }), { nil: undefined, freq: 3 });

const expectedChoice: fc.Arbitrary<ExpectedChoice> = fc.oneof(
  { weight: 3, arbitrary: fc.constant('any' as const) },
  { weight: 4, arbitrary: fc.constant('right' as const) },
  { weight: 2, arbitrary: fc.constant('stream_exists' as const) },
  { weight: 1, arbitrary: fc.constant('no_stream' as const) },
  {
    weight: 2,
    arbitrary: fc
      .integer({ min: -3, max: 3 })
      .filter((n) => n !== 0)
      .map((wrongBy) => ({ wrongBy })),
  },
);

const revisionChoice: fc.Arbitrary<RevisionChoice> = fc.oneof(
  fc.constantFrom<RevisionChoice>('default', 'start', 'end'),
  // A share of the stream's length, up to a little past its end.
  fc.integer({ min: 0, max: 1_200 }).map((permille) => ({ permille })),
);

const allFromChoice: fc.Arbitrary<AllFromChoice> = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom<AllFromChoice>('start', 'end') },
  { weight: 4, arbitrary: fc.nat().map((appended) => ({ appended })) },
);

const command = (streams: number): fc.Arbitrary<Command> =>
  fc.oneof(
    {
      weight: 10,
      arbitrary: fc.record({
        kind: fc.constant('append' as const),
        stream: fc.nat({ max: streams - 1 }),
        count: fc.integer({ min: 1, max: 5 }),
        expected: expectedChoice,
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('retry' as const), pick: fc.nat() }) },
    {
      weight: 5,
      arbitrary: fc.record({
        kind: fc.constant('readStream' as const),
        stream: fc.nat({ max: streams - 1 }),
        direction,
        from: revisionChoice,
        maxCount,
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({ kind: fc.constant('readAll' as const), direction, from: allFromChoice, maxCount }),
    },
  );

// One to three streams, so that each of them gets many of the appends.
const scenario = fc
  .integer({ min: 1, max: 3 })
  .chain((streams) => fc.record({ streams: fc.constant(streams), commands: fc.array(command(streams), { minLength: 15, maxLength: 45 }) }));

interface Append {
  readonly streamName: string;
  readonly events: EventToAppend[];
  readonly expected: ExpectedRevision;
  readonly result: AppendResult;
}

/** One run: fresh stream names, an empty model, and what the adapter has said so far. */
class Run {
  readonly prefix = `p${randomUUID().slice(0, 8)}-`;
  readonly model = new EventStoreModel();
  /** Successful appends, the ones a retry may repeat. */
  readonly appends: Append[] = [];
  /** The adapter's position of each model event, as far as it has been seen. */
  readonly positions = new Map<number, Position>();
  longestRead = 0;
  #n = 0;
  /** Whether anything was appended since `$all` last showed the latest append. */
  #unsettled = false;

  constructor(
    private readonly store: EventStore,
    private readonly streamCount: number,
  ) {}

  streamName(stream: number): string {
    return `${this.prefix}s${stream}`;
  }

  async execute(command: Command): Promise<void> {
    switch (command.kind) {
      case 'append': {
        const streamName = this.streamName(command.stream);
        const events = Array.from({ length: command.count }, () => ({ id: randomUUID(), type: 'N.v1', data: { n: this.#n++ } }));
        await this.append(streamName, events, this.expectedRevision(streamName, command.expected));
        return;
      }
      case 'retry': {
        if (this.appends.length === 0) return;
        const earlier = this.appends[command.pick % this.appends.length];
        const result = await this.append(earlier.streamName, earlier.events, earlier.expected);
        expect(result).toEqual(earlier.result);
        return;
      }
      case 'readStream': {
        const streamName = this.streamName(command.stream);
        const length = this.model.lengthOf(streamName);
        const fromRevision =
          command.from === 'default'
            ? undefined
            : typeof command.from === 'string'
              ? command.from
              : BigInt(Math.floor((command.from.permille * (length + 1)) / 1_000));
        const options = { direction: command.direction, fromRevision, maxCount: command.maxCount };
        const read = await this.store.readStream(streamName, options);
        this.expectSame(read, this.model.readStream(streamName, options));
        expectOrdered(read, command.direction);
        this.longestRead = Math.max(this.longestRead, read.length);
        return;
      }
      case 'readAll': {
        const known = [...this.positions.keys()].sort((a, b) => a - b);
        let from: number | 'start' | 'end';
        if (typeof command.from === 'string') from = command.from;
        else if (known.length > 0) from = known[command.from.appended % known.length];
        else return;
        // Forwards from `start` counts events of earlier runs that the model never saw.
        if (from === 'start' && command.direction === 'forwards') return;
        await this.untilAppendsReadable();
        const read = await this.store.readAll({
          direction: command.direction,
          fromPosition: typeof from === 'number' ? this.positions.get(from)! : from,
          maxCount: command.maxCount,
        });
        const mine = read.filter((event) => event.streamName.startsWith(this.prefix));
        this.expectSame(mine, this.model.readAll({ direction: command.direction, from, maxCount: command.maxCount }));
        expectOrdered(read, command.direction);
        return;
      }
    }
  }

  /** Every stream and the run's part of `$all`, read whole: each run ends by looking at everything. */
  async verifyAll(): Promise<void> {
    for (let stream = 0; stream < this.streamCount; stream++) {
      const streamName = this.streamName(stream);
      const read = await this.store.readStream(streamName);
      this.expectSame(read, this.model.readStream(streamName));
      this.longestRead = Math.max(this.longestRead, read.length);
    }
    if (this.model.all.length === 0) return;
    await this.untilAppendsReadable();
    const first = this.positions.get(0) ?? (await this.store.readStream(this.model.all[0].streamName, { maxCount: 1 }))[0].position;
    const read = await this.store.readAll({ fromPosition: first, maxCount: this.model.all.length + 1 });
    this.expectSame(read, this.model.readAll({ from: 0 }));
    expectOrdered(read, 'forwards');
  }

  private async append(streamName: string, events: EventToAppend[], expected: ExpectedRevision): Promise<AppendResult | undefined> {
    const expectation = this.model.append(streamName, events, expected);
    const outcome = await this.store.appendToStream(streamName, events, { expectedRevision: expected }).then(
      (result) => ({ result }),
      (error: unknown) => ({ error }),
    );
    if (expectation.kind === 'wrong_expected_version') {
      expect(outcome).toEqual({ error: expect.any(WrongExpectedVersionError) });
      expect('error' in outcome && outcome.error).toMatchObject({ streamName, expected, actual: expectation.actual });
      return undefined;
    }
    if ('error' in outcome) throw outcome.error;
    expect(outcome.result.nextExpectedRevision).toBe(expectation.nextExpectedRevision);
    this.remember([[expectation.lastIndex, outcome.result.position]]);
    if (!expectation.retried) {
      this.appends.push({ streamName, events, expected, result: outcome.result });
      this.#unsettled = true;
    }
    return outcome.result;
  }

  private expectedRevision(streamName: string, choice: ExpectedChoice): ExpectedRevision {
    const current = this.model.revisionOf(streamName);
    if (choice === 'right') return current === 'no_stream' ? 'no_stream' : current;
    if (typeof choice === 'string') return choice;
    // Any exact revision is wrong for a missing stream; otherwise stale (behind) or ahead.
    if (current === 'no_stream') return BigInt(Math.abs(choice.wrongBy) - 1);
    const wrong = current + BigInt(choice.wrongBy);
    return wrong < 0n ? current + 1n : wrong;
  }

  /** The same events in the same order, and each at the one position the adapter gave it. */
  private expectSame(read: RecordedEvent[], expected: ModelEvent[]): void {
    const show = (e: { streamName: string; revision: bigint; data: unknown }) =>
      `${e.streamName.slice(this.prefix.length)}@${e.revision}:${JSON.stringify(e.data)}`;
    expect(read.map(show)).toEqual(expected.map(show));
    expect(read.map((e) => [e.id, e.type])).toEqual(expected.map((e) => [e.id, e.type]));
    this.remember(read.map((event, i) => [expected[i].index, event.position]));
  }

  private remember(seen: [index: number, position: Position][]): void {
    const moved: string[] = [];
    for (const [index, position] of seen) {
      const known = this.positions.get(index);
      if (!known) {
        this.positions.set(index, position);
      } else if (comparePositions(known, position) !== 0) {
        moved.push(`event ${index}: ${formatPosition(known)} then ${formatPosition(position)}`);
      }
    }
    expect(moved).toEqual([]);
  }

  private async untilAppendsReadable(): Promise<void> {
    const last = this.appends.at(-1);
    if (!last || !this.#unsettled) return;
    await untilReadable(this.store, last.result.position);
    this.#unsettled = false;
  }
}

export function describeEventStoreProperties(adapter: string, setUp: () => Promise<ContractFixture>): void {
  describe(`EventStore properties: ${adapter}`, () => {
    let fixture: ContractFixture;

    beforeAll(async () => {
      fixture = await setUp();
    });
    afterAll(() => fixture.teardown());

    it('answers random appends, retries and reads as the reference model does', async () => {
      let runs = 0;
      let runsPastTen = 0;
      await fc.assert(
        fc.asyncProperty(scenario, async ({ streams, commands }) => {
          const run = new Run(fixture.store, streams);
          for (const command of commands) await run.execute(command);
          await run.verifyAll();
          runs += 1;
          if (run.longestRead > 10) runsPastTen += 1;
        }),
        { numRuns: RUNS, plugins: [fc.interruptAfterTimeLimit(TIME_LIMIT_MS)] },
      );
      // The property is only worth its time if streams regularly outgrow one digit.
      expect(runs).toBeGreaterThan(0);
      expect(runsPastTen / runs).toBeGreaterThan(0.5);
    }, 90_000);
  });
}
