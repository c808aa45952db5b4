// Query size: fields selected once every fragment spread is replaced by its fragment.
import { defineRule } from './rule';

export const fieldsRule = defineRule({
  code: 'QUERY_TOO_LARGE',
  limit: (l) => l.maxFields,
  measure: (m) => m.fields,
  describe: (measured, limit) => `query selects ${measured} fields once fragments are expanded, over the limit of ${limit}`,
});
