import { Module } from '@nestjs/common';
import { AccessRepository } from './access.repository';
import { AccessService } from './access.service';

/** Who may see whom: imported by every module whose queries return people. */
@Module({ providers: [AccessService, AccessRepository], exports: [AccessService] })
export class AccessModule {}
