import { ApiProperty } from '@nestjs/swagger';
import { IsString } from 'class-validator';

/** PUT /admin/users/{loginId}/password: the password an administrator gives (the policy is checked by the service). */
export class SetPasswordDto {
  @ApiProperty({ description: '12文字以上' })
  @IsString()
  password: string;
}
