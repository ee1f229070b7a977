import { Module } from '@nestjs/common';
import { CompletionImportService } from './completion-import.service';
import { ImportsController } from './imports.controller';
import { OrgImportService } from './org-import.service';
import { StaffImportService } from './staff-import.service';

@Module({
  controllers: [ImportsController],
  providers: [OrgImportService, StaffImportService, CompletionImportService],
  exports: [OrgImportService, StaffImportService],
})
export class ImportsModule {}
