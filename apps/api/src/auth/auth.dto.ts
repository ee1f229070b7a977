import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, MaxLength } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: '500001', description: 'ログインID（職員は職員番号）' })
  @IsString()
  @MaxLength(200)
  loginId: string;

  @ApiProperty()
  @IsString()
  @MaxLength(200)
  password: string;

  @ApiPropertyOptional({ description: '共同利用時の団体コード（省略時は既定の団体）' })
  @IsOptional()
  @IsString()
  tenantCode?: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  currentPassword: string;

  @ApiProperty({ description: '12文字以上' })
  @IsString()
  password: string;
}

/** GET /auth/tenant: the login page's tenant, by its code or (without one) by the host name. */
export class LoginTenantQuery {
  @ApiPropertyOptional({ example: 'town', description: '団体コード（省略時はホスト名から）' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  code?: string;
}
