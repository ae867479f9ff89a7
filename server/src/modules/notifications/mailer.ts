import { createTransport, Transporter } from 'nodemailer';

export interface Mail {
  to: string;
  subject: string;
  text: string;
}

/**
 * Bounds on one SMTP conversation: a server that accepts the connection and then says nothing fails
 * the attempt (and the job retries later) instead of holding a worker for nodemailer's ten minutes.
 */
const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 } as const;

/** E-mail over SMTP_URL (nodemailer); one pooled transport per process, created on first use. */
export class Mailer {
  private transport: Transporter | null = null;

  constructor(
    private readonly smtpUrl: string,
    private readonly from: string,
  ) {}

  async send(mail: Mail): Promise<void> {
    this.transport ??= createTransport({ url: this.smtpUrl, ...SMTP_TIMEOUTS });
    await this.transport.sendMail({ from: this.from, to: mail.to, subject: mail.subject, text: mail.text });
  }

  close(): void {
    this.transport?.close();
  }
}
