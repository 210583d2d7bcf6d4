import { sql, type Kysely } from 'kysely';

/**
 * Installs from before the product catalogue was shared: their built-in sales roles gave products,
 * price books and price-book entries the roles' "own" scope, so reps could not see what an
 * administrator added and could not quote. They get what new installs get (read all, change none);
 * an entry an administrator already set for one of these objects is kept.
 */
const READ_ALL = JSON.stringify({ read: 'all', create: 'none', update: 'none', delete: 'none', export: 'none' });
const CATALOGUE_READ = sql`jsonb_build_object(
  'products', ${READ_ALL}::jsonb, 'price_books', ${READ_ALL}::jsonb, 'price_book_entries', ${READ_ALL}::jsonb)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    UPDATE roles SET permissions = jsonb_set(permissions, '{objects}', ${CATALOGUE_READ} || coalesce(permissions->'objects', '{}'))
    WHERE builtin AND key IN ('sales_rep', 'sales_manager')`.execute(db);
}

export async function down(): Promise<void> {
  // Nothing to undo: read access to the catalogue is what these roles have from now on.
}
