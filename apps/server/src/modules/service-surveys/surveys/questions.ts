import { z } from 'zod';

export const QUESTION_TYPES = ['rating', 'nps', 'single', 'multiple', 'text'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

const bilingual = (max: number) => z.object({ zh: z.string().trim().min(1).max(max), en: z.string().trim().min(1).max(max) }).strict();
const option = z.object({ value: z.string().trim().regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, _ or -'), label: bilingual(200) }).strict();

export const questionSchema = z
  .object({
    id: z.string().trim().regex(/^[a-z0-9_-]{1,40}$/, 'lower-case letters, digits, _ or -'),
    type: z.enum(QUESTION_TYPES),
    label: bilingual(500),
    required: z.boolean().default(false),
    options: z.array(option).max(30).optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    const choice = q.type === 'single' || q.type === 'multiple';
    if (choice && (q.options?.length ?? 0) < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: 'a choice question needs at least 2 options' });
    if (!choice && q.options?.length) ctx.addIssue({ code: 'custom', path: ['options'], message: `a ${q.type} question has no options` });
    const values = q.options?.map((o) => o.value) ?? [];
    const dup = values.findIndex((v, i) => values.indexOf(v) !== i);
    if (dup >= 0) ctx.addIssue({ code: 'custom', path: ['options', dup, 'value'], message: `option '${values[dup]}' appears twice` });
  });
export type Question = z.infer<typeof questionSchema>;

export const surveyInput = z
  .object({
    title: bilingual(200),
    intro: z.object({ zh: z.string().trim().max(2000), en: z.string().trim().max(2000) }).strict().optional(),
    status: z.enum(['draft', 'open', 'closed']).default('draft'),
    questions: z
      .array(questionSchema)
      .min(1)
      .max(50)
      .superRefine((qs, ctx) => {
        const ids = qs.map((q) => q.id);
        const dup = ids.findIndex((v, i) => ids.indexOf(v) !== i);
        if (dup >= 0) ctx.addIssue({ code: 'custom', path: [dup, 'id'], message: `question id '${ids[dup]}' appears twice` });
      }),
  })
  .strict();
export type SurveyInput = z.infer<typeof surveyInput>;

/** One stored answer: a number (rating 1–5, NPS 0–10), chosen option values, or text. */
export interface Answer {
  questionId: string;
  number: number | null;
  choices: string[] | null;
  text: string | null;
}

const MAX_TEXT = 5000;

/**
 * Reads raw answers (`{questionId: value}`, from JSON or a form where a checkbox group gives a string
 * or an array) against the questions. Returns the answers and, per question, what was wrong; an
 * unknown question, a value out of range, a missing required answer are all named by question id.
 */
export function readAnswers(questions: Question[], raw: Record<string, unknown>): { answers: Answer[]; errors: { path: string; message: string }[] } {
  const answers: Answer[] = [];
  const errors: { path: string; message: string }[] = [];
  const known = new Set(questions.map((q) => q.id));
  for (const key of Object.keys(raw)) if (!known.has(key)) errors.push({ path: `answers.${key}`, message: 'no such question' });
  for (const q of questions) {
    const path = `answers.${q.id}`;
    const value = raw[q.id];
    const list = (Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value]).map((v) => String(v).trim()).filter(Boolean);
    if (!list.length) {
      if (q.required) errors.push({ path, message: 'an answer is required' });
      continue;
    }
    if (q.type === 'rating' || q.type === 'nps') {
      const [lo, hi] = q.type === 'rating' ? [1, 5] : [0, 10];
      const n = Number(list[0]);
      if (list.length > 1 || !Number.isInteger(n) || n < lo || n > hi) errors.push({ path, message: `must be a whole number from ${lo} to ${hi}` });
      else answers.push({ questionId: q.id, number: n, choices: null, text: null });
    } else if (q.type === 'single' || q.type === 'multiple') {
      const allowed = new Set(q.options?.map((o) => o.value));
      const bad = list.find((v) => !allowed.has(v));
      if (bad !== undefined) errors.push({ path, message: `'${bad.slice(0, 40)}' is not an option` });
      else if (q.type === 'single' && list.length > 1) errors.push({ path, message: 'choose one option' });
      else answers.push({ questionId: q.id, number: null, choices: [...new Set(list)], text: null });
    } else {
      const text = list.join('\n');
      if (text.length > MAX_TEXT) errors.push({ path, message: `at most ${MAX_TEXT} characters` });
      else answers.push({ questionId: q.id, number: null, choices: null, text });
    }
  }
  return { answers, errors };
}
