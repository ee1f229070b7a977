import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateBy } from 'class-validator';
import { isIsoDate } from '@dx/domain';

export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
export const ISO_DATE_MESSAGE = '日付は YYYY-MM-DD 形式で指定してください。';

/** A real calendar day (2026-02-30 is well-formed but does not exist). */
export const IsCalendarDate = () =>
  ValidateBy({
    name: 'isCalendarDate',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && (!ISO_DATE.test(value) || isIsoDate(value)),
      defaultMessage: () => '存在しない日付です。',
    },
  });

export class DateQuery {
  @ApiPropertyOptional({ description: '基準日 (YYYY-MM-DD、省略時は今日)' })
  @IsOptional()
  @Matches(ISO_DATE, { message: ISO_DATE_MESSAGE })
  @IsCalendarDate()
  date?: string;
}

export class StaffSearchQuery extends DateQuery {
  @ApiPropertyOptional({ description: '職員番号（前方一致）、氏名・カナ（部分一致）' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  q?: string;

  @ApiPropertyOptional({ description: 'この所属とその下位の職員に絞る' })
  @IsOptional()
  @IsString()
  @MaxLength(20)
  orgUnitCode?: string;

  @ApiPropertyOptional({ default: 1 })
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt({ message: 'page は整数で指定してください。' })
  @Min(1)
  page = 1;

  @ApiPropertyOptional({ default: 50 })
  @IsOptional()
  @Transform(({ value }) => Number(value))
  @IsInt({ message: 'pageSize は整数で指定してください。' })
  @Min(1)
  @Max(500)
  pageSize = 50;
}
