// A real SMTP server on a free local port that keeps what it receives, so tests can read the
// email a worker sent instead of trusting that a send call was made.
import { SMTPServer } from 'smtp-server';
import type { AddressInfo } from 'node:net';
import { waitUntil } from './wait-for.js';

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
  /** Unfolded header value, e.g. header('subject'). */
  header(name: string): string | undefined;
}

export interface SmtpInbox {
  url: string;
  messages: ReceivedMail[];
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  close(): Promise<void>;
}

export async function startSmtpInbox(): Promise<SmtpInbox> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const head = raw.split(/\r?\n\r?\n/)[0].replace(/\r?\n[ \t]+/g, ' ');
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          header: (name) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(head)?.[1],
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    waitFor: (predicate, timeoutMs = 20_000) => waitUntil(() => messages.find(predicate), { timeoutMs, what: 'an email to arrive' }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
