// Documents that crashed or froze the gateway before the limits step existed (issue reports),
// as builders, so tests and the event-loop benchmark send exactly the same shapes.

/** `customer → deals → customer → …` nested `levels` times below one customer. */
export function nestedDeals(customerId: string, levels: number): string {
  let inner = '{ id }';
  for (let i = 0; i < levels; i++) inner = `{ id deals(first: 1) { id customer ${inner} } }`;
  return `{ customer(id: "${customerId}") ${inner} }`;
}

/** `fragment G0 on Me { subject ...G1 ...G1 }` doubled `levels` times: 2^levels fields expanded. */
export function doubledFragments(levels: number): string {
  let doc = '{ me { ...G0 } }';
  for (let i = 0; i < levels; i++) doc += ` fragment G${i} on Me { subject ...G${i + 1} ...G${i + 1} }`;
  return `${doc} fragment G${levels} on Me { role }`;
}

/** `count` aliases of one field of `me`. */
export function aliasedFields(count: number, field = 'subject'): string {
  return `{ me { ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} } }`;
}
