import { Module } from '@nestjs/common';
import { AccessService } from './access.service';

/** Who may see whom: imported by every module whose queries return people. */
@Module({ providers: [AccessService], exports: [AccessService] })
export class AccessModule {}
