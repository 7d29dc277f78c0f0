import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, type Repository } from 'typeorm';
import { AccountDirectoryEntry } from '@casebook/read-models';
import { BOOTSTRAP_ADMIN_ID } from '../auth/principal.js';

/** What the API shows for ADMIN_TOKEN, which is a credential, not a person with an account. */
export const BOOTSTRAP_ADMIN_NAME = 'First administrator (ADMIN_TOKEN)';

/**
 * Names for the account ids that records carry. Events and read models refer to staff by
 * account only; this read model holds the names, null for an erased or unknown account.
 */
@Injectable()
export class AccountDirectory {
  constructor(@InjectRepository(AccountDirectoryEntry) private readonly entries: Repository<AccountDirectoryEntry>) {}

  async displayNames(accountIds: (string | null | undefined)[]): Promise<Map<string, string | null>> {
    const ids = [...new Set(accountIds.filter((id): id is string => typeof id === 'string'))];
    const names = new Map<string, string | null>(ids.map((id) => [id, id === BOOTSTRAP_ADMIN_ID ? BOOTSTRAP_ADMIN_NAME : null]));
    const uuids = ids.filter((id) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id));
    if (uuids.length === 0) return names;
    for (const entry of await this.entries.findBy({ accountId: In(uuids) })) names.set(entry.accountId, entry.displayName);
    return names;
  }
}
