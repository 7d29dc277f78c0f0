import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import nodemailer, { type Transporter } from 'nodemailer';
import { APP_CONFIG, type AppConfig } from '@casebook/config';
import type { EmailMessage } from '@casebook/reminders';

/** Sends mail through the SMTP server that SMTP_URL names. */
@Injectable()
export class Mailer implements OnApplicationShutdown {
  private readonly transport: Transporter;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transport = nodemailer.createTransport(config.smtp.url);
  }

  async send(message: EmailMessage, headers: Record<string, string> = {}): Promise<string> {
    const info = await this.transport.sendMail({ from: this.config.smtp.from, ...message, headers });
    return info.messageId;
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
