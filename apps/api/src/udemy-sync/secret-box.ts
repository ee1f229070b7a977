import { Injectable, Logger } from '@nestjs/common';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { AppConfig } from '../config/app-config';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const SECRETS_KEY_FILE = 'secrets.key';

/** A 32-byte key from 64 hex digits or base64, or undefined when the text is neither. */
export function parseSecretsKey(text: string): Buffer | undefined {
  const value = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === 32 ? bytes : undefined;
}

/**
 * Encrypts the secrets the app must send to other services (the Udemy Business client secret) with AES-256-GCM.
 * The key comes from SECRETS_KEY; without it one is generated once into DATA_DIR/secrets.key (mode 0600) and read
 * from there on every later start, so an embedded `npm start` keeps working across restarts. Each value is bound to
 * what it belongs to (`context`, e.g. the tenant), so a ciphertext copied to another tenant's row does not decrypt.
 * Stored as `v1:<base64 iv | tag | ciphertext>`.
 */
@Injectable()
export class SecretBox {
  private readonly logger = new Logger('Secrets');
  private key?: Buffer;

  constructor(private readonly config: AppConfig) {}

  seal(plain: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keyBytes(), iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${VERSION}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  /** The plain text, or undefined when the value was sealed with another key or for another context. */
  open(sealed: string, context: string): string | undefined {
    const [version, payload] = sealed.split(':');
    if (version !== VERSION || !payload) return undefined;
    const bytes = Buffer.from(payload, 'base64');
    if (bytes.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.keyBytes(), bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      return undefined;
    }
  }

  private keyBytes(): Buffer {
    if (this.key) return this.key;
    if (this.config.SECRETS_KEY) {
      const key = parseSecretsKey(this.config.SECRETS_KEY);
      if (!key) throw new Error('SECRETS_KEY is not 32 bytes (64 hex digits or base64)');
      return (this.key = key);
    }
    const file = resolve(this.config.DATA_DIR, SECRETS_KEY_FILE);
    if (!existsSync(file)) {
      mkdirSync(dirname(file), { recursive: true });
      // `wx`: two instances starting together cannot both write a key; the loser reads the winner's.
      try {
        writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
        this.logger.warn(
          `SECRETS_KEY is not set: generated a key for stored secrets in ${file} (keep it with the database, or set SECRETS_KEY)`,
        );
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      }
    }
    chmodSync(file, 0o600);
    const key = parseSecretsKey(readFileSync(file, 'utf8'));
    if (!key) throw new Error(`${file} does not hold a 32-byte key (64 hex digits or base64)`);
    return (this.key = key);
  }
}
