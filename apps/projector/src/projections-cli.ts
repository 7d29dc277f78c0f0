// `npm run projections -- list | status [--json]`: the projections the projector runs and where
// each stands, read from the database and the event store that DATABASE_URL and EVENT_STORE name,
// so it works against a running system as well as a stopped one.
import { loadConfigOrExit } from '@casebook/config';
import { connectEventStore } from '@casebook/event-store';
import { type ProjectionState, ProjectionStatusReader, READ_MODEL_PROJECTIONS, createDataSource } from '@casebook/read-models';

const USAGE = 'usage: npm run projections -- list | status [--json]';

function plainLine(state: ProjectionState, lagLimit: number): string {
  const behind = state.pastLagLimit ? `more than ${lagLimit} behind` : `${state.eventsBehind} behind`;
  const failure = state.failure
    ? ` failing on ${state.failure.eventType ?? 'an event'} at ${state.failure.position ?? '?'} in ${state.failure.stream ?? '?'} since ${state.failure.since}: ${state.failure.error ?? ''}`
    : '';
  const message = !state.failure && state.message ? ` (${state.message})` : '';
  return `${state.name} ${state.condition} at ${state.checkpoint}, ${behind}${failure}${message}`;
}

async function status(json: boolean): Promise<void> {
  const config = loadConfigOrExit('projections', ['database']);
  const store = await connectEventStore(config);
  const dataSource = await createDataSource(config.databaseUrl, { poolSize: 2 }).initialize();
  try {
    const reader = new ProjectionStatusReader(store, dataSource, {
      lagMaxEvents: config.projectionLagMaxEvents,
      stallSeconds: config.projectionStallSeconds,
    });
    const states = await reader.read(10_000);
    if (json) process.stdout.write(`${JSON.stringify(states, null, 2)}\n`);
    else if (process.stdout.isTTY) {
      console.table(
        states.map((state) => ({
          projection: state.name,
          condition: state.condition,
          checkpoint: state.checkpoint,
          'events behind': state.pastLagLimit ? `> ${reader.lagLimit}` : state.eventsBehind,
          'failing on': state.failure
            ? `${state.failure.eventType ?? '?'} at ${state.failure.position ?? '?'}: ${state.failure.error ?? ''}`
            : '',
        })),
      );
    } else for (const state of states) process.stdout.write(`${plainLine(state, reader.lagLimit)}\n`);
  } finally {
    await dataSource.destroy();
    await store.close();
  }
}

async function main(args: string[]): Promise<number> {
  const [command, ...flags] = args;
  if (command === 'list' && flags.length === 0) {
    for (const projection of READ_MODEL_PROJECTIONS) process.stdout.write(`${projection.name}\n`);
    return 0;
  }
  if (command === 'status' && flags.every((flag) => flag === '--json')) {
    await status(flags.includes('--json'));
    return 0;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`projections: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
