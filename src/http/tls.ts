// The HTTPS listener: certificate chain and key from TLS_CERT_FILE / TLS_KEY_FILE (re-read on
// SIGHUP, so a renewed certificate is served without dropping connections), TLS 1.2 or newer,
// and — with TLS_CLIENT_CA_FILE — client certificates required and checked against that CA (BI
// tools on a private network). Production refuses plain HTTP unless TRUST_PROXY_TLS says a
// TLS-terminating proxy is in front: tokens and personal data must never cross a network in clear.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { RequestListener } from 'node:http';
import type { SecureContextOptions } from 'node:tls';
import type { Logger } from 'pino';
import { ConfigError, type Config, type TlsFiles } from '../config/env';

export interface TlsListener {
  createServer(handler: RequestListener): Server;
  /** Re-reads the files into the running server; on failure keeps serving the previous ones. */
  reload(logger: Logger): boolean;
}

export function assertTransportAllowed(config: Config): void {
  if (config.mode === 'production' && config.http.tls === null && !config.http.trustProxyTls) {
    throw new ConfigError(['TLS_CERT_FILE / TLS_KEY_FILE: production mode serves HTTPS only; set them, or TRUST_PROXY_TLS=1 when a TLS-terminating proxy is in front']);
  }
}

function read(file: string, variable: string): Buffer {
  try {
    return readFileSync(file);
  } catch (err) {
    throw new ConfigError([`${variable}: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
}

function contextOptions(files: TlsFiles): SecureContextOptions {
  return {
    cert: read(files.certFile, 'TLS_CERT_FILE'),
    key: read(files.keyFile, 'TLS_KEY_FILE'),
    ...(files.clientCaFile ? { ca: read(files.clientCaFile, 'TLS_CLIENT_CA_FILE') } : {}),
  };
}

export function createTlsListener(files: TlsFiles): TlsListener {
  const initial = contextOptions(files);
  let server: Server | null = null;
  return {
    createServer(handler) {
      const requireClientCert = files.clientCaFile !== null;
      try {
        server = createServer({ ...initial, minVersion: 'TLSv1.2', requestCert: requireClientCert, rejectUnauthorized: requireClientCert }, handler);
      } catch (err) {
        // A key that does not match the certificate, or a file that is not PEM.
        throw new ConfigError([`TLS_CERT_FILE / TLS_KEY_FILE: not a usable certificate and key (${(err as { code?: string }).code ?? 'invalid'})`]);
      }
      return server;
    },
    reload(logger) {
      if (!server) return false;
      try {
        server.setSecureContext(contextOptions(files));
        logger.info('TLS certificate reloaded');
        return true;
      } catch (err) {
        logger.error({ errorClass: (err as Error)?.name, code: (err as { code?: string }).code }, 'TLS certificate reload failed; still serving the previous certificate');
        return false;
      }
    },
  };
}
