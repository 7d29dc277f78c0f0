import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import type { EmailMessage } from '@casebook/reminders';

/** What nodemailer's error says of the SMTP server's answer, when there was one. */
export interface SmtpError extends Error {
  /** The reply's code, e.g. 550 or 451. */
  responseCode?: number;
  /** The server's whole reply line(s). */
  response?: string;
  /** nodemailer's own code, e.g. ECONNECTION, ETIMEDOUT, EMESSAGE. */
  code?: string;
}

/**
 * Sends mail through the SMTP server that SMTP_URL names, from MAIL_FROM. The URL carries the
 * host, port, TLS (`smtps://` for TLS from the first byte; `smtp://` upgrades with STARTTLS when
 * offered, `?requireTLS=true` insists on it) and credentials (`smtp://user:password@host`).
 */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = nodemailer.createTransport({
      url: config.smtp.url,
      // nodemailer waits up to two minutes for a connection and ten for a silent socket by
      // default; a server that hangs is then a passing failure, retried, rather than a stuck job.
      // What the URL says wins.
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 60_000,
    });
  }

  /** The sender as MAIL_FROM gives it. */
  get from(): string {
    return this.config.smtp.from;
  }

  /**
   * Resolves with the Message-ID the server accepted; rejects with nodemailer's error (an
   * SmtpError), which carries `responseCode` when the server answered with a refusal.
   */
  async send(message: EmailMessage, options: { messageId: string; headers?: Record<string, string> }): Promise<string> {
    const info = await this.transport.sendMail({
      from: this.config.smtp.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      messageId: options.messageId,
      headers: { ...message.headers, ...options.headers },
    });
    return info.messageId;
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
