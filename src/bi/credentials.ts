// The BI endpoint's credential, in every form a BI tool can store: `Authorization: Bearer`,
// `Authorization: Basic` with the token as the password (Excel, Power BI; the user name is
// ignored), or `X-API-Key`. Two different tokens in one request are refused rather than chosen
// between. A missing credential is answered with a Basic challenge so those tools prompt.
import { AuthError } from '../auth/errors';

export const BASIC_CHALLENGE = 'Basic realm="crm-gateway BI", charset="UTF-8"';

export function biToken(headers: { authorization?: string | undefined; 'x-api-key'?: string | string[] | undefined }): string {
  const found: string[] = [];
  const auth = headers.authorization?.trim();
  if (auth) {
    const [scheme, value = ''] = auth.split(/[ \t]+/, 2);
    if (/^bearer$/i.test(scheme!)) found.push(value);
    else if (/^basic$/i.test(scheme!)) {
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new AuthError('malformed');
      found.push(decoded.slice(colon + 1));
    } else throw new AuthError('malformed');
  }
  const apiKey = headers['x-api-key'];
  if (Array.isArray(apiKey)) throw new AuthError('malformed');
  if (apiKey?.trim()) found.push(apiKey.trim());
  if (found.length === 0) throw new AuthError('missing');
  if (found.some((t) => t !== found[0])) throw new AuthError('malformed');
  const token = found[0]!;
  if (token === '') throw new AuthError('missing');
  return token;
}
