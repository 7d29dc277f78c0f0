// Crypto-shredding. Domain events keep every personal field of a data subject inside one
// property, `personal`, next to the subject's id (`contactId`). On the way into the store that
// property is encrypted (AES-256-GCM) with the subject's own key; on the way out it is
// decrypted, or read as `null` once the key has been destroyed. The rest of the event, and so
// the research record, stays readable and consistent.
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

type WithPersonal = { contactId: string; personal: unknown };

const hasPersonal = (data: unknown): data is WithPersonal =>
  typeof data === 'object' && data !== null && 'personal' in data && typeof (data as { contactId?: unknown }).contactId === 'string';

const isSealed = (value: unknown): value is { sealed: Sealed } =>
  typeof value === 'object' && value !== null && 'sealed' in value && typeof (value as { sealed: Sealed }).sealed?.data === 'string';

export function seal(personal: unknown, subject: string, key: Buffer): { sealed: Sealed } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(subject));
  const data = Buffer.concat([cipher.update(JSON.stringify(personal), 'utf8'), cipher.final()]);
  return { sealed: { alg: 'A256GCM', subject, iv: iv.toString('base64'), data: data.toString('base64'), tag: cipher.getAuthTag().toString('base64') } };
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

  async appendToStream(streamName: string, events: EventToAppend[], options?: { expectedRevision?: ExpectedRevision }): Promise<AppendResult> {
    const subjects = events.map((e) => e.data).filter(hasPersonal).filter((d) => d.personal !== null).map((d) => d.contactId);
    const keys = subjects.length > 0 ? await this.keys.keysFor(subjects) : new Map<string, Buffer>();
    const protectedEvents = events.map((event) => {
      if (!hasPersonal(event.data) || event.data.personal === null) return event;
      const key = keys.get(event.data.contactId);
      // No key although one was just ensured: the subject was erased meanwhile; keep nothing.
      const personal = key ? seal(event.data.personal, event.data.contactId, key) : null;
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
    const reveal = (batch: RecordedEvent[]) => this.reveal(batch);
    return {
      close: () => inner.close(),
      async *[Symbol.asyncIterator]() {
        for await (const batch of inner) yield await reveal(batch);
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
    const subjects = events.map((e) => e.data).filter(hasPersonal).filter((d) => isSealed(d.personal)).map((d) => d.contactId);
    if (subjects.length === 0) return events;
    const keys = await this.keys.existingKeys(subjects);
    return events.map((event) => {
      if (!hasPersonal(event.data) || !isSealed(event.data.personal)) return event;
      const key = keys.get(event.data.contactId);
      return { ...event, data: { ...event.data, personal: key ? unseal(event.data.personal, key) : null } };
    });
  }
}
