// Crypto-shredding. Domain events keep every personal field of a data subject inside one
// property, `personal`, next to the subject's id: `contactId` for a case contact, else
// `accountId` for a staff member. On the way into the store that property is encrypted
// (AES-256-GCM) with the subject's own key; on the way out it is decrypted, or read as `null`
// once the key has been destroyed. The rest of the event, and so the research record, stays
// readable and consistent.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import {
  type AllSubscription,
  type AppendResult,
  EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type SubscribeToAllOptions,
} from '../event-store.port.js';
import type { SubjectKeyStore } from './subject-key-store.js';

interface Sealed {
  alg: 'A256GCM';
  subject: string;
  iv: string;
  data: string;
  tag: string;
}

interface WithPersonal {
  personal: unknown;
  contactId?: unknown;
  accountId?: unknown;
}

const hasPersonal = (data: unknown): data is WithPersonal => typeof data === 'object' && data !== null && 'personal' in data;

/**
 * Whose personal data `personal` is. A contact comes first: an event about a contact may name
 * the account that acted, but never carries that account's own personal data.
 */
function subjectOf(data: WithPersonal): string | undefined {
  if (typeof data.contactId === 'string') return data.contactId;
  if (typeof data.accountId === 'string') return data.accountId;
  return undefined;
}

/** The subject whose key seals the event's `personal`, or undefined when it carries none. */
function sealingSubject(event: EventToAppend): string | undefined {
  if (!hasPersonal(event.data) || event.data.personal == null) return undefined;
  const subject = subjectOf(event.data);
  if (subject === undefined) throw new PersonalDataWithoutSubject(event.type);
  return subject;
}

/** Thrown rather than storing a personal property in plain text because no subject owns it. */
export class PersonalDataWithoutSubject extends Error {
  constructor(type: string) {
    super(`Event ${type} carries personal data but neither a contactId nor an accountId to encrypt it for`);
  }
}

const isSealed = (value: unknown): value is { sealed: Sealed } =>
  typeof value === 'object' && value !== null && 'sealed' in value && typeof (value as { sealed: Sealed }).sealed?.data === 'string';

export function seal(personal: unknown, subject: string, key: Buffer): { sealed: Sealed } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subject));
  const data = Buffer.concat([cipher.update(JSON.stringify(personal), 'utf8'), cipher.final()]);
  return {
    sealed: {
      alg: 'A256GCM',
      subject,
      iv: iv.toString('base64'),
      data: data.toString('base64'),
      tag: cipher.getAuthTag().toString('base64'),
    },
  };
}

export function unseal({ sealed }: { sealed: Sealed }, key: Buffer): unknown {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(sealed.iv, 'base64'));
  decipher.setAAD(Buffer.from(sealed.subject));
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  return JSON.parse(Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]).toString('utf8'));
}

/** Wraps any EventStore adapter so that personal fields never reach it in plain text. */
export class PersonalDataProtectingEventStore extends EventStore {
  constructor(
    private readonly inner: EventStore,
    private readonly keys: SubjectKeyStore,
  ) {
    super();
  }

  async appendToStream(
    streamName: string,
    events: EventToAppend[],
    options?: { expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    const subjects = events.map(sealingSubject);
    const owners = subjects.filter((subject) => subject !== undefined);
    const keys = owners.length > 0 ? await this.keys.keysFor(owners) : new Map<string, Buffer>();
    const protectedEvents = events.map((event, index) => {
      const subject = subjects[index];
      if (subject === undefined || !hasPersonal(event.data)) return event;
      const key = keys.get(subject);
      // No key although one was just ensured: the subject was erased meanwhile; keep nothing.
      const personal = key ? seal(event.data.personal, subject, key) : null;
      return { ...event, data: { ...event.data, personal } };
    });
    return this.inner.appendToStream(streamName, protectedEvents, options);
  }

  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.reveal(await this.inner.readStream(streamName, options));
  }

  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.reveal(await this.inner.readAll(options));
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    const inner = this.inner.subscribeToAll(options);
    const reveal = (events: RecordedEvent[]) => this.reveal(events);
    return {
      close: () => inner.close(),
      async *[Symbol.asyncIterator]() {
        for await (const { events, checkpoint } of inner) yield { events: await reveal(events), checkpoint };
      },
    };
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }

  async close(): Promise<void> {
    await this.inner.close();
    await this.keys.close();
  }

  /** Personal data subjects are erased through their key. */
  eraseSubject(subjectId: string): Promise<void> {
    return this.keys.destroy(subjectId);
  }

  private async reveal(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    // The envelope names the subject it was sealed for (and authenticates it), so reading
    // never depends on which id field the event happens to carry.
    const sealedFor = (data: unknown) => (hasPersonal(data) && isSealed(data.personal) ? data.personal.sealed.subject : undefined);
    const subjects = events.map((e) => sealedFor(e.data)).filter((subject): subject is string => subject !== undefined);
    if (subjects.length === 0) return events;
    const keys = await this.keys.existingKeys(subjects);
    return events.map((event) => {
      if (!hasPersonal(event.data) || !isSealed(event.data.personal)) return event;
      const key = keys.get(event.data.personal.sealed.subject);
      return { ...event, data: { ...event.data, personal: key ? unseal(event.data.personal, key) : null } };
    });
  }
}
