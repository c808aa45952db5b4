// The effective configuration as an operator may see it: every secret replaced by a marker that
// says it is set, the password in a MongoDB URI removed, nothing else changed. What `crm-gateway
// config check` prints, so it is safe to paste into a ticket.
import type { Config } from './env';

const SET = '[set, redacted]';

export function redactedConfig(config: Config): unknown {
  const { jwt, audit, mongo } = config;
  const source = jwt.source.kind === 'secret' || jwt.source.kind === 'publicKey' ? { kind: jwt.source.kind, key: SET } : jwt.source;
  return {
    ...config,
    mongo: { ...mongo, uri: mongo.uri === null ? null : redactUri(mongo.uri) },
    jwt: { ...jwt, source, privateKeyPem: jwt.privateKeyPem === null ? null : SET },
    audit: { ...audit, signingKeyPem: audit.signingKeyPem === null ? null : SET },
    pseudonymKey: config.pseudonymKey === null ? null : SET,
  };
}

/** mongodb://user:secret@host/… → mongodb://user:***@host/… (the user name helps; the password never). */
export function redactUri(uri: string): string {
  return uri.replace(/^(mongodb(?:\+srv)?:\/\/)([^@/]*)@/, (_, scheme: string, userinfo: string) => {
    const user = userinfo.split(':')[0] ?? '';
    return `${scheme}${user}${userinfo.includes(':') ? ':***' : ''}@`;
  });
}
