import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import type { AccessContext } from '../../engine/permissions/access.js';
import { requireAccess, requireAdmin } from '../../engine/permissions/request-access.js';
import { ApiError, parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { companySettingsInput, readCompanySettings, readLogo, saveCompanySettings, saveUploadedLogo } from './company-settings.js';
import { findCjkFont, FONT_MISSING } from './pdf/cjk-font.js';
import { renderQuotePdf } from './pdf/render-quote-pdf.js';
import { createOrderFromQuote } from './quote-to-order.js';
import { readLines, reviseQuote } from './revise-quote.js';

const idParams = z.object({ id: z.string() });

/** A related record's title if the user may read it, else null (the PDF still renders). */
async function titleOf({ engine }: ModuleContext, object: string, id: unknown, ctx: AccessContext): Promise<string | null> {
  if (typeof id !== 'string') return null;
  try {
    return String((await engine.records.get(object, id, ctx)).name ?? '');
  } catch (error) {
    if (error instanceof ApiError && (error.code === 'not_found' || error.code === 'forbidden')) return null;
    throw error;
  }
}

export function registerQuoteRoutes(app: FastifyInstance, mctx: ModuleContext) {
  const { engine, db } = mctx;

  app.post('/api/v1/quotes/:id/revise', async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    return reply.status(201).send({ data: await reviseQuote(mctx, id, requireAccess(request)) });
  });

  app.post('/api/v1/quotes/:id/order', async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    return reply.status(201).send({ data: await createOrderFromQuote(mctx, id, request.body, requireAccess(request)) });
  });

  app.get('/api/v1/quotes/:id/pdf', async (request, reply) => {
    const { id } = parseInput(idParams, request.params);
    const ctx = requireAccess(request);
    const quote = await engine.records.get('quotes', id, ctx);
    const font = findCjkFont();
    if (!font) return reply.status(503).send({ error: { code: 'font_missing', message: FONT_MISSING, details: [{ path: 'font', message: 'no CJK font installed' }] } });
    const [lines, customerName, contactName, company, logo] = await Promise.all([
      readLines(mctx, 'quote_line_items', 'quote_id', id, ctx),
      titleOf(mctx, 'customers', quote.customer_id, ctx),
      titleOf(mctx, 'contacts', quote.contact_id, ctx),
      readCompanySettings(db),
      readLogo(db),
    ]);
    const { rows } = await sql<{ name: string }>`SELECT name FROM users WHERE id = ${(quote.owner_id as string) ?? null}::uuid`.execute(db);
    const pdf = await renderQuotePdf({ quote, lines, customerName: customerName ?? '', contactName, ownerName: rows[0]?.name, company, logo: logo?.data ?? null }, font);
    const file = `quote-${quote.quote_no ?? id}-v${quote.revision ?? 1}.pdf`;
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="${file}"`)
      .send(pdf);
  });

  // Company settings (name, address, logo) for documents: everyone signed in reads, admins write.
  app.get('/api/v1/company-settings', async (request) => {
    requireAccess(request);
    return { data: { ...(await readCompanySettings(db)), pdfFont: findCjkFont()?.path ?? null } };
  });
  app.put('/api/v1/company-settings', async (request) => {
    const access = requireAdmin(request);
    return { data: await saveCompanySettings(db, parseInput(companySettingsInput, request.body), access.userId) };
  });
  app.get('/api/v1/company-settings/logo', async (request, reply) => {
    requireAccess(request);
    const logo = await readLogo(db);
    if (!logo) throw new ApiError('not_found', 'no logo uploaded');
    return reply.header('content-type', logo.type).header('cache-control', 'no-cache').send(logo.data);
  });
  app.register(async (scoped) => {
    // The logo is the raw request body (image/png or image/jpeg).
    scoped.addContentTypeParser(['image/png', 'image/jpeg'], { parseAs: 'buffer', bodyLimit: 1024 * 1024 + 1 }, (_req, body, done) => done(null, body));
    scoped.put('/api/v1/company-settings/logo', async (request) => {
      const access = requireAdmin(request);
      if (!Buffer.isBuffer(request.body)) throw new ApiError('bad_request', 'send the image as the body (image/png or image/jpeg)', [{ path: 'logo', message: 'missing' }]);
      return { data: await saveUploadedLogo(db, request.body, access.userId) };
    });
  });
}
