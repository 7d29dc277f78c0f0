// A real SMTP server on a free local port that keeps what it receives, so tests can read the
// email a worker sent instead of trusting that a send call was made. It can also refuse the next
// messages to an address with a reply of the test's choosing (4xx: try later; 5xx: refused for
// good), and it notes every attempt, so a test sees retries and when they came.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { waitUntil } from './wait-for.js';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** Unfolded header value, e.g. header('subject'). */
  header(name: string): string | undefined;
  /** The decoded text/plain part (or the whole body of a single-part message), if any. */
  text?: string;
  /** The decoded text/html part, if any. */
  html?: string;
}

/** One message the server was sent, whether it kept it or refused it. */
export interface DeliveryAttempt {
  /** Milliseconds since the epoch when the message's data had arrived. */
  at: number;
  to: string[];
  /** The reply: 250 when kept, else the refusal's code. */
  code: number;
}

export interface SmtpInbox {
  url: string;
  messages: ReceivedMail[];
  attempts: DeliveryAttempt[];
  /** Answers the next `count` messages to `address` with `code` and `text` (after their data) instead of keeping them. */
  refuseNext(address: string, count: number, code: number, text: string): void;
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startSmtpInbox(): Promise<SmtpInbox> {
  const messages: ReceivedMail[] = [];
  const attempts: DeliveryAttempt[] = [];
  const refusals = new Map<string, { code: number; text: string }[]>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const to = session.envelope.rcptTo.map((r) => r.address);
        const refusal = to.map((address) => refusals.get(address)?.shift()).find(Boolean);
        attempts.push({ at: Date.now(), to, code: refusal?.code ?? 250 });
        if (refusal) {
          callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        messages.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '', to, raw, ...parsed(raw) });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    attempts,
    refuseNext: (address, count, code, text) => {
      const queued = refusals.get(address) ?? [];
      for (let i = 0; i < count; i++) queued.push({ code, text });
      refusals.set(address, queued);
    },
    waitFor: (predicate, timeoutMs = 20_000) => waitUntil(() => messages.find(predicate), { timeoutMs, what: 'an email to arrive' }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// Enough MIME for what nodemailer writes (RFC 2045/2046): a single part, or multipart parts one
// level deep, each 7bit, 8bit, quoted-printable or base64.
interface Entity {
  header(name: string): string | undefined;
  body: string;
}

function entity(raw: string): Entity {
  const split = /\r?\n\r?\n/.exec(raw);
  const head = (split ? raw.slice(0, split.index) : raw).replace(/\r?\n[ \t]+/g, ' ');
  const body = split ? raw.slice(split.index + split[0].length) : '';
  return { header: (name) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1], body };
}

function decoded(part: Entity): string {
  const encoding = part.header('content-transfer-encoding')?.trim().toLowerCase();
  if (encoding === 'base64') return Buffer.from(part.body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding !== 'quoted-printable') return part.body;
  const bytes: number[] = [];
  const soft = part.body.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    if (soft[i] === '=' && /^[0-9A-F]{2}$/i.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(soft[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

function parsed(raw: string): Pick<ReceivedMail, 'header' | 'text' | 'html'> {
  const message = entity(raw);
  const type = message.header('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  // Before the first delimiter is a preamble, after the closing one (`--boundary--`) an epilogue.
  const parts = boundary
    ? message.body
        .split(`--${boundary}`)
        .slice(1)
        .filter((section) => !section.startsWith('--'))
        .map((section) => entity(section.replace(/^\r?\n/, '').replace(/\r?\n$/, '')))
    : [message];
  const ofType = (mime: string) => {
    const part = parts.find((candidate) => (candidate.header('content-type') ?? 'text/plain').toLowerCase().startsWith(mime));
    return part && decoded(part);
  };
  const text = ofType('text/plain');
  const html = ofType('text/html');
  return { header: message.header, ...(text !== undefined && { text }), ...(html !== undefined && { html }) };
}
