import type { ColumnType, Generated } from 'kysely';


/** Tables of the knowledge base that are no engine objects (merged into db/types.ts Database). */
export interface KbTables {
  kb_article_versions: KbArticleVersionsTable;
  kb_votes: KbVotesTable;
  kb_vote_hits: KbVoteHitsTable;
}

export interface KbArticleVersionsTable {
  id: Generated<string>;
  article_id: string;
  title: string;
  body: Generated<string>;
  created_by: string | null;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface KbVotesTable {
  article_id: string;
  visitor: string;
  helpful: boolean;
  created_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface KbVoteHitsTable {
  ip: string;
  window_start: ColumnType<Date, Date | string, Date | string>;
  hits: number;
}
