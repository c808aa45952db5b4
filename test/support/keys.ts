// Keys for tests that configure the gateway in production mode (which requires real keys).
import { generateKeyPairSync } from 'node:crypto';

/** An Ed25519 key for audit checkpoints (AUDIT_SIGNING_KEY), PKCS#8 PEM. */
export const TEST_AUDIT_KEY = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
