import type { Kysely } from 'kysely';
import type { Database } from '../../../db/types.js';
import { installMedianGap, readHistory } from '../value/history-sql.js';
import { scoreCustomer } from '../value/score.js';
import { trainChurnModel, type LabelledCustomer, type TrainingResult } from './model.js';
import { saveTraining } from './store.js';

/** Outcomes the install knows: 流失客户 churned; 成交/重要客户 who bought are retained. */
const CHURNED = ['lost'];
const RETAINED = ['active', 'vip'];

/** Trains a churn model on the install's customers with a known outcome and stores it with both AUCs. */
export async function trainAndSave(db: Kysely<Database>, asOf = new Date().toISOString().slice(0, 10)): Promise<TrainingResult> {
  const [rows, gap] = await Promise.all([readHistory(db, asOf), installMedianGap(db, asOf)]);
  const labelled: LabelledCustomer[] = [];
  for (const row of rows) {
    const churned = CHURNED.includes(row.status ?? '') ? 1 : RETAINED.includes(row.status ?? '') ? 0 : null;
    if (churned === null) continue;
    const score = scoreCustomer(row, asOf, gap);
    if (!score.features || score.details.ruleRisk === null) continue;
    labelled.push({ id: row.id, features: score.features, ruleRisk: score.details.ruleRisk, churned });
  }
  const result = trainChurnModel(labelled);
  await saveTraining(db, result);
  return result;
}
