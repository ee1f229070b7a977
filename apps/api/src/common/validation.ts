import { ValidationError, ValidationPipe } from '@nestjs/common';
import type { FieldError } from '@dx/contract';
import { Problem } from './problem';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = prefix ? `${prefix}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({
      field,
      message: japanese(field, message),
    }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** class-validator's built-in messages are English; the common ones are given in the user's language. */
function japanese(field: string, message: string): string {
  if (/should not exist/.test(message)) return `項目「${field}」は受け付けられません。`;
  if (/should not be empty|must be a string/.test(message)) return `項目「${field}」を入力してください。`;
  return message;
}

/** Whitelisting input everywhere; well-formed but wrong input is a 422 with one error per field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => Problem.validation(flatten(errors)),
  });
}
