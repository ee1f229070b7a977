import { Module } from '@nestjs/common';
import { ImportsController } from './imports.controller';
import { OrgImportService } from './org-import.service';
import { StaffImportService } from './staff-import.service';

@Module({
  controllers: [ImportsController],
  providers: [OrgImportService, StaffImportService],
  exports: [OrgImportService, StaffImportService],
})
export class ImportsModule {}
