import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { z } from 'zod';
import { fieldAccess, type AccessContext } from '../../engine/permissions/access.js';
import { requireAccess, requireAdmin } from '../../engine/permissions/request-access.js';
import { ApiError, parseInput } from '../../http/errors.js';
import type { ModuleContext } from '../module.js';
import { companySettingsInput, readCompanySettings, readLogo, saveCompanySettings, saveUploadedLogo } from './company-settings.js';
import { findCjkFont, FONT_MISSING } from './pdf/cjk-font.js';
import { renderQuotePdf } from './pdf/render-quote-pdf.js';
import { createOrderFromQuote } from './quote-to-order.js';
import { readLines, reviseQuote } from './revise-quote.js';

const idParams = z.object({ id: z.string() });

/** What the PDF prints from amounts: every one of them must be readable by the user. */
const PRINTED_AMOUNTS: [object: string, fields: string[]][] = [
  ['quotes', ['subtotal', 'discount_total', 'tax_total', 'grand_total']],
  ['quote_line_items', ['unit_price', 'discount_percent', 'tax_rate', 'amount', 'discount_amount', 'tax_amount', 'line_total']],
];

/**
 * A role that hides an amount must not read it, or a figure derived from it, off the PDF: refused
 * (403 naming the field) before anything is rendered.
 */
function requireAmountsVisible(ctx: AccessContext) {
  for (const [object, fields] of PRINTED_AMOUNTS) {
    const hidden = fields.find((f) => fieldAccess(ctx, object, f) === 'hidden');
    if (hidden) throw new ApiError('forbidden', `the PDF shows ${object}.${hidden}, which your role hides`, [{ path: `${object}.${hidden}`, message: 'field is hidden' }]);
  }
}

/** The unit of each line's product (件, 套…), '' for a line without a product the user may read. */
async function unitsOf(mctx: ModuleContext, lines: Record<string, unknown>[], ctx: AccessContext): Promise<string[]> {
  const ids = [...new Set(lines.map((l) => l.product_id).filter((id): id is string => typeof id === 'string'))];
  const units = new Map<string, string>();
  for (const id of ids) {
    try {
      units.set(id, String((await mctx.engine.records.get('products', id, ctx)).unit ?? ''));
    } catch (error) {
      if (!(error instanceof ApiError && (error.code === 'not_found' || error.code === 'forbidden'))) throw error;
    }
  }
  return lines.map((l) => units.get(l.product_id as string) ?? '');
}

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
    requireAmountsVisible(ctx);
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
    const units = await unitsOf(mctx, lines, ctx);
    const pdf = await renderQuotePdf({ quote, lines, units, customerName: customerName ?? '', contactName, ownerName: rows[0]?.name, company, logo: logo?.data ?? null }, font);
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
