// A mutation's changes to classified fields, for the audit ledger: for each one it set, the levels
// the caller was served the old and the new value at (levels, never values). Called by the
// mutation resolvers once the data layer has written the change.
import type { Doc } from '../data/documents';
import type { FieldMap } from '../schema/field-map';
import { readPath } from '../schema/field-map';
import type { RequestDisclosure } from './disclosure';

export function recordChanges(
  disclosure: Pick<RequestDisclosure, 'changed'>,
  fieldMap: Pick<FieldMap, 'field'>,
  typeName: string,
  names: readonly string[],
  update: { readonly before: Doc; readonly after: Doc },
): void {
  for (const name of names) {
    const field = fieldMap.field(typeName, name);
    if (field.dataClass) disclosure.changed(field, update.after, readPath(update.before, field.segments), readPath(update.after, field.segments));
  }
}
