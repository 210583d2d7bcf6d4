import { sql, type Kysely } from 'kysely';

/**
 * duplicate_groups: the match keys shared by two or more live records, with their count, kept by
 * the duplicates module's hooks in the writing transaction. The finder walks this table in key
 * order instead of grouping every key of an object, so a page costs the groups it reads whether
 * duplicates are rare or common. owners lists each member's owner_id (repeats kept, sorted) for groups
 * of up to 100 records, so a rep's page can tell which groups they see without reading the keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE duplicate_groups (
      object text NOT NULL,
      rule text NOT NULL,
      kind char(1) NOT NULL,
      value text NOT NULL,
      size integer NOT NULL,
      owners uuid[],
      PRIMARY KEY (object, rule, kind, value)
    );
    INSERT INTO duplicate_groups (object, rule, kind, value, size, owners)
      SELECT object, rule, kind, value, count(*), CASE WHEN count(*) <= 100 THEN array_agg(owner_id ORDER BY owner_id) END
      FROM duplicate_keys
      GROUP BY object, rule, kind, value HAVING count(*) > 1;
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`DROP TABLE IF EXISTS duplicate_groups`.execute(db);
}
