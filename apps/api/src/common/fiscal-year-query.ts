import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { fiscalYearOf, todayInTokyo } from '@dx/domain';

export class FiscalYearQuery {
  @ApiPropertyOptional({ description: '年度（西暦、4月始まり。省略時は今年度）', example: 2026 })
  @IsOptional()
  @Transform(({ value }) => (value === undefined || value === '' ? undefined : Number(value)))
  @IsInt({ message: 'fiscalYear は西暦の年（例: 2026）で指定してください。' })
  @Min(2000, { message: 'fiscalYear は2000以降にしてください。' })
  @Max(2100, { message: 'fiscalYear は2100以前にしてください。' })
  fiscalYear?: number;
}

export function fiscalYearFrom(query: FiscalYearQuery): number {
  return query.fiscalYear ?? fiscalYearOf(todayInTokyo());
}
