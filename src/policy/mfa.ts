// When an MFA claim counts (docs/design.md, "The policy model"): levels granted after MFA and
// reveals need a recent authentication, not merely one that once happened.

/** MFA counts only when the token says so and the authentication is recent enough. */
export function mfaIsFresh(caller: { readonly mfa: boolean; readonly authTime: number | null }, maxAgeSeconds: number, now: Date): boolean {
  if (!caller.mfa || caller.authTime === null) return false;
  const age = now.getTime() / 1000 - caller.authTime;
  return age >= -60 && age <= maxAgeSeconds;
}
