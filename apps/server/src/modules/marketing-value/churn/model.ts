/// <reference path="./logreg-types.d.ts" />
import { Matrix } from 'ml-matrix';
import LogisticRegression from 'ml-logistic-regression';
import { createHash } from 'node:crypto';
import { auc } from './auc.js';

/** A trained churn model, as stored: standardisation and weights (intercept first). */
export interface StoredModel {
  means: number[];
  stds: number[];
  weights: number[];
}

export interface LabelledCustomer {
  id: string;
  features: number[];
  ruleRisk: number;
  churned: 0 | 1;
}

export interface TrainingResult {
  samples: number;
  churned: number;
  testSamples: number;
  modelAuc: number | null;
  rulesAuc: number | null;
  /** Used for scoring only when it beats the rules on the held-out part. */
  used: boolean;
  model: StoredModel | null;
  note: string;
}

/** Fewest customers with a known outcome (and of each outcome) before a model is tried: CRM_CHURN_MODEL_MIN, default 200. */
export const minimumSamples = () => Number(process.env.CRM_CHURN_MODEL_MIN) || 200;
const MIN_PER_CLASS = 10;

/** A stable 30 % of customers (by id) is held out for testing, so retraining compares like with like. */
const heldOut = (id: string) => createHash('sha1').update(id).digest()[0] < 77;

function standardise(rows: number[][]) {
  const width = rows[0].length;
  const means = Array.from({ length: width }, (_, j) => rows.reduce((a, r) => a + r[j], 0) / rows.length);
  const stds = Array.from({ length: width }, (_, j) => Math.sqrt(rows.reduce((a, r) => a + (r[j] - means[j]) ** 2, 0) / rows.length) || 1);
  return { means, stds };
}

const design = (rows: number[][], m: StoredModel) => new Matrix(rows.map((r) => [1, ...r.map((v, j) => (v - m.means[j]) / m.stds[j])]));

/** Probability of churn (0–1) per row. */
export function predict(model: StoredModel, rows: number[][]): number[] {
  const x = design(rows, model);
  return x.mmul(Matrix.columnVector(model.weights)).to1DArray().map((z) => 1 / (1 + Math.exp(-z)));
}

/**
 * Logistic regression (ml-logistic-regression, batch gradient descent on standardised features
 * with an intercept) trained on 70 % of the labelled customers; both it and the rule score are
 * then ranked on the held-out 30 % by AUC.
 */
export function trainChurnModel(labelled: LabelledCustomer[]): TrainingResult {
  const churned = labelled.filter((c) => c.churned === 1).length;
  const base = { samples: labelled.length, churned, testSamples: 0, modelAuc: null, rulesAuc: null, used: false, model: null };
  if (labelled.length < minimumSamples() || churned < MIN_PER_CLASS || labelled.length - churned < MIN_PER_CLASS) {
    return { ...base, note: `not enough history: ${labelled.length} customers with a known outcome (${churned} churned); needs ${minimumSamples()} with ${MIN_PER_CLASS} of each` };
  }
  const train = labelled.filter((c) => !heldOut(c.id));
  const test = labelled.filter((c) => heldOut(c.id));
  const { means, stds } = standardise(train.map((c) => c.features));
  const shell: StoredModel = { means, stds, weights: [] };
  const lr = new LogisticRegression({ numSteps: 1500, learningRate: 1 / train.length });
  lr.train(design(train.map((c) => c.features), shell), Matrix.columnVector(train.map((c) => c.churned)));
  // One-vs-all: the classifier for class 0 scores "not 0", i.e. churned.
  const weights = lr.classifiers[0].weights.to1DArray();
  const model: StoredModel = { means, stds, weights };
  const labels = test.map((c) => c.churned);
  const modelAuc = auc(predict(model, test.map((c) => c.features)), labels);
  const rulesAuc = auc(test.map((c) => c.ruleRisk), labels);
  const used = modelAuc !== null && (rulesAuc === null || modelAuc > rulesAuc);
  return {
    ...base,
    testSamples: test.length,
    modelAuc,
    rulesAuc,
    used,
    model,
    note: used ? 'the model ranks held-out customers better than the rules: it scores churn risk' : 'the rules rank held-out customers at least as well: they stay in use',
  };
}
