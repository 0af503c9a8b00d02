import type { Mail, Mailer } from '../../ports/mailer';

type Queryable = { query: (sql: string, params: unknown[]) => Promise<unknown> };

/**
 * The embedded mail adapter: messages land in the mail_outbox table, readable by the operator at
 * /dev/mail outside production, so invitations and password resets work on a fresh machine.
 */
export function createOutboxMailer(db: Queryable): Mailer {
  return {
    async send(mail: Mail) {
      await db.query('insert into mail_outbox (to_address, subject, text, html) values ($1, $2, $3, $4)', [
        mail.to,
        mail.subject,
        mail.text,
        mail.html ?? null,
      ]);
    },
  };
}
