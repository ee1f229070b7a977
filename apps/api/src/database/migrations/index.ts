import { InitialSchema1795000000000 } from './1795000000000-InitialSchema';
import { AppendOnlyAuditLog1795000000001 } from './1795000000001-AppendOnlyAuditLog';
import { CatalogueAndEnrolments1795000000002 } from './1795000000002-CatalogueAndEnrolments';
import { RemindersAndKpiTargets1795000000003 } from './1795000000003-RemindersAndKpiTargets';
import { ReportCache1795000000004 } from './1795000000004-ReportCache';
import { ReadIndexes1795000000005 } from './1795000000005-ReadIndexes';
import { StaleFromChangedDay1795000000006 } from './1795000000006-StaleFromChangedDay';
import { CourseDraftFlag1795000000007 } from './1795000000007-CourseDraftFlag';
import { LongCertificateSerials1795000000008 } from './1795000000008-LongCertificateSerials';
import { UserSessions1795000000009 } from './1795000000009-UserSessions';
import { ReminderStaffIndex1795000000020 } from './1795000000020-ReminderStaffIndex';
import { AuditSubjects1795000000050 } from './1795000000050-AuditSubjects';
import { OutsideUnmatched1795000000060 } from './1795000000060-OutsideUnmatched';
import { UdemyBusinessConnection1795000000065 } from './1795000000065-UdemyBusinessConnection';
import { XapiLrs1795000000070 } from './1795000000070-XapiLrs';
import { XapiDocuments1795000000075 } from './1795000000075-XapiDocuments';
import { ContentPackages1795000000080 } from './1795000000080-ContentPackages';
import { Cmi51795000000100 } from './1795000000100-Cmi5';
import { Cmi5SessionModes1795000000240 } from './1795000000240-Cmi5SessionModes';
import { CitusReportMarksOncePerTransaction1795000000250 } from './1795000000250-CitusReportMarksOncePerTransaction';
import { RowLevelSecurity1795000000090 } from './1795000000090-RowLevelSecurity';
import { SingleSignOn1795000000130 } from './1795000000130-SingleSignOn';
import { SamlSignOn1795000000131 } from './1795000000131-SamlSignOn';
import { PlatformTenants1795000000120 } from './1795000000120-PlatformTenants';
import { TenantLogo1795000000121 } from './1795000000121-TenantLogo';
import { XapiStoredOrder1795000000110 } from './1795000000110-XapiStoredOrder';
import { SlackNotifications1795000000150 } from './1795000000150-SlackNotifications';
import { DistributeByTenant1795000000160 } from './1795000000160-DistributeByTenant';
import { Recertification1795000000170 } from './1795000000170-Recertification';
import { SpecialistCredentials1795000000180 } from './1795000000180-SpecialistCredentials';
import { CourseSkills1795000000190 } from './1795000000190-CourseSkills';
import { SkillMapIndex1795000000191 } from './1795000000191-SkillMapIndex';
import { PromoterRequests1795000000200 } from './1795000000200-PromoterRequests';
import { TenantPolicyOncePerStatement1795000000210 } from './1795000000210-TenantPolicyOncePerStatement';
import { XapiAgentByRelatedAgents1795000000220 } from './1795000000220-XapiAgentByRelatedAgents';
import { SessionIdToken1795000000230 } from './1795000000230-SessionIdToken';

/** In order. Listed explicitly so the compiled app and the tests load the same set without globs. */
export const MIGRATIONS = [
  InitialSchema1795000000000,
  AppendOnlyAuditLog1795000000001,
  CatalogueAndEnrolments1795000000002,
  RemindersAndKpiTargets1795000000003,
  ReportCache1795000000004,
  ReadIndexes1795000000005,
  StaleFromChangedDay1795000000006,
  CourseDraftFlag1795000000007,
  LongCertificateSerials1795000000008,
  UserSessions1795000000009,
  ReminderStaffIndex1795000000020,
  AuditSubjects1795000000050,
  OutsideUnmatched1795000000060,
  UdemyBusinessConnection1795000000065,
  XapiLrs1795000000070,
  XapiDocuments1795000000075,
  ContentPackages1795000000080,
  RowLevelSecurity1795000000090,
  Cmi51795000000100,
  XapiStoredOrder1795000000110,
  PlatformTenants1795000000120,
  TenantLogo1795000000121,
  SingleSignOn1795000000130,
  SamlSignOn1795000000131,
  SlackNotifications1795000000150,
  DistributeByTenant1795000000160,
  Recertification1795000000170,
  SpecialistCredentials1795000000180,
  CourseSkills1795000000190,
  SkillMapIndex1795000000191,
  PromoterRequests1795000000200,
  TenantPolicyOncePerStatement1795000000210,
  XapiAgentByRelatedAgents1795000000220,
  SessionIdToken1795000000230,
  Cmi5SessionModes1795000000240,
  CitusReportMarksOncePerTransaction1795000000250,
];
