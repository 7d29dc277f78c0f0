// Asynchronous consumers are awaited by watching the state they publish (a checkpoint, a
// received email), never by sleeping for a guessed time.
import { Client } from 'pg';
import { type Position, comparePositions } from '@casebook/event-store';

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

/** Resolves once the projector's checkpoint has reached `position`. */
export async function waitForProjection(databaseUrl: string, position: Position, checkpointName = 'read-models'): Promise<void> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await waitUntil(
      async () => {
        const { rows } = await client.query<{ commit: string; prepare: string }>(
          `SELECT commit_position::text AS commit, prepare_position::text AS prepare
             FROM read_models.projection_checkpoints WHERE name = $1`,
          [checkpointName],
        );
        if (!rows[0]) return false;
        const reached = { commit: BigInt(rows[0].commit), prepare: BigInt(rows[0].prepare) };
        return comparePositions(reached, position) >= 0;
      },
      { what: `projection to reach ${position.commit}/${position.prepare}` },
    );
  } finally {
    await client.end();
  }
}
