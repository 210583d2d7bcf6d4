import { dataResponse, failures, jsonBody, listOf, objectOf, pathParam, queryParams } from '../../http/openapi-parts.js';
import { inboundListQuery } from './quarantine/inbound-list.js';
import { mailboxSettingsInput } from './settings/mailbox-settings.js';

const tags = ['service-mail'];
const id = pathParam('id', { type: 'string', pattern: '^\\d+$' });
const settings = objectOf({ host: { type: 'string' }, port: { type: 'integer' }, security: { enum: ['none', 'starttls', 'tls'] }, username: { type: 'string' }, hasPassword: { type: 'boolean' }, folder: { type: 'string' }, processedFolder: { type: 'string', nullable: true }, pollIntervalSeconds: { type: 'integer' }, maxAttachmentBytes: { type: 'integer' }, floodLimitPerHour: { type: 'integer' }, enabled: { type: 'boolean' } });
const inboundMail = objectOf({ id: { type: 'string' }, mailbox: { type: 'string' }, uid: { type: 'integer' }, uidValidity: { type: 'string' }, messageId: { type: 'string' }, status: { enum: ['claimed', 'delivered', 'quarantined', 'ignored', 'discarded'] }, reason: { type: 'string', nullable: true }, ticketId: { type: 'string', nullable: true }, rawSize: { type: 'integer' }, from: { type: 'string' }, subject: { type: 'string' }, autoReply: { type: 'boolean' }, attempts: { type: 'integer' }, receivedAt: { type: 'string', format: 'date-time' }, processedAt: { type: 'string', format: 'date-time', nullable: true } });
const pollResult = objectOf({ claimed: { type: 'integer' }, delivered: { type: 'integer' }, quarantined: { type: 'integer' }, ignored: { type: 'integer' } });
const actionResult = objectOf({ id: { type: 'string' }, status: { type: 'string' }, ticketId: { type: 'string' } });
const conflict = { 409: { description: 'Not quarantined (already handled), or no ticket receiver wired' } };

/** The support mailbox (IMAP in) routes: administrators only. */
export const SERVICE_MAIL_API_PATHS: Record<string, unknown> = {
  '/api/v1/service-mail/settings': {
    get: { tags, summary: 'Support mailbox settings (IMAP); the password is never returned (hasPassword)', responses: { 200: dataResponse('Settings or null', settings), ...failures } },
    put: { tags, summary: 'Save the support mailbox settings (password omitted: kept; null: removed); audited, the password as changed only', requestBody: jsonBody(mailboxSettingsInput), responses: { 200: dataResponse('Saved', settings), ...failures } },
  },
  '/api/v1/service-mail/settings/test': {
    post: { tags, summary: 'Log in with the saved settings and open the folder', responses: { 200: dataResponse('Folder counts', objectOf({ ok: { type: 'boolean' }, messages: { type: 'integer' }, unseen: { type: 'integer' } })), 422: { description: 'Failed; details name host, password or folder' }, ...failures } },
  },
  '/api/v1/service-mail/poll': {
    post: { tags, summary: 'Poll the support mailbox now', responses: { 200: dataResponse('What the poll did', pollResult), ...conflict, ...failures } },
  },
  '/api/v1/service-mail/inbound': {
    get: { tags, summary: 'Processed inbound mails, newest first; status=quarantined is the quarantine', parameters: queryParams(inboundListQuery), responses: { 200: { description: 'Mails', content: { 'application/json': { schema: objectOf({ data: listOf(inboundMail), total: { type: 'integer' } }) } } }, ...failures } },
  },
  '/api/v1/service-mail/inbound/{id}/reprocess': {
    post: { tags, summary: 'Deliver a quarantined mail with what could be read', parameters: [id], responses: { 200: dataResponse('Delivered', actionResult), ...conflict, 422: { description: 'No readable sender (details: from)' }, ...failures } },
  },
  '/api/v1/service-mail/inbound/{id}/discard': {
    post: { tags, summary: 'Discard a quarantined mail (its raw bytes are deleted)', parameters: [id], responses: { 200: dataResponse('Discarded', actionResult), ...conflict, ...failures } },
  },
};
