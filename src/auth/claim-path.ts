// Dotted claim paths such as Keycloak's `realm_access.roles`. Own properties only, so a path
// like `__proto__.x` or `constructor.name` never reaches the prototype chain.
export function readClaimPath(claims: Record<string, unknown>, path: string): unknown {
  let current: unknown = claims;
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

export function writeClaimPath(claims: Record<string, unknown>, path: string, value: unknown): void {
  const segments = path.split('.');
  const last = segments.pop() as string;
  let current = claims;
  for (const segment of segments) {
    const next = Object.hasOwn(current, segment) ? current[segment] : undefined;
    if (next === null || typeof next !== 'object' || Array.isArray(next)) {
      const created: Record<string, unknown> = {};
      Object.defineProperty(current, segment, { value: created, enumerable: true, writable: true, configurable: true });
      current = created;
    } else {
      current = next as Record<string, unknown>;
    }
  }
  Object.defineProperty(current, last, { value, enumerable: true, writable: true, configurable: true });
}
