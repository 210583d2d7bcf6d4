import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../db/types.js';
import { requireAccess } from '../../engine/permissions/request-access.js';
import { requireManage } from '../service/service-access.js';
import { ApiError, parseInput } from '../../http/errors.js';
import { connectImap } from './poller/imap-client.js';
import type { MailPolling } from './poller/poll-jobs.js';
import { inboundListQuery, listInboundMails } from './quarantine/inbound-list.js';
import { discardQuarantined, reprocessQuarantined } from './quarantine/quarantine-actions.js';
import { loadMailboxSettings, mailboxSettingsInput, publicMailboxSettings, saveMailboxSettings } from './settings/mailbox-settings.js';

const idParams = z.object({ id: z.string().regex(/^\d{1,18}$/, 'a number') });

/** Admins and whoever manages the service settings (客服主管: support groups with update scope 'all'). */
function requireMailboxManager(request: FastifyRequest) {
  const access = requireAccess(request);
  requireManage(access, 'support_groups');
  return access;
}

/** The support mailbox: settings, a connection test, poll now, processed mails and the quarantine. Service settings managers only. */
export function registerServiceMailRoutes(app: FastifyInstance, db: Kysely<Database>, polling: MailPolling) {
  app.get('/api/v1/service-mail/settings', async (request) => {
    requireMailboxManager(request);
    const settings = await loadMailboxSettings(db);
    return { data: settings ? publicMailboxSettings(settings) : null };
  });

  app.put('/api/v1/service-mail/settings', async (request) => {
    const access = requireMailboxManager(request);
    const input = parseInput(mailboxSettingsInput, request.body);
    return { data: publicMailboxSettings(await saveMailboxSettings(db, input, access.userId)) };
  });

  /** Logs in and opens the folder with the saved settings: the admin sees at once whether they work. */
  app.post('/api/v1/service-mail/settings/test', async (request) => {
    requireMailboxManager(request);
    const settings = await loadMailboxSettings(db);
    if (!settings) throw new ApiError('validation_failed', 'save the mailbox settings first', [{ path: 'host', message: 'not set' }]);
    try {
      const client = await connectImap(settings);
      try {
        const status = await client.status(settings.folder, { messages: true, unseen: true });
        return { data: { ok: true, messages: status.messages ?? 0, unseen: status.unseen ?? 0 } };
      } finally {
        await client.logout().catch(() => client.close());
      }
    } catch (error) {
      throw imapError(error);
    }
  });

  app.post('/api/v1/service-mail/poll', async (request) => {
    requireMailboxManager(request);
    try {
      return { data: await polling.pollNow() };
    } catch (error) {
      throw error instanceof ApiError ? error : imapError(error);
    }
  });

  app.get('/api/v1/service-mail/inbound', async (request) => {
    requireMailboxManager(request);
    return listInboundMails(db, parseInput(inboundListQuery, request.query));
  });

  app.post('/api/v1/service-mail/inbound/:id/reprocess', async (request) => {
    const access = requireMailboxManager(request);
    const { id } = parseInput(idParams, request.params);
    return { data: await reprocessQuarantined(db, id, await loadMailboxSettings(db), polling.requireDelivery(), access.userId) };
  });

  app.post('/api/v1/service-mail/inbound/:id/discard', async (request) => {
    const access = requireMailboxManager(request);
    const { id } = parseInput(idParams, request.params);
    return { data: await discardQuarantined(db, id, access.userId) };
  });
}

/** An IMAP failure as a 422 naming the setting to look at (password, folder, host). */
function imapError(error: unknown): ApiError {
  const e = error as { authenticationFailed?: boolean; message: string; responseText?: string };
  const text = e.responseText || e.message;
  const path = e.authenticationFailed ? 'password' : /mailbox|folder|NONEXISTENT/i.test(text) ? 'folder' : 'host';
  return new ApiError('validation_failed', `IMAP: ${text}`, [{ path, message: text }]);
}
