import { Injectable } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { XapiClientCreated, XapiClientView } from '@dx/contract';
import { Problem } from '../common/problem';
import { asSystem } from '../database/tenant-context';
import type { Cmi5Launch } from './cmi5-sessions';
import { XapiClientsRepository } from './xapi-clients.repository';

/** Who an xAPI request speaks for: the credential's tenant, and the credential itself (the statements' authority). */
export interface XapiClient {
  tenantId: number;
  /** The credential's id; null for a cmi5 launch token and for the LMS's own statements. */
  clientId: number | null;
  key: string;
  name: string;
  /** Set for a cmi5 launch token: what it may reach (Cmi5Sessions). */
  launch?: Cmi5Launch;
}

/** A verified credential is remembered this long (a revocation on this instance forgets it at once). */
const CACHE_MS = 30_000;
const CACHE_MAX = 1_000;

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The Basic credentials of the LRS, per tenant. The secret is 32 random bytes shown once; only its SHA-256 is kept
 * (a random 256-bit secret needs no slow hash: nothing to guess from the hash), compared in constant time. Verified
 * credentials are cached briefly so a statement batch costs no database round trip for authentication.
 */
@Injectable()
export class XapiClientsService {
  private readonly verified = new Map<string, { client: XapiClient; until: number }>();

  constructor(private readonly repository: XapiClientsRepository) {}

  async create(tenantId: number, name: string, createdBy: string): Promise<XapiClientCreated> {
    const key = randomBytes(12).toString('hex');
    const secret = randomBytes(32).toString('base64url');
    const row = await this.repository.insertClient(tenantId, key, sha256(secret), name, createdBy);
    return { id: row.id, name, key, secret, createdAt: new Date(row.created_at).toISOString() };
  }

  async list(tenantId: number): Promise<XapiClientView[]> {
    const rows = await this.repository.findClients(tenantId);
    return rows.map((r) => ({
      id: r.id,
      key: r.key,
      name: r.name,
      createdAt: new Date(r.created_at).toISOString(),
      createdBy: r.created_by,
      revokedAt: r.revoked_at ? new Date(r.revoked_at).toISOString() : null,
    }));
  }

  async revoke(tenantId: number, id: number): Promise<void> {
    const revoked = await this.repository.revokeClient(tenantId, id);
    if (!revoked) throw Problem.notFound('指定された接続情報は見つかりません。');
    for (const [cacheKey, entry] of this.verified)
      if (entry.client.clientId === id) this.verified.delete(cacheKey);
  }

  /** The credential of an `Authorization: Basic …` header, or null when it is missing, unknown, wrong or revoked. */
  async verify(authorization: string | undefined): Promise<XapiClient | null> {
    if (!authorization || !/^basic /i.test(authorization)) return null;
    const now = Date.now();
    const cacheKey = authorization.slice(6).trim();
    const cached = this.verified.get(cacheKey);
    if (cached && cached.until > now) return cached.client;
    const decoded = Buffer.from(cacheKey, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) return null;
    const key = decoded.slice(0, colon);
    const secret = decoded.slice(colon + 1);
    if (key.length > 64) return null;
    const row = await asSystem(() => this.repository.findClientByKey(key));
    const presented = sha256(secret);
    // Compared even for an unknown key, so the answer takes as long either way.
    const expected = row ? Buffer.from(row.secret_hash) : Buffer.alloc(32);
    const matches = timingSafeEqual(presented, expected) && row !== undefined && row.revoked_at === null;
    if (!matches) return null;
    const client: XapiClient = { tenantId: row.tenant_id, clientId: row.id, key: row.key, name: row.name };
    if (this.verified.size >= CACHE_MAX) this.verified.clear();
    this.verified.set(cacheKey, { client, until: now + CACHE_MS });
    return client;
  }
}
