import { Injectable, Logger } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';
import { AppConfig } from '../config/app-config';

/** nodemailer's codes for a relay that cannot be reached or talked to at all (not a refused recipient). */
export const RELAY_FAILURES = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EAUTH',
  'ETLS',
  'EDNS',
  'ECONNREFUSED',
]);

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/** Sends e-mail through the configured SMTP server; without one, writes each message to the log. */
@Injectable()
export class Mailer {
  private readonly logger = new Logger('Mail');
  private readonly transport: Transporter;
  private readonly logOnly: boolean;

  constructor(private readonly config: AppConfig) {
    this.logOnly = !config.SMTP_HOST;
    this.transport = config.SMTP_HOST
      ? nodemailer.createTransport({
          host: config.SMTP_HOST,
          port: config.SMTP_PORT,
          secure: config.SMTP_SECURE,
          auth: config.SMTP_USER ? { user: config.SMTP_USER, pass: config.SMTP_PASSWORD ?? '' } : undefined,
          // One connection for a manager's batch, and an unreachable relay is known in seconds, not minutes.
          pool: true,
          connectionTimeout: 10_000,
          greetingTimeout: 10_000,
          socketTimeout: 30_000,
          // Certificates are verified; a relay on a closed network with an internal certificate that cannot be
          // added to the trust store (NODE_EXTRA_CA_CERTS) may be let through with SMTP_TLS_REJECT_UNAUTHORIZED=false.
          tls: { rejectUnauthorized: config.SMTP_TLS_REJECT_UNAUTHORIZED },
        })
      : nodemailer.createTransport({ jsonTransport: true });
  }

  async send(mail: Mail): Promise<void> {
    await this.transport.sendMail({
      from: this.config.SMTP_FROM,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
    });
    if (this.logOnly) this.logger.log(`(SMTP_HOST unset: not sent) to ${mail.to}: ${mail.subject}`);
  }
}
