import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import { Accounts, AggregateReader } from '@casebook/write-model';
import { hashSecret, parseToken, sameSecret } from './access-token.js';
import { BOOTSTRAP_ADMIN_ID, type Principal } from './principal.js';

@Injectable()
export class AuthenticationService {
  constructor(
    private readonly aggregates: AggregateReader,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The principal a bearer token stands for, or undefined when it stands for nobody. */
  async authenticate(token: string): Promise<Principal | undefined> {
    if (this.config.adminToken && sameSecret(token, this.config.adminToken)) {
      return { accountId: BOOTSTRAP_ADMIN_ID, role: 'admin', studyIds: [] };
    }
    const parsed = parseToken(token);
    if (!parsed) return undefined;
    // The account's own stream decides, so a revocation counts from the moment it is written.
    const { state } = await this.aggregates.read(Accounts, parsed.accountId);
    if (state.status !== 'active') return undefined;
    const hash = hashSecret(parsed.secret);
    const known = Object.values(state.tokens).some((stored) => sameSecret(stored, hash));
    return known ? { accountId: state.accountId, role: state.role, studyIds: state.studyIds } : undefined;
  }
}
