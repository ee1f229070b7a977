import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { FieldError } from '@dx/contract';
import { Problem } from './problem';

/** Deeper than any request body of this API; a deeper one would only exhaust the validators' recursion. */
export const MAX_BODY_DEPTH = 32;
/**
 * The path parameters that are PostgreSQL `integer` ids: anything longer than nine digits (or not digits at all)
 * names nothing. Named one by one: a text key such as `loginId` or `employeeNo` must pass untouched.
 */
export const NUMERIC_ID_PARAMS: ReadonlySet<string> = new Set(['id', 'moduleId', 'questionId', 'attemptId']);
const ID_VALUE = /^[1-9]\d{0,8}$/;
/** In a `u` regex a valid pair is one code point, so only a surrogate without its partner matches. */
const LONE_SURROGATE = /\p{Surrogate}/u;

type Part = 'body' | 'query' | 'params';

/**
 * Checks every request before it reaches a guard, a pipe or the database, in one place for every route (the login
 * strategy reads the body before any validation pipe runs):
 * - a body nested deeper than MAX_BODY_DEPTH is refused before anything walks it recursively;
 * - no text anywhere (body, query, path) may hold NUL (PostgreSQL cannot store it) or a lone UTF-16 surrogate (it
 *   cannot be encoded as UTF-8): 422 naming the field;
 * - a numeric id in the path that is out of the integer range names nothing: 404.
 */
export function useRequestGuard(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request: FastifyRequest) => {
    const errors: FieldError[] = [];
    for (const part of ['params', 'query', 'body'] as const) {
      const value = request[part];
      // A raw body (an xAPI document or attachment) is bytes, not text fields.
      if (value === undefined || value === null || Buffer.isBuffer(value)) continue;
      // Nearly every request is clean: one pass that names no fields first (a third of the cost of the passes
      // below, which then only run to report what it found).
      if (isClean(value, part === 'body' ? MAX_BODY_DEPTH : Number.POSITIVE_INFINITY)) continue;
      if (part === 'body' && depthExceeds(value, MAX_BODY_DEPTH)) {
        throw Problem.validation(
          [{ field: 'body', message: `リクエスト本文の入れ子が深すぎます（${MAX_BODY_DEPTH}段まで）。` }],
          'リクエスト本文の構造が深すぎるため処理できません。',
        );
      }
      collectTextErrors(value, part, errors);
    }
    if (errors.length > 0) throw Problem.validation(errors);
    const params = (request.params ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries(params)) {
      if (NUMERIC_ID_PARAMS.has(name) && typeof value === 'string' && !ID_VALUE.test(value)) {
        throw Problem.notFound('指定されたものは見つかりません。');
      }
    }
  });
}

/**
 * Whether no object nests deeper than `limit` and no text, key or value, has a problem (textProblem), in one
 * iterative pass without building field names.
 */
function isClean(root: unknown, limit: number): boolean {
  const values: unknown[] = [root];
  const depths: number[] = [1];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop()!;
    if (typeof value === 'string') {
      if (textProblem(value) !== null) return false;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth > limit) return false;
    if (Array.isArray(value)) {
      for (const child of value) {
        values.push(child);
        depths.push(depth + 1);
      }
      continue;
    }
    for (const key of Object.keys(value)) {
      if (textProblem(key) !== null) return false;
      values.push((value as Record<string, unknown>)[key]);
      depths.push(depth + 1);
    }
  }
  return true;
}

/** Iterative, so that the check itself cannot overflow the stack on a hostile body. */
export function depthExceeds(root: unknown, limit: number): boolean {
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (value === null || typeof value !== 'object') continue;
    if (depth > limit) return true;
    for (const child of Object.values(value)) stack.push([child, depth + 1]);
  }
  return false;
}

/** The same text check for values that never pass the hook (multipart fields): one error per field at fault. */
export function textFieldErrors(fields: Record<string, string>): FieldError[] {
  const errors: FieldError[] = [];
  collectTextErrors(fields, 'body', errors);
  return errors;
}

function collectTextErrors(root: unknown, part: Part, errors: FieldError[]): void {
  const stack: [unknown, string][] = [[root, '']];
  while (stack.length > 0 && errors.length < 20) {
    const [value, path] = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) errors.push({ field: path || part, message: `項目「${path || part}」${problem}` });
    } else if (value !== null && typeof value === 'object') {
      for (const [key, child] of Object.entries(value)) {
        const keyProblem = textProblem(key);
        const name = keyProblem ? '(項目名)' : key;
        if (keyProblem) errors.push({ field: path || part, message: `項目名${keyProblem}` });
        stack.push([child, path ? `${path}.${name}` : name]);
      }
    }
  }
}

/** Why a text cannot be accepted, or null. */
export function textProblem(text: string): string | null {
  if (text.includes('\u0000')) return 'に使用できない文字（NUL）が含まれています。';
  if (LONE_SURROGATE.test(text)) return 'に不正な文字（対になっていないサロゲート）が含まれています。';
  return null;
}
