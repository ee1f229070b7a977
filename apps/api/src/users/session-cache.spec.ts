import { CachedUser, SessionCache } from './session-cache';

const DAY = '2026-11-24';

function user(userId: number, tenantId = 1): CachedUser {
  return {
    userId,
    tenantId,
    loginId: `70000${userId}`,
    displayName: '山田 太郎',
    roles: ['learner'],
    staffId: userId + 100,
    employeeNo: `70000${userId}`,
    mustChangePassword: false,
    managedUnit: null,
  };
}

describe('SessionCache', () => {
  it('answers for the same tenant, user and session version only, until the TTL has passed', () => {
    const cache = new SessionCache();
    cache.remember(3, DAY, user(1), cache.epoch, 1000);
    expect(cache.find(1, 1, 3, DAY, 1000)).toEqual(user(1));
    expect(cache.find(1, 1, 4, DAY, 1000)).toBeUndefined();
    expect(cache.find(2, 1, 3, DAY, 1000)).toBeUndefined();
    expect(cache.find(1, 2, 3, DAY, 1000)).toBeUndefined();
    expect(cache.find(1, 1, 3, DAY, 1000 + SessionCache.TTL_MS - 1)).toEqual(user(1));
    expect(cache.find(1, 1, 3, DAY, 1000 + SessionCache.TTL_MS)).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('keeps the TTL to a few seconds: it bounds how long another instance may accept a revoked token', () => {
    expect(SessionCache.TTL_MS).toBeLessThanOrEqual(5000);
  });

  it('resolves again on the next Tokyo day (leaving and manager rights are by date)', () => {
    const cache = new SessionCache();
    cache.remember(0, DAY, user(1), cache.epoch, 1000);
    expect(cache.find(1, 1, 0, '2026-11-25', 1000)).toBeUndefined();
  });

  it('evicts every session of one user, and only theirs', () => {
    const cache = new SessionCache();
    cache.remember(0, DAY, user(1), cache.epoch, 1000);
    cache.remember(1, DAY, user(1), cache.epoch, 1000);
    cache.remember(0, DAY, user(2), cache.epoch, 1000);
    cache.evictUser(1);
    expect(cache.find(1, 1, 0, DAY, 1000)).toBeUndefined();
    expect(cache.find(1, 1, 1, DAY, 1000)).toBeUndefined();
    expect(cache.find(1, 2, 0, DAY, 1000)).toEqual(user(2));
    cache.clear();
    expect(cache.find(1, 2, 0, DAY, 1000)).toBeUndefined();
  });

  it('does not store what a lookup read before an eviction (it may predate the revoking commit)', () => {
    const cache = new SessionCache();
    const epoch = cache.epoch; // a lookup starts …
    cache.evictUser(1); // … the password is reset meanwhile …
    cache.remember(0, DAY, user(1), epoch, 1000); // … and the lookup ends with the old row
    expect(cache.find(1, 1, 0, DAY, 1000)).toBeUndefined();
    cache.remember(0, DAY, user(1), cache.epoch, 1000);
    expect(cache.find(1, 1, 0, DAY, 1000)).toEqual(user(1));
  });

  it('holds at most MAX_ENTRIES, dropping the oldest first', () => {
    const cache = new SessionCache();
    for (let id = 1; id <= SessionCache.MAX_ENTRIES + 1; id++)
      cache.remember(0, DAY, user(id), cache.epoch, 1000);
    expect(cache.size).toBe(SessionCache.MAX_ENTRIES);
    expect(cache.find(1, 1, 0, DAY, 1000)).toBeUndefined();
    expect(cache.find(1, 2, 0, DAY, 1000)).toBeDefined();
  });
});
