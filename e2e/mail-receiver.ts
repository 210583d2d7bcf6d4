import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { BASE_URL, type ApiClient } from './helpers';

export interface ReceivedMail {
  to: string[];
  subject: string;
  text: string;
}

/**
 * A real SMTP server on a free local port that keeps every mail it receives, and points the CRM's
 * e-mail settings at it (the e2e server allows 127.0.0.1 as an outbound address).
 */
export async function startMailReceiver(admin: ApiClient, fromAddress: string) {
  const mails: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, cb) {
      simpleParser(stream).then((mail) => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), subject: mail.subject ?? '', text: mail.text ?? '' });
        cb();
      }, cb);
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp as unknown as { server: { address(): { port: number } } }).server.address().port;
  await admin.request('PUT', '/api/v1/email/settings', { host: '127.0.0.1', port, security: 'none', username: null, fromName: 'CRM', fromAddress, appUrl: BASE_URL });
  return {
    mails,
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
