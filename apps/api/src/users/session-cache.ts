import { Injectable } from '@nestjs/common';
import type { AuthUser } from '../common/auth-user';

export type CachedUser = Omit<AuthUser, 'via' | 'sessionId'>;

interface Entry {
  user: CachedUser;
  /** The Tokyo day it was resolved for: leaving and manager rights depend on the date. */
  day: string;
  expiresAt: number;
}

/**
 * The users behind session tokens, as resolved from the database, kept for a moment so that a learner's burst of
 * requests (a page load makes several) costs one user lookup instead of one per request.
 *
 * The trade-off: a token is checked against the database (session version, left the organisation) on every request
 * unless its user was resolved less than `TTL_MS` ago. Whatever revokes a session or changes the resolved user
 * evicts here, after its transaction has committed: an administrator setting a password (bumps the session version),
 * a user's own password change, org-chart and roster imports (leavers, moves and promotions change manager rights,
 * units and names). So in this process a revoked token is refused on its very next request. Another instance of
 * the API behind the same database cannot be told; there the TTL bounds how long a revoked token may still be
 * accepted, which is why it is kept to a couple of seconds (a token's own lifetime is hours).
 *
 * A lookup that began before an eviction must not store what it read (it may have read the row before the revoking
 * commit): every eviction moves `epoch` on, and `remember` drops results of an older epoch.
 */
@Injectable()
export class SessionCache {
  static readonly TTL_MS = 2000;
  /** More sessions than this within the TTL: the oldest entries go first. */
  static readonly MAX_ENTRIES = 20_000;

  private readonly entries = new Map<string, Entry>();
  private currentEpoch = 0;

  /** Taken before a lookup; pass it to `remember`. */
  get epoch(): number {
    return this.currentEpoch;
  }

  get size(): number {
    return this.entries.size;
  }

  find(
    tenantId: number,
    userId: number,
    sessionVersion: number,
    day: string,
    now = Date.now(),
  ): CachedUser | undefined {
    const key = keyOf(tenantId, userId, sessionVersion);
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now || entry.day !== day) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.user;
  }

  remember(sessionVersion: number, day: string, user: CachedUser, epoch: number, now = Date.now()): void {
    if (epoch !== this.currentEpoch) return;
    const key = keyOf(user.tenantId, user.userId, sessionVersion);
    this.entries.delete(key);
    if (this.entries.size >= SessionCache.MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { user, day, expiresAt: now + SessionCache.TTL_MS });
  }

  /** This user's sessions (any version) are looked up again on their next request. */
  evictUser(userId: number): void {
    this.currentEpoch++;
    for (const [key, entry] of this.entries) if (entry.user.userId === userId) this.entries.delete(key);
  }

  /** Everyone is looked up again (an import changed people, units or rights in bulk). */
  clear(): void {
    this.currentEpoch++;
    this.entries.clear();
  }
}

function keyOf(tenantId: number, userId: number, sessionVersion: number): string {
  return `${tenantId}:${userId}:${sessionVersion}`;
}
