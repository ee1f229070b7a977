import * as argon2 from 'argon2';
import type { FieldError } from '@dx/contract';
import { type PasswordOwner, passwordProblems } from '@dx/domain';

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

let commonPasswords: Set<string> | null = null;

/** zxcvbn-ts's list of ~49,000 commonly used passwords, loaded on the first check (a few MB, once). */
function isCommonPassword(folded: string): boolean {
  if (!commonPasswords) {
    const { dictionary } = require('@zxcvbn-ts/language-common') as { dictionary: Record<string, string[]> };
    commonPasswords = new Set(dictionary['passwords-common'].map((p) => p.toLowerCase()));
  }
  return commonPasswords.has(folded);
}

/** The policy of @dx/domain with the common-password list, as field errors. */
export function passwordPolicyErrors(
  password: string,
  owner: PasswordOwner = {},
  field = 'password',
): FieldError[] {
  return passwordProblems(password, owner, isCommonPassword).map((message) => ({ field, message }));
}
