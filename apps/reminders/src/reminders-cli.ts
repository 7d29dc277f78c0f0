// `npm run reminders -- rebuild-schedule`: recreates every pending reminder job from the events
// (after Redis lost its data, or was restored from an old copy), on the database, event store and
// Redis that DATABASE_URL, EVENT_STORE and REDIS_URL name, with the reminders app running or not.
import { loadConfigOrExit } from '@casebook/config';
import { describeRebuild } from '@casebook/reminders';
import { rebuildSchedule } from './rebuild-schedule.js';

const USAGE = 'usage: npm run reminders -- rebuild-schedule';

async function main(args: string[]): Promise<number> {
  if (args.length === 1 && args[0] === 'rebuild-schedule') {
    const config = loadConfigOrExit('reminders', ['database', 'redis']);
    const rebuilt = await rebuildSchedule(config);
    process.stdout.write(`Reminder schedule rebuilt: ${describeRebuild(rebuilt)}\n`);
    return 0;
  }
  process.stderr.write(`${USAGE}\n`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`reminders: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
