import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import { type AccountEvent, accountDecider, accountStreamName, fromStoredEvent } from '@casebook/domain';
import { EventStore } from '@casebook/event-store';
import { hashSecret, parseToken, sameSecret } from './access-token.js';
import { BOOTSTRAP_ADMIN_ID, type Principal } from './principal.js';

@Injectable()
export class AuthenticationService {
  constructor(
    private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The principal a bearer token stands for, or undefined when it stands for nobody. */
  async authenticate(token: string): Promise<Principal | undefined> {
    if (this.config.adminToken && sameSecret(token, this.config.adminToken)) {
      return { accountId: BOOTSTRAP_ADMIN_ID, role: 'admin', studyIds: [] };
    }
    const parsed = parseToken(token);
    if (!parsed) return undefined;
    const state = (await this.store.readStream(accountStreamName(parsed.accountId)))
      .map((recorded) => fromStoredEvent(recorded.type, recorded.data) as AccountEvent | undefined)
      .filter((event): event is AccountEvent => event !== undefined)
      .reduce(accountDecider.evolve, accountDecider.initialState());
    if (state.status !== 'active') return undefined;
    const hash = hashSecret(parsed.secret);
    const known = Object.values(state.tokens).some((stored) => sameSecret(stored, hash));
    return known ? { accountId: state.accountId, role: state.role, studyIds: state.studyIds } : undefined;
  }
}
