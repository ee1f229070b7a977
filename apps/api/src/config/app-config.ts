import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  Validate,
  ValidatorConstraint,
  ValidatorConstraintInterface,
  validateSync,
} from 'class-validator';
import { randomBytes } from 'node:crypto';

const toBoolean = ({ value }: { value: unknown }) =>
  value === undefined ? undefined : String(value).toLowerCase() === 'true';

/**
 * Secrets that have appeared in this project's own files (docker-compose.yml once fell back to the first): a
 * deployment using one signs its sessions with a key anyone can read, so anyone could forge one.
 */
export const PUBLISHED_EXAMPLE_SECRETS = [
  'please-set-a-long-random-secret-of-32-chars',
  'change-me-please',
  'changeme',
  'secret',
];

@ValidatorConstraint({ name: 'unguessableSecret' })
class UnguessableSecret implements ValidatorConstraintInterface {
  validate(value: unknown): boolean {
    if (typeof value !== 'string') return false;
    const lower = value.toLowerCase();
    return !PUBLISHED_EXAMPLE_SECRETS.some((example) => lower.includes(example)) && new Set(value).size >= 10;
  }

  defaultMessage(): string {
    return 'JWT_SECRET is a published example or too regular: use a random secret, e.g. the output of openssl rand -hex 32';
  }
}

/** Every environment variable the API reads, validated once at boot so a typo fails fast and readably. */
export class AppConfig {
  @IsInt()
  @Min(1)
  @Max(65535)
  @Transform(({ value }) => (value === undefined ? 3000 : Number(value)))
  PORT = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL?: string;

  @IsString()
  DATA_DIR = '.data';

  @IsInt()
  @Min(1)
  @Max(65535)
  @Transform(({ value }) => (value === undefined ? 5433 : Number(value)))
  EMBEDDED_PG_PORT = 5433;

  @IsOptional()
  @IsString()
  ADMIN_LOGIN_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must have at least 12 characters' })
  ADMIN_PASSWORD?: string;

  /** The platform operator (shared use): created at start when set, in the platform tenant of its own. */
  @IsOptional()
  @IsString()
  PLATFORM_ADMIN_LOGIN_ID?: string;

  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'PLATFORM_ADMIN_PASSWORD must have at least 12 characters' })
  PLATFORM_ADMIN_PASSWORD?: string;

  /**
   * Host names that belong to one tenant, e.g. `mie.example.lg.jp=mie,town.example.lg.jp=town`: a login on such a
   * host without a tenant code signs in to that tenant, and a session of another tenant is refused there.
   */
  @Matches(/^$|^[A-Za-z0-9.-]+=[A-Za-z0-9_-]+(\s*,\s*[A-Za-z0-9.-]+=[A-Za-z0-9_-]+)*$/, {
    message: 'TENANT_HOSTS must be a comma-separated list of host=tenantCode, e.g. mie.example.lg.jp=mie',
  })
  TENANT_HOSTS = '';

  @IsBoolean()
  @Transform(toBoolean)
  SEED_DEMO = true;

  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must have at least 32 characters' })
  @Validate(UnguessableSecret)
  JWT_SECRET: string = randomBytes(32).toString('hex');

  /**
   * The key that encrypts stored integration secrets (the Udemy Business client secret): 32 bytes as 64 hex digits
   * or base64. Without it a key is generated once into DATA_DIR/secrets.key (mode 0600).
   */
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, {
    message:
      'SECRETS_KEY must be 32 bytes as 64 hex digits or base64 (e.g. the output of openssl rand -base64 32)',
  })
  SECRETS_KEY?: string;

  @IsInt()
  @Min(60)
  @Transform(({ value }) => (value === undefined ? 8 * 3600 : Number(value)))
  ACCESS_TOKEN_TTL_SECONDS = 8 * 3600;

  /** A session without a request for this long ends, whatever its token's lifetime (総務省 guideline: 30 minutes). */
  @IsInt()
  @Min(1)
  @Transform(({ value }) => (value === undefined ? 30 : Number(value)))
  SESSION_IDLE_MINUTES = 30;

  /** Login attempts one address may make per minute before 429 (on top of the per-account lockout). */
  @IsInt()
  @Min(1)
  @Transform(({ value }) => (value === undefined ? 100 : Number(value)))
  LOGIN_ATTEMPTS_PER_MINUTE = 100;

  /** Public certificate checks (GET /certificates/{serial}) one address may make per minute before 429. */
  @IsInt()
  @Min(1)
  @Transform(({ value }) => (value === undefined ? 30 : Number(value)))
  VERIFICATIONS_PER_MINUTE = 30;

  /**
   * Whether this instance takes its turn sending the scheduled jobs (report figures, fiscal-year start) when they
   * fall due. The instances share the turn through the database, so each job runs once whichever is on; every
   * instance works the queues either way.
   */
  @IsBoolean()
  @Transform(toBoolean)
  SCHEDULE_JOBS = true;

  /** How often such an instance looks for schedules that have fallen due (pg-boss's cron pass, 1–45 seconds). */
  @IsInt()
  @Min(1)
  @Max(45)
  @Transform(({ value }) => (value === undefined ? 30 : Number(value)))
  SCHEDULE_CHECK_SECONDS = 30;

  @IsString()
  DEFAULT_TENANT_CODE = 'default';

  @IsString()
  DEFAULT_TENANT_NAME = '三重県（デモ）';

  @IsBoolean()
  @Transform(toBoolean)
  COOKIE_SECURE = false;

  /**
   * Which reverse proxies to believe about the client's address and protocol (X-Forwarded-For / -Proto): `false`
   * (none, the default), `true` (any), a hop count, or a comma-separated list of addresses / CIDR ranges. Behind the
   * prefecture's proxy this gives each user their own login rate limit and Secure cookies over HTTPS.
   */
  @Matches(/^(true|false|\d+|[0-9a-fA-F.:/]+(\s*,\s*[0-9a-fA-F.:/]+)*)$/, {
    message: 'TRUST_PROXY must be true, false, a hop count or a comma-separated list of addresses',
  })
  TRUST_PROXY = 'false';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  WEB_ROOT = 'dist/apps/web/browser';

  /** Reminder e-mail. Without SMTP_HOST the messages are written to the log instead of sent. */
  @IsOptional()
  @IsString()
  SMTP_HOST?: string;

  @IsInt()
  @Transform(({ value }) => (value === undefined ? 25 : Number(value)))
  SMTP_PORT = 25;

  @IsBoolean()
  @Transform(toBoolean)
  SMTP_SECURE = false;

  /** Verify the relay's TLS certificate (STARTTLS or SMTP_SECURE); `false` only for a relay whose CA cannot be trusted. */
  @IsBoolean()
  @Transform(toBoolean)
  SMTP_TLS_REJECT_UNAUTHORIZED = true;

  @IsOptional()
  @IsString()
  SMTP_USER?: string;

  @IsOptional()
  @IsString()
  SMTP_PASSWORD?: string;

  @IsString()
  SMTP_FROM = 'dx-learning@pref.example.lg.jp';

  /**
   * Port of the second listener that serves e-learning package files (a separate origin from the app). Default
   * PORT + 1; 0 takes any free port (tests).
   */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(65535)
  @Transform(({ value }) => (value === undefined ? undefined : Number(value)))
  CONTENT_PORT?: number;

  /** The content listener's public origin (e.g. https://content.pref.example.lg.jp) when a proxy puts it on a host of its own. */
  @IsOptional()
  @Matches(/^https?:\/\/[^/]+$/, {
    message: 'CONTENT_ORIGIN must be an origin such as https://content.example.jp',
  })
  CONTENT_ORIGIN?: string;

  /** Lifetime of a package launch token (the signed address a learner's player gets). */
  @IsInt()
  @Min(60)
  @Transform(({ value }) => (value === undefined ? 2 * 3600 : Number(value)))
  CONTENT_TOKEN_TTL_SECONDS = 2 * 3600;

  /** Tries of one Slack delivery before it is recorded as failed (a 429 waits its Retry-After and counts as one). */
  @IsInt()
  @Min(1)
  @Transform(({ value }) => (value === undefined ? 4 : Number(value)))
  SLACK_MAX_ATTEMPTS = 4;

  /**
   * The hosts a Slack webhook URL may point to (comma-separated). Only Slack's by default, so that an HR account cannot
   * make the server post into its own network; GovSlack, a proxy, or the tests' fake Slack on 127.0.0.1 are added
   * here. Plain http:// is accepted only for a loopback host listed here (see checkWebhookUrl in @dx/domain).
   */
  @Matches(/^\s*[A-Za-z0-9.:[\]-]+(\s*,\s*[A-Za-z0-9.:[\]-]+)*\s*$/, {
    message: 'SLACK_WEBHOOK_HOSTS must be a comma-separated list of host names, e.g. hooks.slack.com',
  })
  SLACK_WEBHOOK_HOSTS = 'hooks.slack.com';

  /** The first wait after a failed Slack delivery, doubling each time (a 429 waits its Retry-After instead). */
  @IsInt()
  @Min(0)
  @Transform(({ value }) => (value === undefined ? 30 : Number(value)))
  SLACK_RETRY_SECONDS = 30;

  /** The address of the web app in e-mails (links back to マイ研修). */
  @IsString()
  PUBLIC_URL = 'http://localhost:3000';
}

/** TENANT_HOSTS as host name (lower case) → tenant code. */
export function tenantHosts(value: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of value.split(',')) {
    const [host, code] = pair.trim().split('=');
    if (host && code) map.set(host.toLowerCase(), code);
  }
  return map;
}

/** Fastify's `trustProxy` option from TRUST_PROXY. */
export function trustProxyOption(value: string): boolean | number | string {
  if (value === 'true' || value === 'false') return value === 'true';
  return /^\d+$/.test(value) ? Number(value) : value;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = new Set(
    Object.keys(new AppConfig()).concat(
      'DATABASE_URL',
      'ADMIN_LOGIN_ID',
      'ADMIN_PASSWORD',
      'PLATFORM_ADMIN_LOGIN_ID',
      'PLATFORM_ADMIN_PASSWORD',
      'SMTP_HOST',
      'SMTP_USER',
      'SMTP_PASSWORD',
      'SECRETS_KEY',
      'CONTENT_PORT',
      'CONTENT_ORIGIN',
    ),
  );
  const defined = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => known.has(k) && v !== undefined && v !== ''),
  );
  const config = plainToInstance(AppConfig, defined, { exposeDefaultValues: true });
  const errors = validateSync(config, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.flatMap((e) => Object.values(e.constraints ?? {}));
    throw new Error(`Invalid configuration:\n  ${lines.join('\n  ')}`);
  }
  return config;
}
