import { Injectable } from '@nestjs/common';
import {
  compactVerify,
  exportJWK,
  exportPKCS8,
  generateKeyPair,
  importJWK,
  importPKCS8,
  type JWK,
  SignJWT,
} from 'jose';
import type { EntityManager } from 'typeorm';
import { SecretBox } from '../udemy-sync/secret-box';
import { CredentialsRepository } from './credentials.repository';

const ALG = 'EdDSA';

/** The context a tenant's sealed private key is bound to: a ciphertext copied to another tenant does not open. */
function sealContext(tenantId: number): string {
  return `credential-issuer:${tenantId}`;
}

/**
 * The tenant's Ed25519 key pair and VC-JWT signing (jose). The pair is made on first need, in the caller's
 * transaction with the issuer row locked, so two first uses cannot make two keys. The private key is stored only
 * sealed with SECRETS_KEY (SecretBox, AES-256-GCM) and never leaves this class; the public JWK never holds `d`.
 */
@Injectable()
export class CredentialSigner {
  constructor(
    private readonly repository: CredentialsRepository,
    private readonly secrets: SecretBox,
  ) {}

  /** The tenant's public key as a JWK (made now if the tenant has none yet). */
  async publicJwk(manager: EntityManager, tenantId: number): Promise<JWK> {
    return (await this.keyPair(manager, tenantId)).publicJwk;
  }

  /** A compact JWS (header alg EdDSA, kid, typ JWT) over the payload, signed with the tenant's key. */
  async sign(
    manager: EntityManager,
    tenantId: number,
    kid: string,
    payload: Record<string, unknown>,
  ): Promise<string> {
    const { privateKeyPem } = await this.keyPair(manager, tenantId);
    const key = await importPKCS8(privateKeyPem, ALG);
    return new SignJWT(payload).setProtectedHeader({ alg: ALG, kid, typ: 'JWT' }).sign(key);
  }

  private async keyPair(
    manager: EntityManager,
    tenantId: number,
  ): Promise<{ publicJwk: JWK; privateKeyPem: string }> {
    let issuer = await this.repository.ensureIssuer(manager, tenantId);
    if (!issuer.public_jwk || !issuer.private_key_sealed) {
      issuer = await this.repository.lockIssuer(manager, tenantId);
      if (!issuer.public_jwk || !issuer.private_key_sealed) {
        const { publicKey, privateKey } = await generateKeyPair(ALG, { crv: 'Ed25519', extractable: true });
        const { kty, crv, x } = await exportJWK(publicKey);
        const jwk = { kty: kty!, crv: crv!, x: x! };
        const sealed = this.secrets.seal(await exportPKCS8(privateKey), sealContext(tenantId));
        await this.repository.storeKey(manager, tenantId, jwk, sealed);
        issuer = { ...issuer, public_jwk: jwk, private_key_sealed: sealed };
      }
    }
    const pem = this.secrets.open(issuer.private_key_sealed!, sealContext(tenantId));
    if (!pem)
      throw new Error(`the credential signing key of tenant ${tenantId} does not open with SECRETS_KEY`);
    return { publicJwk: issuer.public_jwk!, privateKeyPem: pem };
  }
}

/** The payload of a compact JWS when its EdDSA signature holds under the public JWK; null when it does not. */
export async function verifiedPayload(jwt: string, publicJwk: JWK): Promise<Record<string, unknown> | null> {
  try {
    const key = await importJWK({ ...publicJwk, alg: ALG }, ALG);
    const { payload, protectedHeader } = await compactVerify(jwt, key, { algorithms: [ALG] });
    if (protectedHeader.alg !== ALG) return null;
    const parsed = JSON.parse(new TextDecoder().decode(payload));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The JOSE header and payload of a compact JWS without checking it; null when it is not one. */
export function decodeUnverified(
  jwt: string,
): { header: Record<string, unknown>; payload: Record<string, unknown> } | null {
  const parts = jwt.split('.');
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]*$/.test(p))) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    if (!header || typeof header !== 'object' || !payload || typeof payload !== 'object') return null;
    return { header, payload };
  } catch {
    return null;
  }
}
