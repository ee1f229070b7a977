import type { CreateTenantRequest, FieldError } from '@dx/contract';
import { MIN_PASSWORD_LENGTH, tenantCodeProblem } from '@dx/domain';

/** What the new-tenant form can tell before the server does (the server checks all of it again, and more). */
export function tenantFormErrors(value: CreateTenantRequest & { confirmation: string }): FieldError[] {
  const errors: FieldError[] = [];
  const code = value.code.trim();
  if (!code) errors.push({ field: 'code', message: '団体コードを入力してください。' });
  else {
    const problem = tenantCodeProblem(code);
    if (problem) errors.push({ field: 'code', message: problem });
  }
  if (!value.name.trim()) errors.push({ field: 'name', message: '団体名を入力してください。' });
  if (!value.adminLoginId.trim())
    errors.push({ field: 'adminLoginId', message: '管理者のログインIDを入力してください。' });
  else if (!/^[\x21-\x7e]{1,50}$/.test(value.adminLoginId.trim()))
    errors.push({
      field: 'adminLoginId',
      message: '管理者のログインIDは半角英数字・記号の50文字以内で入力してください。',
    });
  if (!value.adminPassword)
    errors.push({ field: 'adminPassword', message: '管理者の初期パスワードを入力してください。' });
  // Counted in characters as the server counts them.
  else if ([...value.adminPassword].length < MIN_PASSWORD_LENGTH)
    errors.push({
      field: 'adminPassword',
      message: `初期パスワードは${MIN_PASSWORD_LENGTH}文字以上にしてください。`,
    });
  if (value.adminPassword !== value.confirmation)
    errors.push({ field: 'confirmation', message: '初期パスワードと確認用のパスワードが一致しません。' });
  return errors;
}

/** Field errors grouped by field, for the messages beside each control. */
export function errorsByField(errors: readonly FieldError[]): Map<string, string[]> {
  const byField = new Map<string, string[]>();
  for (const error of errors) {
    const field = error.field ?? '';
    byField.set(field, [...(byField.get(field) ?? []), error.message]);
  }
  return byField;
}
