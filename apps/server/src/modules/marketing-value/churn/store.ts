import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import type { StoredModel, TrainingResult } from './model.js';

export interface ModelRow {
  id: string;
  trained_at: string | Date;
  samples: number;
  churned: number;
  test_samples: number;
  model_auc: number | null;
  rules_auc: number | null;
  used: boolean;
  note: string | null;
}

/** The latest training, if any (what the admin sees). */
export async function latestTraining(db: Kysely<Database>): Promise<ModelRow | null> {
  const { rows } = await sql<ModelRow>`
    SELECT id, trained_at, samples, churned, test_samples, model_auc, rules_auc, used, note
    FROM marketing_value_models ORDER BY trained_at DESC LIMIT 1`.execute(db);
  return rows[0] ?? null;
}

/** The model to score with: the latest training's, if it beat the rules. */
export async function latestUsedModel(db: Kysely<Database>): Promise<StoredModel | null> {
  const { rows } = await sql<{ used: boolean; model: StoredModel | null }>`SELECT used, model FROM marketing_value_models ORDER BY trained_at DESC LIMIT 1`.execute(db);
  return rows[0]?.used && rows[0].model ? rows[0].model : null;
}

export async function saveTraining(db: Kysely<Database>, result: TrainingResult): Promise<void> {
  await sql`
    INSERT INTO marketing_value_models (samples, churned, test_samples, model_auc, rules_auc, used, model, note)
    VALUES (${result.samples}, ${result.churned}, ${result.testSamples}, ${result.modelAuc}, ${result.rulesAuc}, ${result.used}, ${result.model ? JSON.stringify(result.model) : null}::jsonb, ${result.note})`.execute(db);
}
