import { Module, OnModuleDestroy } from '@nestjs/common';
import { IntegrationsModule } from '../integrations/integrations.module';
import { CompletionImportRepository } from './completion-import.repository';
import { CompletionImportService } from './completion-import.service';
import { importStatisticsSettled } from './import-run';
import { EnrolmentsModule } from '../enrolments/enrolments.module';
import { ImportsController } from './imports.controller';
import { OrgImportService } from './org-import.service';
import { OrgChartRepository } from './org-chart.repository';
import { RosterRepository } from './roster.repository';
import { StaffImportService } from './staff-import.service';
import { UdemyImportService } from './udemy-import.service';

@Module({
  imports: [EnrolmentsModule, IntegrationsModule],
  controllers: [ImportsController],
  providers: [
    OrgImportService,
    StaffImportService,
    CompletionImportService,
    UdemyImportService,
    RosterRepository,
    OrgChartRepository,
    CompletionImportRepository,
  ],
  exports: [OrgImportService, StaffImportService],
})
export class ImportsModule implements OnModuleDestroy {
  /** An ANALYZE after the last import may still run: it ends before the database connections close. */
  onModuleDestroy(): Promise<void> {
    return importStatisticsSettled();
  }
}
