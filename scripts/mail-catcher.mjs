// A local SMTP server for `npm start`: reminder emails land in .data/mail/*.eml and are
// announced on the console, so a laptop needs no mail account. SMTP_URL replaces it.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';

export async function startMailCatcher({ dir, port, log }) {
  mkdirSync(dir, { recursive: true });
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks = [];
      stream.on('data', (chunk) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.eml`);
        writeFileSync(file, raw);
        const subject = /^subject:\s*(.*)$/im.exec(raw)?.[1] ?? '(no subject)';
        log(`mail to ${session.envelope.rcptTo.map((r) => r.address).join(', ')}: "${subject}" saved in ${file}`);
        callback();
      });
    },
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}
