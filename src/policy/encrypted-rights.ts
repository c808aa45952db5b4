// Ciphertext answers only "is it exactly this value" (and only when deterministic): it cannot be
// range-filtered, prefix-matched, sorted or grouped, and a query that tried would silently
// answer over ciphertext bytes. A policy granting such rights on an encrypted field is refused
// at start-up and by `policy check`, naming each field.
import type { CompiledPolicy } from './compile';
import type { PolicyField } from './fields';
import { ROLES } from './roles';

/** `schema.classified`: every classified field (the schema's field map has them). */
export function encryptedRightsProblems(policy: CompiledPolicy, schema: { readonly classified: readonly PolicyField[] }): string[] {
  const problems: string[] = [];
  for (const field of schema.classified) {
    const cls = field.dataClass!;
    if (!policy.encryption.has(cls)) continue;
    for (const role of ROLES) {
      const rights = policy.rights(role, cls);
      const granted = [rights.filter === 'full' ? 'filter "full"' : '', rights.sort ? 'sort' : '', rights.group ? 'group' : ''].filter(Boolean);
      if (granted.length > 0) {
        problems.push(`${field.coordinate} (${cls}) is encrypted, but roles.${role}.query.${cls} grants ${granted.join(', ')}: ciphertext can serve only exact lookups`);
      }
    }
  }
  return problems;
}
