import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sql, type Kysely } from 'kysely';
import { z } from 'zod';
import { publicUrlFrom } from '../../config.js';
import { auditConfigChange } from '../../engine/audit/audit.js';
import type { Engine } from '../../engine/index.js';
import { requireAdmin } from '../../engine/permissions/request-access.js';
import { badRequest, notFound, parseInput } from '../../http/errors.js';
import type { Database } from '../../db/types.js';
import type { ModuleContext } from '../module.js';
import { checkFormFields, checkHasName, formableFields, formSettings, formsDb, formView, newToken, webFormInput, type WebForm, type WebFormInput } from './form-definition.js';

/**
 * The address visitors reach this server at: CRM_PUBLIC_URL, else what the request says (Host, or
 * X-Forwarded-* with CRM_TRUST_PROXY) — only for answers that are never cached for others.
 */
export const baseUrlOf = (request: FastifyRequest) => publicUrlFrom() ?? `${request.protocol}://${request.host}`;

const idParam = z.object({ id: z.uuid() });

async function columns(db: Kysely<Database>, engine: Engine, input: WebFormInput) {
  const fields = checkFormFields(engine.metadata.get('leads'), input);
  checkHasName(fields);
  if (input.campaignId && !(await sql`SELECT 1 FROM campaigns WHERE id = ${input.campaignId} AND deleted_at IS NULL`.execute(db)).rows.length) {
    throw badRequest(`campaignId: no campaign ${input.campaignId}`, [{ path: 'campaignId', message: 'no such campaign' }]);
  }
  return {
    name: input.name,
    source: input.source,
    fields: JSON.stringify(fields),
    title_zh: input.titleZh ?? null,
    title_en: input.titleEn ?? null,
    thank_you_zh: input.thankYouZh ?? null,
    thank_you_en: input.thankYouEn ?? null,
    redirect_url: input.redirectUrl ?? null,
    campaign_id: input.campaignId ?? null,
    active: input.active,
  };
}

/** A form as the audit log shows it: its questions on one line ("姓名*、手机*、公司"). */
function formSnapshot(form: WebForm) {
  const mark = (f: WebForm['fields'][number], label: string) => `${label}${f.required ? '*' : ''}`;
  return { ...formSettings(form), fields: { zh: form.fields.map((f) => mark(f, f.labelZh)).join('、'), en: form.fields.map((f) => mark(f, f.labelEn)).join(', ') } };
}

/** Designing forms: administrators only (Settings → 网站表单). */
export function registerFormAdminRoutes(app: FastifyInstance, { db: root, engine }: ModuleContext) {
  const db = formsDb(root);
  /** Runs `write` and audits the form's change in one transaction; `write` returns the form after it, null when deleted. */
  const audited = (actorId: string | null, id: string | null, write: (trx: ReturnType<typeof formsDb>) => Promise<WebForm | null>) =>
    root.transaction().execute(async (trx) => {
      const forms = formsDb(trx);
      const before = id ? ((await forms.selectFrom('web_forms').selectAll().where('id', '=', id).forUpdate().executeTakeFirst()) as WebForm | undefined) : undefined;
      if (id && !before) throw notFound(`web form ${id}`);
      const after = await write(forms);
      const form = (after ?? before)!;
      await auditConfigChange(trx, 'webForms', actorId, { id: form.id, name: form.name }, before ? formSnapshot(before) : null, after ? formSnapshot(after) : null);
      return after;
    });

  app.get('/api/v1/web-forms/fields', async (request) => {
    requireAdmin(request);
    await engine.metadata.ensureFresh();
    return { data: formableFields(engine.metadata.get('leads')).map((f) => ({ name: f.name, label: f.label, type: f.type, required: f.required, custom: f.custom })) };
  });

  app.get('/api/v1/web-forms', async (request) => {
    requireAdmin(request);
    const forms = (await db.selectFrom('web_forms').selectAll().orderBy('created_at', 'desc').execute()) as WebForm[];
    const counts = await sql<{ form_id: string; outcome: string; n: string }>`SELECT form_id, outcome, count(*) AS n FROM web_form_submissions GROUP BY form_id, outcome`.execute(root);
    const stats = (id: string, outcome: string) => Number(counts.rows.find((r) => r.form_id === id && r.outcome === outcome)?.n ?? 0);
    return { data: forms.map((f) => ({ ...formView(f, baseUrlOf(request)), submissions: { created: stats(f.id, 'created'), linked: stats(f.id, 'linked'), spam: stats(f.id, 'spam') } })) };
  });

  app.get('/api/v1/web-forms/:id', async (request) => {
    requireAdmin(request);
    const { id } = parseInput(idParam, request.params);
    const form = (await db.selectFrom('web_forms').selectAll().where('id', '=', id).executeTakeFirst()) as WebForm | undefined;
    if (!form) throw notFound(`web form ${id}`);
    return { data: formView(form, baseUrlOf(request)) };
  });

  app.post('/api/v1/web-forms', async (request, reply) => {
    const access = requireAdmin(request);
    await engine.metadata.ensureFresh();
    const values = await columns(root, engine, parseInput(webFormInput, request.body));
    const form = (await audited(access.userId, null, async (trx) => (await trx.insertInto('web_forms').values({ ...values, token: newToken(), created_by: access.userId }).returningAll().executeTakeFirstOrThrow()) as WebForm))!;
    return reply.status(201).send({ data: formView(form, baseUrlOf(request)) });
  });

  app.put('/api/v1/web-forms/:id', async (request) => {
    const admin = requireAdmin(request);
    const { id } = parseInput(idParam, request.params);
    await engine.metadata.ensureFresh();
    const values = await columns(root, engine, parseInput(webFormInput, request.body));
    const form = (await audited(admin.userId, id, async (trx) => (await trx.updateTable('web_forms').set({ ...values, updated_at: new Date() }).where('id', '=', id).returningAll().executeTakeFirstOrThrow()) as WebForm))!;
    return { data: formView(form, baseUrlOf(request)) };
  });

  app.delete('/api/v1/web-forms/:id', async (request, reply) => {
    const admin = requireAdmin(request);
    const { id } = parseInput(idParam, request.params);
    await audited(admin.userId, id, async (trx) => {
      await trx.deleteFrom('web_forms').where('id', '=', id).execute();
      return null;
    });
    return reply.status(204).send();
  });
}
