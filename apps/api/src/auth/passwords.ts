import * as argon2 from 'argon2';
import type { FieldError } from '@dx/contract';

export const MIN_PASSWORD_LENGTH = 12;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * Verifying against this when the login id is unknown makes an unknown id cost as much time as a wrong
 * password, so response times do not reveal which ids exist.
 */
export const DECOY_HASH_PROMISE = hashPassword('decoy-password-never-matches');

export function passwordPolicyErrors(password: string, field = 'password'): FieldError[] {
  const errors: FieldError[] = [];
  if ([...password].length < MIN_PASSWORD_LENGTH) {
    errors.push({ field, message: `パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください。` });
  }
  if ([...password].length > 200) errors.push({ field, message: 'パスワードは200文字以内にしてください。' });
  return errors;
}
