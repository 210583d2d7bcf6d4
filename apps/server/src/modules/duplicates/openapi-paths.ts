import { jsonBody } from '../../http/openapi-parts.js';
import { DEFAULT_RULES, ruleSettings } from './rules.js';

const ok = (description: string) => ({ 200: { description } });
const errors = { 400: { description: 'Invalid input; details name the field' }, 403: { description: 'Not permitted' }, 404: { description: 'Not found or not visible to you' } };

/** The module's routes in the OpenAPI document, per object with duplicate rules. */
export function duplicatePaths(): Record<string, unknown> {
  const paths: Record<string, unknown> = {
    '/api/v1/duplicate-rules': { get: { tags: ['duplicates'], summary: 'Duplicate rules per object with their settings', responses: ok('{data: [{object, rules}]}') } },
    '/api/v1/duplicate-rules/{object}/{key}': {
      put: { tags: ['duplicates'], summary: 'Tune a duplicate rule (administrators): {enabled, fuzzy, threshold 0.3–1, block?}; block refuses (409) a new record matching an existing one anywhere in the company', requestBody: jsonBody(ruleSettings), responses: { ...ok('The rule'), ...errors } },
    },
    '/api/v1/merges': { get: { tags: ['duplicates'], summary: 'Merge history of an object (?object=customers&recordId=…), newest first', responses: ok('{data: merges}') } },
    '/api/v1/merges/{id}/undo': {
      post: { tags: ['duplicates'], summary: 'Undo a merge: restores merged records, moves related records back, restores survivor values', responses: { ...ok('Undone'), ...errors, 409: { description: 'Changed since the merge; undo would overwrite it' } } },
    },
  };
  for (const object of Object.keys(DEFAULT_RULES)) {
    const tag = object;
    paths[`/api/v1/${object}/duplicates/check`] = {
      post: { tags: [tag], summary: 'Likely duplicates of a record payload (send id too when editing), with the matching rule and a score, among records you may read; elsewhere: the same record owned outside your scope (撞单), only its owner\'s name and the rule; rules over fields hidden from you are not evaluated', responses: { ...ok('{data: [{id, score, matches, record}], elsewhere: [{owner, matches, block}]}'), ...errors } },
    };
    paths[`/api/v1/${object}/duplicates`] = {
      get: {
        tags: [tag],
        summary: 'Groups of likely duplicates across the object, paged (limit, cursor; fuzzy=true adds similar-name groups, a bounded number of names per page)',
        responses: { ...ok('{data: [{rule, how, value, records, size}], nextCursor}'), ...errors },
      },
    };
    paths[`/api/v1/${object}/merge-preview`] = { get: { tags: [tag], summary: 'Records side by side and related-record counts (?ids=a,b)', responses: { ...ok('{data: {records, related}}'), ...errors } } };
    paths[`/api/v1/${object}/merge`] = {
      post: {
        tags: [tag],
        summary: 'Merge records into a survivor: {survivorId, mergedIds, values: {field: recordId | {value}}}; related records move, merged ones go to the recycle bin',
        responses: { ...ok('{data: {mergeId, survivor, moved}}'), ...errors },
      },
    };
  }
  return paths;
}
