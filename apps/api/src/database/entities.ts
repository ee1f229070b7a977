import { AuditLog } from '../audit/audit-log.entity';
import { UserSession } from '../auth/user-session.entity';
import {
  AssignmentRuleRow,
  Course,
  CourseModule,
  CourseSkill,
  QuizQuestion,
  Track,
} from '../catalogue/catalogue.entities';
import {
  AssignmentSubmission,
  Certificate,
  Enrollment,
  ModuleProgress,
  QuizAttempt,
} from '../enrolments/enrolment.entities';
import { CohortMember, PromoterDesignation, SpecialistCohort } from '../promoters/promoter.entities';
import { PromoterRequest } from '../promoters/promoter-request.entity';
import { OrgUnit, OrgUnitVersion } from '../org/org-unit.entity';
import { Position } from '../staff/position.entity';
import { Staff, StaffAssignment } from '../staff/staff.entity';
import { KpiTargetRow } from '../kpi/kpi-target.entity';
import { OutsideUnmatched } from '../integrations/outside-unmatched.entity';
import { OidcProvider } from '../sso/oidc-provider.entity';
import { SamlAssertionSeen, SamlProvider, SamlRequest } from '../sso/saml.entities';
import { UdemyBusinessConnection } from '../udemy-sync/udemy-business-connection.entity';
import { CredentialIssuer, SpecialistCertification } from '../credentials/credential.entities';
import {
  ReportPerson,
  ReportPositionTrack,
  ReportStale,
  ReportUnitCourse,
  ReportYear,
} from '../reports/report-cache.entities';
import { ContentPackage, PackageScoState } from '../packages/package.entities';
import { Reminder } from '../team/reminder.entity';
import { NotificationDelivery, SlackWebhook } from '../slack/slack.entities';
import { Tenant } from './tenant.entity';
import { AppUser } from '../users/user.entity';
import { XapiAttachmentRow, XapiClientRow, XapiStatementRow } from '../xapi/xapi.entities';
import { XapiDocument } from '../xapi/documents/xapi-document.entity';
import { Cmi5Registration, Cmi5Session } from '../xapi/cmi5.entities';

export const ENTITIES = [
  ContentPackage,
  Cmi5Registration,
  Cmi5Session,
  PackageScoState,
  Tenant,
  OrgUnit,
  OrgUnitVersion,
  Position,
  Staff,
  StaffAssignment,
  AppUser,
  UserSession,
  AuditLog,
  Track,
  Course,
  CourseModule,
  CourseSkill,
  QuizQuestion,
  AssignmentRuleRow,
  Enrollment,
  ModuleProgress,
  QuizAttempt,
  AssignmentSubmission,
  Certificate,
  PromoterDesignation,
  SpecialistCohort,
  CohortMember,
  Reminder,
  KpiTargetRow,
  ReportYear,
  ReportStale,
  ReportPerson,
  ReportUnitCourse,
  ReportPositionTrack,
  OutsideUnmatched,
  XapiClientRow,
  XapiStatementRow,
  XapiAttachmentRow,
  XapiDocument,
  UdemyBusinessConnection,
  OidcProvider,
  SamlProvider,
  SamlRequest,
  SamlAssertionSeen,
  SlackWebhook,
  NotificationDelivery,
  CredentialIssuer,
  SpecialistCertification,
  PromoterRequest,
];
