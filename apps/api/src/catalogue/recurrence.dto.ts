// The recurrence (更新) part of a course body: checked at the door like the rest of the catalogue editor's bodies.
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, ValidateBy, ValidateIf, ValidateNested, ValidationArguments } from 'class-validator';
import type {
  CourseRecurrence,
  CourseRecurrenceInput,
  RecurrenceKind,
  RenewalWindowKind,
} from '@dx/contract';
import { recurrenceProblem } from '@dx/domain';

// The catalogue DTOs' two checks, repeated here: catalogue-admin.dto.ts imports this file, so importing them from it
// would make an import cycle that decorators evaluated at load time do not survive.
function Check(name: string, test: (value: unknown, args: ValidationArguments) => boolean, message: string) {
  return ValidateBy({ name, validator: { validate: test, defaultMessage: () => message } });
}

function IntRange(min: number, max: number, message: string) {
  return Check(
    'intRange',
    (value) => Number.isInteger(value) && (value as number) >= min && (value as number) <= max,
    message,
  );
}

const RECURRENCE_KINDS = [
  'none',
  'every_fiscal_year',
  'every_n_years',
  'valid_for_years',
] as const satisfies readonly RecurrenceKind[];
const WINDOW_KINDS = [
  'months_before_expiry',
  'date_before_expiry',
] as const satisfies readonly RenewalWindowKind[];
const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export class RenewalWindowDto {
  @ApiProperty({ enum: WINDOW_KINDS })
  @IsIn(WINDOW_KINDS, {
    message: '更新期間の決め方は months_before_expiry・date_before_expiry のいずれかです。',
  })
  kind: RenewalWindowKind;

  @ApiPropertyOptional({ description: 'months_before_expiry: 有効期限の何か月前から' })
  @ValidateIf((o: RenewalWindowDto) => o.kind === 'months_before_expiry')
  @IntRange(1, 120, '更新期間の月数は1〜120の整数で入力してください。')
  months?: number;

  @ApiPropertyOptional({ description: 'date_before_expiry: 有効期限の前の何月から' })
  @ValidateIf((o: RenewalWindowDto) => o.kind === 'date_before_expiry')
  @IntRange(1, 12, '更新期間の開始月は1〜12の整数で入力してください。')
  month?: number;

  @ApiPropertyOptional({ description: 'date_before_expiry: 何日から' })
  @ValidateIf((o: RenewalWindowDto) => o.kind === 'date_before_expiry')
  @IntRange(1, 31, '更新期間の開始日は1〜31の整数で入力してください。')
  @Check(
    'dayInMonth',
    (value, args) => {
      const month = (args.object as RenewalWindowDto).month;
      return (
        !Number.isInteger(month) ||
        month! < 1 ||
        month! > 12 ||
        (value as number) <= DAYS_IN_MONTH[month! - 1]
      );
    },
    '更新期間の開始日がその月にない日付です。',
  )
  day?: number;
}

export class RecurrenceDto implements CourseRecurrenceInput {
  @ApiProperty({ enum: RECURRENCE_KINDS, description: '更新: なし・毎年度・N年度ごと・修了からN年有効' })
  @IsIn(RECURRENCE_KINDS, {
    message: '更新の種類は none・every_fiscal_year・every_n_years・valid_for_years のいずれかです。',
  })
  kind: RecurrenceKind;

  @ApiPropertyOptional({ description: 'every_n_years / valid_for_years: 年数' })
  @ValidateIf((o: RecurrenceDto) => o.kind === 'every_n_years' || o.kind === 'valid_for_years')
  @IntRange(1, 10, '更新の年数は1〜10の整数で入力してください。')
  years?: number;

  @ApiPropertyOptional({ type: RenewalWindowDto, description: 'valid_for_years: 更新期間の始まり' })
  @ValidateIf((o: RecurrenceDto) => o.kind === 'valid_for_years')
  @ValidateNested()
  @Type(() => RenewalWindowDto)
  @Check(
    'isObject',
    (value) => typeof value === 'object' && value !== null,
    '更新期間の始まりを指定してください。',
  )
  @Check(
    'windowWithinValidity',
    (value, args) => {
      const o = args.object as RecurrenceDto;
      const w = value as RenewalWindowDto | undefined;
      return (
        w?.kind !== 'months_before_expiry' || !Number.isInteger(o.years) || (w.months ?? 0) <= 12 * o.years!
      );
    },
    '更新期間の月数が有効期間より長くなっています。',
  )
  window?: RenewalWindowDto;
}

/** The stored shape: only the fields of its kind (the DTO has been validated). */
export function toRecurrence(dto: RecurrenceDto): CourseRecurrence {
  switch (dto.kind) {
    case 'none':
    case 'every_fiscal_year':
      return { kind: dto.kind };
    case 'every_n_years':
      return { kind: dto.kind, years: dto.years! };
    case 'valid_for_years': {
      const w = dto.window!;
      const window =
        w.kind === 'months_before_expiry'
          ? { kind: w.kind, months: w.months! }
          : { kind: w.kind, month: w.month!, day: w.day! };
      const recurrence: CourseRecurrence = { kind: dto.kind, years: dto.years!, window };
      // The DTO's checks and the domain's (shared with the web form) say the same; this keeps them from drifting.
      const problem = recurrenceProblem(recurrence);
      if (problem) throw new RangeError(problem);
      return recurrence;
    }
  }
}
