import { createPublicKey, verify, X509Certificate, type KeyObject } from 'node:crypto';
import { XapiError } from '../xapi-error';
import { normalizeStatement, statementDigest } from './statement-record';
import { isObject } from './statement-validation';

export const SIGNATURE_USAGE = 'http://adlnet.gov/expapi/attachments/signature';
const ALGORITHMS: Record<string, string> = { RS256: 'sha256', RS384: 'sha384', RS512: 'sha512' };

/**
 * Checks a signed statement (Data 2.6): the signature attachment is a compact JWS (RS256/384/512) whose payload is
 * the statement itself (equal apart from what the LRS adds and the attachments), and when its header carries an X.509
 * chain (`x5c`) the signature verifies with the first certificate's key. node:crypto does the RSA check; a JWS
 * library would add a dependency for the three lines of base64url splitting.
 */
export function checkSignature(statement: Record<string, unknown>, jws: Buffer): void {
  const parts = jws.toString('utf8').trim().split('.');
  if (parts.length !== 3) throw new XapiError(400, '署名（JWS）の形式が正しくありません。');
  let header: Record<string, unknown>;
  let payload: unknown;
  try {
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
  } catch {
    throw new XapiError(400, '署名（JWS）のヘッダーまたは内容が JSON ではありません。');
  }
  const hash = ALGORITHMS[String(header['alg'])];
  if (!hash) throw new XapiError(400, '署名のアルゴリズムは RS256, RS384, RS512 のいずれかにしてください。');
  if (!isObject(payload)) throw new XapiError(400, '署名の内容が Statement ではありません。');
  const strip = (s: Record<string, unknown>) => {
    const { attachments: _a, ...rest } = s;
    return rest;
  };
  const sameId =
    payload['id'] === undefined ||
    String(payload['id']).toLowerCase() === String(statement['id']).toLowerCase();
  if (!sameId || statementDigest(strip(normalizeStatement(payload))) !== statementDigest(strip(statement)))
    throw new XapiError(400, '署名の内容が Statement と一致しません。');
  const chain = header['x5c'];
  if (Array.isArray(chain) && chain.length > 0) {
    let key: KeyObject;
    try {
      key = new X509Certificate(Buffer.from(String(chain[0]), 'base64')).publicKey;
    } catch {
      try {
        key = createPublicKey(String(chain[0]));
      } catch {
        throw new XapiError(400, '署名の証明書（x5c）が読み取れません。');
      }
    }
    const ok = verify(hash, Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'));
    if (!ok) throw new XapiError(400, '署名を検証できません。');
  }
}
