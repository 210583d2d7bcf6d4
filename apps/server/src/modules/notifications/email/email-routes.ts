import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import type { Database } from '../../../db/types.js';
import { requireAdmin } from '../../../engine/permissions/request-access.js';
import { ApiError, badRequest, notFound, parseInput } from '../../../http/errors.js';
import { renderEmail, SAMPLE_VARS } from './render-template.js';
import { loadSmtpSettings, publicSettings, saveSmtpSettings, sendMail, smtpSettingsInput } from './smtp-settings.js';

const templateFields = {
  name: z.string().trim().min(1).max(100),
  subjectZh: z.string().trim().min(1).max(300),
  bodyZh: z.string().min(1).max(20_000),
  subjectEn: z.string().trim().min(1).max(300),
  bodyEn: z.string().min(1).max(20_000),
};
const templateInput = z.object({ key: z.string().regex(/^[a-z][a-z0-9_]{1,40}$/, 'lower-case letters, digits and _'), ...templateFields }).strict();
const templatePatch = z.object(templateFields).partial().strict();
const keyParams = z.object({ key: z.string().max(60) });
const previewInput = z.object({ subject: z.string().max(300), body: z.string().max(20_000) }).strict();
const testInput = z.object({ to: z.email(), settings: smtpSettingsInput.optional() }).strict();

const TEMPLATE_COLUMNS = ['key', 'name', 'subject_zh', 'body_zh', 'subject_en', 'body_en', 'builtin', 'updated_at'] as const;

/** Which setting an SMTP failure points at, from nodemailer's error code. */
function smtpErrorField(code: string | undefined): string {
  if (code === 'EAUTH' || code === 'ENOAUTH') return 'username';
  if (code === 'EENVELOPE') return 'fromAddress';
  if (code === 'ETLS' || code === 'EREQUIRETLS') return 'security';
  return 'host';
}

/** SMTP settings and e-mail templates: administrators only. */
export function registerEmailRoutes(app: FastifyInstance, db: Kysely<Database>) {
  app.get('/api/v1/email/settings', async (request) => {
    requireAdmin(request);
    const settings = await loadSmtpSettings(db);
    return { data: settings ? publicSettings(settings) : null };
  });

  app.put('/api/v1/email/settings', async (request) => {
    const access = requireAdmin(request);
    const input = parseInput(smtpSettingsInput, request.body);
    return { data: publicSettings(await saveSmtpSettings(db, input, access.userId)) };
  });

  /** Sends a test message right away, with the saved settings or the unsaved ones in the body. */
  app.post('/api/v1/email/settings/test', async (request) => {
    const access = requireAdmin(request);
    const input = parseInput(testInput, request.body);
    const saved = await loadSmtpSettings(db);
    const settings = input.settings
      ? { ...input.settings, username: input.settings.username || null, password: input.settings.password === undefined ? (saved?.password ?? null) : input.settings.password || null, appUrl: input.settings.appUrl ?? null }
      : saved;
    if (!settings) throw badRequest('SMTP is not configured yet', [{ path: 'settings', message: 'save the SMTP settings first' }]);
    const en = access.locale === 'en';
    try {
      const info = await sendMail(settings, {
        to: input.to,
        subject: en ? 'CRM test e-mail' : 'CRM 测试邮件',
        text: en ? 'The SMTP settings work.' : 'SMTP 设置正确，邮件可以正常发送。',
      });
      return { ok: true, messageId: info.messageId, response: info.response };
    } catch (error) {
      const e = error as Error & { code?: string; responseCode?: number };
      const message = `SMTP test failed: ${e.message}`;
      throw new ApiError('validation_failed', message, [{ path: smtpErrorField(e.code), message: e.message }]);
    }
  });

  app.get('/api/v1/email/templates', async (request) => {
    requireAdmin(request);
    return { data: await db.selectFrom('email_templates').select(TEMPLATE_COLUMNS).orderBy('builtin', 'desc').orderBy('key').execute() };
  });

  app.get('/api/v1/email/templates/:key', async (request) => {
    requireAdmin(request);
    const { key } = parseInput(keyParams, request.params);
    const row = await db.selectFrom('email_templates').select(TEMPLATE_COLUMNS).where('key', '=', key).executeTakeFirst();
    if (!row) throw notFound('template');
    return { data: row };
  });

  app.post('/api/v1/email/templates', async (request, reply) => {
    requireAdmin(request);
    const t = parseInput(templateInput, request.body);
    const row = await db
      .insertInto('email_templates')
      .values({ key: t.key, name: t.name, subject_zh: t.subjectZh, body_zh: t.bodyZh, subject_en: t.subjectEn, body_en: t.bodyEn, builtin: false, updated_at: new Date() })
      .returning(TEMPLATE_COLUMNS)
      .executeTakeFirstOrThrow();
    return reply.status(201).send({ data: row });
  });

  app.patch('/api/v1/email/templates/:key', async (request) => {
    requireAdmin(request);
    const { key } = parseInput(keyParams, request.params);
    const p = parseInput(templatePatch, request.body);
    const row = await db
      .updateTable('email_templates')
      .set({
        ...(p.name !== undefined && { name: p.name }),
        ...(p.subjectZh !== undefined && { subject_zh: p.subjectZh }),
        ...(p.bodyZh !== undefined && { body_zh: p.bodyZh }),
        ...(p.subjectEn !== undefined && { subject_en: p.subjectEn }),
        ...(p.bodyEn !== undefined && { body_en: p.bodyEn }),
        updated_at: new Date(),
      })
      .where('key', '=', key)
      .returning(TEMPLATE_COLUMNS)
      .executeTakeFirst();
    if (!row) throw notFound('template');
    return { data: row };
  });

  app.delete('/api/v1/email/templates/:key', async (request, reply) => {
    requireAdmin(request);
    const { key } = parseInput(keyParams, request.params);
    const row = await db.selectFrom('email_templates').select('builtin').where('key', '=', key).executeTakeFirst();
    if (!row) throw notFound('template');
    if (row.builtin) throw badRequest('built-in templates cannot be deleted', [{ path: 'key', message: 'built-in template' }]);
    await db.deleteFrom('email_templates').where('key', '=', key).execute();
    return reply.status(204).send();
  });

  /** Renders a subject and body (saved or being edited) with sample data. */
  app.post('/api/v1/email/templates/preview', async (request) => {
    requireAdmin(request);
    const { subject, body } = parseInput(previewInput, request.body);
    return { data: { ...renderEmail({ subject_zh: subject, body_zh: body, subject_en: subject, body_en: body }, 'zh-CN', SAMPLE_VARS), vars: SAMPLE_VARS } };
  });
}
