// `npm run projections -- list | status [--json] | rebuild NAME`: the projections the projector
// runs, where each stands, and a rebuild of one into fresh tables that are swapped in when they
// have caught up. It works on the database and the event store that DATABASE_URL and
// EVENT_STORE name, so against a running system (whose API keeps serving the current tables and
// whose projector carries on from the swap) as well as a stopped one.
import { loadConfigOrExit } from '@casebook/config';
import { connectEventStore, formatPosition } from '@casebook/event-store';
import {
  type ProjectionState,
  ProjectionStatusReader,
  READ_MODEL_PROJECTIONS,
  createDataSource,
  rebuildProjection,
} from '@casebook/read-models';
import { rebuildProgressDisplay } from './rebuild-progress.js';

const USAGE = 'usage: npm run projections -- list | status [--json] | rebuild NAME';

function plainLine(state: ProjectionState, lagLimit: number): string {
  const behind = state.pastLagLimit ? `more than ${lagLimit} behind` : `${state.eventsBehind} behind`;
  const failure = state.failure
    ? ` failing on ${state.failure.eventType ?? 'an event'} at ${state.failure.position ?? '?'} in ${state.failure.stream ?? '?'} since ${state.failure.since}: ${state.failure.error ?? ''}`
    : '';
  const message = !state.failure && state.message ? ` (${state.message})` : '';
  const rebuild = state.rebuild ? `, rebuilding version ${state.rebuild.version} (at ${state.rebuild.checkpoint})` : '';
  return `${state.name} ${state.condition} at ${state.checkpoint}, ${behind}${rebuild}${failure}${message}`;
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
          version: state.version ?? '',
          rebuild: state.rebuild ? `version ${state.rebuild.version} at ${state.rebuild.checkpoint}` : '',
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

async function rebuild(name: string): Promise<void> {
  const projection = READ_MODEL_PROJECTIONS.find((candidate) => candidate.name === name);
  if (!projection) throw new Error('unreachable: checked by main');
  const config = loadConfigOrExit('projections', ['database']);
  const store = await connectEventStore(config);
  const dataSource = await createDataSource(config.databaseUrl, { poolSize: 3 }).initialize();
  const display = rebuildProgressDisplay(process.stdout);
  // Ctrl-C stops between batches; the next `rebuild` resumes from there.
  const controller = new AbortController();
  const interrupt = () => controller.abort();
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  try {
    process.stdout.write(`Rebuilding ${name} (version ${projection.version}) into fresh tables; the current ones serve until the switch\n`);
    const outcome = await rebuildProjection(store, dataSource, projection, {
      signal: controller.signal,
      onProgress: (progress) => display.update(progress),
    });
    display.stop();
    const rate = outcome.seconds > 0 ? Math.round(outcome.events / outcome.seconds) : outcome.events;
    const resumed = outcome.resumedFrom ? `, resumed from ${formatPosition(outcome.resumedFrom)}` : '';
    process.stdout.write(
      `${name} rebuilt at version ${outcome.version}: ${outcome.events} events in ${outcome.seconds.toFixed(1)} s (${rate} events/s${resumed}); readers switched at ${formatPosition(outcome.position)}\n`,
    );
  } catch (error) {
    display.stop();
    if (controller.signal.aborted) throw new Error(`rebuild of ${name} interrupted; run it again to resume`, { cause: error });
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
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
  if (command === 'rebuild' && flags.length === 1) {
    const [name] = flags;
    if (!READ_MODEL_PROJECTIONS.some((projection) => projection.name === name)) {
      process.stderr.write(
        `projections: no projection is named "${name}"; the projections are: ${READ_MODEL_PROJECTIONS.map((p) => p.name).join(', ')}\n`,
      );
      return 2;
    }
    await rebuild(name);
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
