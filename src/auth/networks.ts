// Client network allow-lists of BI tokens (CIDR, IPv4 and IPv6). A token bound to networks is
// refused from anywhere else, and from an unknown address: fail closed.
import { BlockList, isIP } from 'node:net';

/** Throws with the offending entry when a CIDR does not parse. */
export function parseNetworks(cidrs: readonly string[]): BlockList {
  const list = new BlockList();
  for (const cidr of cidrs) {
    const m = /^([^/]+)\/(\d{1,3})$/.exec(cidr.trim());
    const family = m ? isIP(m[1]!) : 0;
    const bits = m ? Number(m[2]) : -1;
    if (!m || family === 0 || bits > (family === 4 ? 32 : 128)) throw new Error(`not a CIDR network: ${cidr}`);
    list.addSubnet(m[1]!, bits, family === 4 ? 'ipv4' : 'ipv6');
  }
  return list;
}

export function addressAllowed(cidrs: readonly string[], address: string | null): boolean {
  if (address === null) return false;
  let list: BlockList;
  try {
    list = parseNetworks(cidrs);
  } catch {
    return false;
  }
  // Dual-stack sockets report IPv4 clients as ::ffff:a.b.c.d.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)?.[1];
  const plain = mapped ?? address;
  const family = isIP(plain);
  if (family === 0) return false;
  return list.check(plain, family === 4 ? 'ipv4' : 'ipv6');
}
