// Asynchronous consumers are awaited by watching the state they publish (a checkpoint, a
// received email), never by sleeping for a guessed time.
import { Client } from 'pg';
import { type Position, comparePositions } from '@casebook/event-store';
import { READ_MODEL_PROJECTIONS } from '@casebook/read-models';

export async function waitUntil<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeoutMs = 20_000, intervalMs = 25, what = 'condition' } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

const READ_MODEL_CHECKPOINTS = READ_MODEL_PROJECTIONS.map((projection) => projection.name);

/**
 * Resolves once every named checkpoint has reached `position`: by default those of all the
 * read-model projections, so that everything written up to it can be read.
 */
export async function waitForProjection(
  databaseUrl: string,
  position: Position,
  checkpointNames: string | string[] = READ_MODEL_CHECKPOINTS,
): Promise<void> {
  const names = typeof checkpointNames === 'string' ? [checkpointNames] : checkpointNames;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await waitUntil(
      async () => {
        const { rows } = await client.query<{ commit: string; prepare: string }>(
          `SELECT commit_position::text AS commit, prepare_position::text AS prepare
             FROM read_models.projection_checkpoints WHERE name = ANY($1::text[])`,
          [names],
        );
        if (rows.length < names.length) return false;
        return rows.every((row) => comparePositions({ commit: BigInt(row.commit), prepare: BigInt(row.prepare) }, position) >= 0);
      },
      { what: `${names.length === 1 ? names[0] : 'every projection'} to reach ${position.commit}/${position.prepare}` },
    );
  } finally {
    await client.end();
  }
}
