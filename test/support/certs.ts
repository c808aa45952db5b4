// Certificates for TLS tests, made with the openssl CLI in a temporary folder: a CA, a server
// certificate for 127.0.0.1/localhost signed by it, and client certificates. Nothing is shipped.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface Ca {
  readonly dir: string;
  readonly cert: string; // PEM file paths
  readonly key: string;
}

export interface Issued {
  readonly cert: string;
  readonly key: string;
}

const openssl = (args: string[], cwd: string) => execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });

export function makeCa(name: string, dir = mkdtempSync(path.join(tmpdir(), 'crm-tls-'))): Ca {
  const cert = path.join(dir, `${name}.pem`);
  const key = path.join(dir, `${name}.key`);
  openssl(
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      'basicConstraints=critical,CA:TRUE',
      '-addext',
      'keyUsage=critical,keyCertSign,cRLSign',
    ],
    dir,
  );
  return { dir, cert, key };
}

/** A certificate signed by `ca`: a server one for 127.0.0.1 and localhost, or a client one. */
export function issue(ca: Ca, name: string, kind: 'server' | 'client'): Issued {
  const key = path.join(ca.dir, `${name}.key`);
  const csr = path.join(ca.dir, `${name}.csr`);
  const cert = path.join(ca.dir, `${name}.pem`);
  const ext = path.join(ca.dir, `${name}.ext`);
  writeFileSync(ext, kind === 'server' ? 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n' : 'extendedKeyUsage=clientAuth\n');
  openssl(['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${name}`], ca.dir);
  openssl(['x509', '-req', '-in', csr, '-CA', ca.cert, '-CAkey', ca.key, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext], ca.dir);
  return { cert, key };
}
