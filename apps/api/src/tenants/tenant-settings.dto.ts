import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

/** PUT /tenant/settings: the display name and the 修了証's issuer line. */
export class UpdateTenantSettingsDto {
  @ApiProperty({ example: '三重県', description: '団体の表示名' })
  @IsString()
  @IsNotEmpty({ message: '団体の表示名を入力してください。' })
  @MaxLength(100, { message: '団体の表示名は100文字以内で入力してください。' })
  name: string;

  @ApiPropertyOptional({
    example: '三重県知事 一見 勝之',
    nullable: true,
    description: '修了証の発行者欄（空なら表示名）',
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(100, { message: '修了証の発行者は100文字以内で入力してください。' })
  issuerLine: string | null;
}
