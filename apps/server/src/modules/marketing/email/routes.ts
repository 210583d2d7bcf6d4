import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireScope } from '../../../engine/permissions/access.js';
import { requireAccess } from '../../../engine/permissions/request-access.js';
import { ApiError, badRequest, parseInput } from '../../../http/errors.js';
import { loadSmtpSettings, sendMail } from '../../notifications/email/smtp-settings.js';
import type { ModuleContext } from '../../module.js';
import { composeMail, recipientVars } from './compose.js';
import { sanitizeTemplateHtml } from './render.js';
import { listRecipients, RECIPIENT_FILTERS, sendReport } from './report.js';
import { cancelSend, startSend } from './start-send.js';

const params = z.object({ id: z.uuid() });
const templateContent = z.object({
  subject_zh: z.string().max(300),
  body_zh: z.string().max(100_000),
  subject_en: z.string().max(300).nullish(),
  body_en: z.string().max(100_000).nullish(),
});
export const previewInput = z.object({ template: templateContent, contactId: z.uuid().optional(), locale: z.enum(['zh', 'en']).default('zh') }).strict();
export const testSendInput = previewInput.extend({ to: z.email() }).strict();
export const recipientsQuery = z.object({
  filter: z.enum(RECIPIENT_FILTERS).default('all'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
}).strict();

/**
 * Preview and test send of a template as it is being edited (sanitised as it would be saved,
 * filled for a real contact you may read), and a send's start, cancel, report and recipients.
 */
export function registerEmailRoutes(app: FastifyInstance, { db, engine }: ModuleContext, kick: (sendId: string) => Promise<void>) {
  const render = async (request: Parameters<typeof requireAccess>[0], input: z.infer<typeof previewInput>) => {
    const ctx = requireAccess(request);
    requireScope(ctx, 'marketing_templates', 'read');
    const vars = input.contactId
      ? await recipientVars(engine, input.contactId, ctx).catch(() => {
          throw badRequest('contactId: no contact you may read', [{ path: 'contactId', message: 'no such contact' }]);
        })
      : {};
    const t = input.template;
    const template = { subject_zh: t.subject_zh, body_zh: sanitizeTemplateHtml(t.body_zh), subject_en: t.subject_en ?? null, body_en: t.body_en ? sanitizeTemplateHtml(t.body_en) : null };
    return { ctx, mail: composeMail(template, input.locale, vars, null) };
  };

  app.post('/api/v1/marketing/email/preview', async (request) => {
    const { mail } = await render(request, parseInput(previewInput, request.body));
    return { data: { subject: mail.subject, html: mail.html, text: mail.text } };
  });

  app.post('/api/v1/marketing/email/test-send', async (request) => {
    const input = parseInput(testSendInput, request.body);
    const { mail } = await render(request, input);
    const settings = await loadSmtpSettings(db);
    if (!settings) throw badRequest('set up the outgoing mail server (SMTP) first', [{ path: 'smtp', message: 'not configured' }]);
    try {
      await sendMail(settings, { to: input.to, subject: `[测试 TEST] ${mail.subject}`, html: mail.html, text: mail.text });
    } catch (error) {
      throw new ApiError('validation_failed', `test send failed: ${(error as Error).message}`, [{ path: 'to', message: (error as Error).message }]);
    }
    return { data: { sent: true } };
  });

  app.post('/api/v1/marketing_sends/:id/start', async (request) => {
    const { id } = parseInput(params, request.params);
    const ctx = requireAccess(request);
    await startSend(db, engine, id, ctx);
    await kick(id);
    return { data: await sendReport(db, engine, id, ctx) };
  });

  app.post('/api/v1/marketing_sends/:id/cancel', async (request) => {
    const { id } = parseInput(params, request.params);
    const ctx = requireAccess(request);
    await cancelSend(db, engine, id, ctx);
    return { data: await sendReport(db, engine, id, ctx) };
  });

  app.get('/api/v1/marketing_sends/:id/report', async (request) => {
    const { id } = parseInput(params, request.params);
    return { data: await sendReport(db, engine, id, requireAccess(request)) };
  });

  app.get('/api/v1/marketing_sends/:id/recipients', async (request) => {
    const { id } = parseInput(params, request.params);
    const query = parseInput(recipientsQuery, request.query);
    return listRecipients(db, engine, id, query.filter, query, requireAccess(request));
  });
}
