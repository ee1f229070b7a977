import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsNotEmpty, IsString, Matches, MaxLength } from 'class-validator';

/** POST /platform/tenants: a new tenant and its first system administrator. */
export class CreateTenantDto {
  @ApiProperty({
    example: 'town',
    description: '団体コード（英小文字で始まる2〜30文字の英小文字・数字・ハイフン）',
  })
  @IsString()
  @MaxLength(50)
  code: string;

  @ApiProperty({ example: '三重町', description: '団体の表示名' })
  @IsString()
  @IsNotEmpty({ message: '団体名を入力してください。' })
  @MaxLength(100, { message: '団体名は100文字以内で入力してください。' })
  name: string;

  @ApiProperty({ example: 'town-admin', description: '最初のシステム管理者のログインID' })
  @IsString()
  @Matches(/^[\x21-\x7e]{1,50}$/, {
    message: '管理者のログインIDは半角英数字・記号の50文字以内で入力してください。',
  })
  adminLoginId: string;

  @ApiProperty({ description: '最初のシステム管理者のパスワード（12文字以上、初回ログイン時に変更）' })
  @IsString()
  @MaxLength(200)
  adminPassword: string;
}

/** PATCH /platform/tenants/{code}: switch a tenant off (its logins and sessions are refused) or on again. */
export class UpdateTenantStateDto {
  @ApiProperty({ example: true })
  @IsBoolean({ message: 'disabled は true または false で指定してください。' })
  disabled: boolean;
}
