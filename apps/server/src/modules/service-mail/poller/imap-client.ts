import { ImapFlow } from 'imapflow';
import type { MailboxSettings } from '../settings/mailbox-settings.js';

/** An IMAP connection from the mailbox settings: no IDLE (we poll), no logging of mail content. */
export async function connectImap(settings: MailboxSettings): Promise<ImapFlow> {
  const client = new ImapFlow({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    doSTARTTLS: settings.security === 'starttls' ? true : settings.security === 'none' ? false : undefined,
    auth: { user: settings.username, pass: settings.password ?? '' },
    logger: false,
    disableAutoIdle: true,
    connectionTimeout: 15_000,
  });
  // A dropped connection emits 'error'; unhandled it would end the process.
  client.on('error', () => {});
  await client.connect();
  return client;
}
