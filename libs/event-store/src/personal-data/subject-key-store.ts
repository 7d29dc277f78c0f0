import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';

/** Keys of data subjects, in PostgreSQL whichever event store holds the events. */
export class SubjectKeyStore {
  private readonly pool: Pool;

  constructor(connectionString: string) {
    this.pool = new Pool({ connectionString, max: 4 });
    this.pool.on('error', () => undefined);
  }

  /** The keys of these subjects, creating any that do not exist yet. */
  async keysFor(subjectIds: string[]): Promise<Map<string, Buffer>> {
    const unique = [...new Set(subjectIds)];
    const fresh = unique.map(() => randomBytes(32));
    await this.pool.query(
      `INSERT INTO personal_data.subject_keys (subject_id, key)
       SELECT * FROM unnest($1::text[], $2::bytea[]) ON CONFLICT (subject_id) DO NOTHING`,
      [unique, fresh],
    );
    return this.existingKeys(unique);
  }

  /** The keys that still exist; an erased subject has none. Never cached: erasure takes effect at once. */
  async existingKeys(subjectIds: string[]): Promise<Map<string, Buffer>> {
    if (subjectIds.length === 0) return new Map();
    const { rows } = await this.pool.query<{ subject_id: string; key: Buffer }>(
      'SELECT subject_id, key FROM personal_data.subject_keys WHERE subject_id = ANY($1::text[])',
      [[...new Set(subjectIds)]],
    );
    return new Map(rows.map((row) => [row.subject_id, row.key]));
  }

  /** Erasure: after this, no personal field of the subject can be decrypted anywhere. */
  async destroy(subjectId: string): Promise<void> {
    await this.pool.query('DELETE FROM personal_data.subject_keys WHERE subject_id = $1', [subjectId]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
