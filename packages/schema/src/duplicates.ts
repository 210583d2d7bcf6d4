import type { Label } from './fields.js';

/*
 * What the duplicates API returns: likely duplicates of a record being written, groups of
 * duplicates for the finder, and the merge history. R is the record shape (the web app's has id and version).
 */

/** exact: same normalised value; pinyin: same sound (章伟/张伟); fuzzy: trigram similarity ≥ the rule's threshold. */
export type MatchHow = 'exact' | 'pinyin' | 'fuzzy';

export interface RuleMatch {
  rule: string;
  label: Label;
  how: MatchHow;
  similarity: number;
}

export interface LikelyDuplicate<R = Record<string, unknown>> {
  id: string;
  /** 0..1: the strongest match (an e-mail is surer than a similar name). */
  score: number;
  matches: RuleMatch[];
  record: R;
}

/**
 * 撞单: a likely duplicate the user may not read (another team's customer, or one in the public
 * pool). Only that it exists, who owns it (null: nobody, in the pool) and which rule matched.
 */
export interface OwnedElsewhere {
  owner: string | null;
  matches: { rule: string; label: Label }[];
  /** A rule the administrator set to block: saving this record is refused (409). */
  block: boolean;
}

/** What POST /api/v1/{object}/duplicates/check answers. */
export interface DuplicateCheck<R = Record<string, unknown>> {
  data: LikelyDuplicate<R>[];
  elsewhere: OwnedElsewhere[];
}

export interface DuplicateGroup<R = Record<string, unknown>> {
  rule: string;
  label: Label;
  how: MatchHow;
  /** The shared normalised key (exact, pinyin) or the first name of the group (fuzzy). */
  value: string;
  /** Records in the group the user may read (at most a page's worth). */
  records: R[];
  size: number;
}

/** One merge, for the history and its undo. */
export interface MergeEntry {
  id: string;
  object: string;
  survivorId: string;
  survivorTitle: string | null;
  mergedIds: string[];
  actorId: string | null;
  at: string;
  undoneAt: string | null;
  undoneBy: string | null;
  movedCount: number;
}
