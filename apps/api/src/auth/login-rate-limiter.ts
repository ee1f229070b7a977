import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppConfig } from '../config/app-config';
import { Problem } from '../common/problem';

const WINDOW_MS = 60_000;
/** Addresses remembered at once (a few MB at most). */
const MAX_TRACKED = 10_000;

/** At most `limit()` requests a minute from one address to the routes a subclass guards (429 with Retry-After). */
abstract class PerAddressRateLimiter implements CanActivate {
  private readonly windows = new Map<string, { startedAt: number; count: number }>();

  protected abstract limit(): number;

  /**
   * Room for a new address: finished windows go first, then the oldest (a Map keeps insertion order). Never the
   * whole map at once, or a client cycling through addresses would reset every other address's window too.
   */
  private evict(now: number): void {
    for (const [ip, window] of this.windows) {
      if (now - window.startedAt >= WINDOW_MS) this.windows.delete(ip);
    }
    for (const ip of this.windows.keys()) {
      if (this.windows.size < MAX_TRACKED) break;
      this.windows.delete(ip);
    }
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    const now = Date.now();
    const window = this.windows.get(request.ip);
    if (!window || now - window.startedAt >= WINDOW_MS) {
      this.windows.delete(request.ip);
      if (this.windows.size >= MAX_TRACKED) this.evict(now);
      this.windows.set(request.ip, { startedAt: now, count: 1 });
      return true;
    }
    window.count += 1;
    if (window.count <= this.limit()) return true;
    const retryAfter = Math.ceil((window.startedAt + WINDOW_MS - now) / 1000);
    void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfter));
    throw new Problem(
      429,
      'too-many-requests',
      'リクエストが多すぎます',
      `${retryAfter}秒後に再度お試しください。`,
    );
  }
}

/** Slows down password guessing from one address across many login ids (the lockout covers one id). */
@Injectable()
export class LoginRateLimiter extends PerAddressRateLimiter {
  constructor(private readonly config: AppConfig) {
    super();
  }

  protected limit(): number {
    return this.config.LOGIN_ATTEMPTS_PER_MINUTE;
  }
}

/** The public certificate check: a person checks a few serials, a script guessing them is stopped. */
@Injectable()
export class VerificationRateLimiter extends PerAddressRateLimiter {
  constructor(private readonly config: AppConfig) {
    super();
  }

  protected limit(): number {
    return this.config.VERIFICATIONS_PER_MINUTE;
  }
}
