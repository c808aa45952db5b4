// The data keys this gateway instance can use, unwrapped once at start-up and held in memory for
// its lifetime (per instance, never module state). A value under a key the ring does not hold
// (created after start-up, or unknown) fails that value only; the ring then re-reads the vault in
// the background, at most once per interval, so a key created by `crm-gateway keys create` is
// picked up without a restart and a flood of bad values cannot hammer the vault.
import { AeadKey } from './aead';
import type { KeyRef, KeyVault } from './key-vault';

export interface KeyRing {
  /** A data key, prepared for use, by its 16-byte id. */
  material(keyId: Uint8Array): AeadKey | undefined;
  /** The key a policy reference names, with its id bytes. */
  resolve(ref: KeyRef): { id: Buffer; material: AeadKey } | undefined;
  /** Ids (UUID text) of vault keys this master key cannot open. */
  readonly unreadable: readonly string[];
  /** After a miss: re-read the vault in the background (throttled). */
  missed(): void;
  refresh(): Promise<void>;
}

export async function loadKeyRing(vault: KeyVault, masterKey: Buffer, opts: { refreshIntervalMs?: number; onError?: (err: unknown) => void } = {}): Promise<KeyRing> {
  const interval = opts.refreshIntervalMs ?? 30_000;
  const prepare = async () => {
    const read = await vault.readAll(masterKey);
    return { keys: new Map([...read.keys].map(([id, material]) => [id, new AeadKey(material)] as const)), altNames: read.altNames, unreadable: read.unreadable };
  };
  let state = await prepare();
  let lastRefresh = Date.now();
  let pending: Promise<void> | null = null;
  const refresh = (): Promise<void> =>
    (pending ??= prepare()
      .then((next) => {
        state = next;
      })
      .finally(() => {
        lastRefresh = Date.now();
        pending = null;
      }));
  const uuidHex = (text: string) => text.replace(/-/g, '').toLowerCase();
  return {
    material: (keyId) => state.keys.get(Buffer.from(keyId.buffer, keyId.byteOffset, keyId.length).toString('hex')),
    resolve(ref) {
      const hex = ref.keyId ? uuidHex(ref.keyId) : ref.keyAltName !== undefined ? state.altNames.get(ref.keyAltName) : undefined;
      const material = hex ? state.keys.get(hex) : undefined;
      return hex && material ? { id: Buffer.from(hex, 'hex'), material } : undefined;
    },
    get unreadable() {
      return state.unreadable;
    },
    missed() {
      if (pending || Date.now() - lastRefresh < interval) return;
      refresh().catch((err: unknown) => opts.onError?.(err));
    },
    refresh,
  };
}
